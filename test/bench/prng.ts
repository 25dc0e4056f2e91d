/**
 * A small seeded PRNG (mulberry32) with the distributions the synthetic load needs, so
 * two benchmark runs with the same seed produce byte-identical topics.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Poisson-distributed count with mean `mean`. */
  poisson(mean: number): number;
  /** Exponentially distributed with mean `mean`. */
  exponential(mean: number): number;
  /** Log-uniform in [min, max]: many small values, a few large ones. */
  logUniform(min: number, max: number): number;
}

/** A PRNG seeded with a 32-bit integer. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 30) {
        // Normal approximation (Box-Muller); exact Poisson sampling is slow for large means.
        const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
      }
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
  };
  return random;
}
