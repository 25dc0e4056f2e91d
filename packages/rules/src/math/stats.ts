// Small numeric helpers shared by the rules.

/** Sum of the numbers. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Mean of the non-null values, or null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : sum(present) / present.length;
}

/** Median of the values, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Rounds to `decimals` places, so evidence shows 0.3 rather than 0.30000000000000004. */
export function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** {@link round} that passes null through. */
export function roundOrNull(value: number | null, decimals = 4): number | null {
  return value === null ? null : round(value, decimals);
}

/**
 * For each week, the mean of that week and the `width - 1` before it (fewer at the
 * start of the series). Smooths lumpy weekly counts such as hires.
 */
export function trailingMean(values: readonly number[], width: number): number[] {
  return values.map((_, i) => {
    const from = Math.max(0, i - width + 1);
    return sum(values.slice(from, i + 1)) / (i + 1 - from);
  });
}

/**
 * For each week, numerator / denominator pooled over that week and the `width - 1`
 * before it; null when the pooled denominator is below `minDenominator`, because a
 * share of a handful of tickets says nothing.
 */
export function trailingPooledShare(
  numerators: readonly number[],
  denominators: readonly number[],
  width: number,
  minDenominator: number,
): (number | null)[] {
  return numerators.map((_, i) => {
    const from = Math.max(0, i - width + 1);
    const top = sum(numerators.slice(from, i + 1));
    const bottom = sum(denominators.slice(from, i + 1));
    return bottom < minDenominator || bottom === 0 ? null : top / bottom;
  });
}
