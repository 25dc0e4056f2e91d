/** A seeded PRNG (mulberry32): the stand-ins' fixtures are the same for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A YYYY-MM-DD date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One day's counts as a vendor's own records give them. */
export interface DailyCount {
  day: string;
  headcount: number;
  hires: number;
  terminations: number;
}

/**
 * Headcount, hires and terminations per day from hire and termination dates: someone
 * counts from their hire date and no longer on their termination date (hr-radar's
 * convention, documented in the README).
 */
export function dailyCounts(
  people: readonly { hiredOn: string | null; terminatedOn: string | null }[],
  from: string,
  to: string,
): DailyCount[] {
  const days: DailyCount[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    let headcount = 0;
    let hires = 0;
    let terminations = 0;
    for (const p of people) {
      if (p.hiredOn === null) continue;
      if (p.hiredOn <= day && (p.terminatedOn === null || p.terminatedOn > day)) headcount++;
      if (p.hiredOn === day) hires++;
      if (p.terminatedOn === day) terminations++;
    }
    days.push({ day, headcount, hires, terminations });
  }
  return days;
}
