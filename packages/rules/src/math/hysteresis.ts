// Anti-flapping. A condition raises only when it held in most of the recent window,
// and an open alert clears only after a run of weeks beyond a lower clear threshold;
// in between, an open alert is held. Because the rules are pure, whether an alert is
// open is an input.

/**
 * Raise and clear thresholds. `above`: high values are the problem; a week counts
 * towards raising at or above `raise` and towards clearing below `clear`. `below`:
 * low values are the problem; a week counts towards raising below `raise` and
 * towards clearing at or above `clear`.
 */
export interface ConditionThresholds {
  direction: "above" | "below";
  raise: number;
  clear: number;
}

/** How long a condition must hold, from `policy.windows`. */
export interface SustainRule {
  sustainWeeks: number;
  raiseMinWeeks: number;
  clearConsecutiveWeeks: number;
}

/** `raised`: holds now; `held`: open and not yet cleared; `inactive`: nothing to report. */
export type ConditionState = "raised" | "held" | "inactive";

/** The judgement and the counts behind it. */
export interface ConditionAssessment {
  state: ConditionState;
  weeksBeyondRaise: number;
  consecutiveWeeksBeyondClear: number;
}

// The tolerance keeps a value computed as 0.7999999999 counting as 0.8.
const TOLERANCE = 1e-9;

function beyondRaise(value: number, t: ConditionThresholds): boolean {
  return t.direction === "above" ? value >= t.raise - TOLERANCE : value < t.raise - TOLERANCE;
}

function beyondClear(value: number, t: ConditionThresholds): boolean {
  return t.direction === "above" ? value < t.clear - TOLERANCE : value >= t.clear - TOLERANCE;
}

/**
 * Judges the last `sustainWeeks` of `values` (ascending, latest last). A null week
 * (too little data) counts neither towards raising nor towards clearing.
 */
export function assessCondition(
  values: readonly (number | null)[],
  thresholds: ConditionThresholds,
  sustain: SustainRule,
  alreadyOpen: boolean,
): ConditionAssessment {
  const recent = values.slice(-sustain.sustainWeeks);
  const weeksBeyondRaise = recent.filter((v) => v !== null && beyondRaise(v, thresholds)).length;
  let consecutiveWeeksBeyondClear = 0;
  for (let i = recent.length - 1; i >= 0; i--) {
    const v = recent[i];
    if (v === null || v === undefined || !beyondClear(v, thresholds)) break;
    consecutiveWeeksBeyondClear++;
  }
  const sustained = weeksBeyondRaise >= sustain.raiseMinWeeks;
  const cleared = consecutiveWeeksBeyondClear >= sustain.clearConsecutiveWeeks;
  // A run of clear weeks wins even over an old sustained stretch: the condition is over.
  let state: ConditionState = "inactive";
  if (!cleared && sustained) state = "raised";
  else if (!cleared && alreadyOpen) state = "held";
  return { state, weeksBeyondRaise, consecutiveWeeksBeyondClear };
}
