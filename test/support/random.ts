// The seeded PRNG of the benchmark's load and the fault suite's corpora: the demo feed's
// generator (mulberry32) with the few distributions the synthetic load needs on top, so
// two runs with the same seed produce byte-identical topics.
import { chance, integerBetween, mulberry32, pick, poisson } from "@hr-radar/demo-feed";

/** A seeded source of the draws the synthetic load and the hostile corpus make. */
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
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => integerBetween(next, min, max),
    pick: (items) => pick(next, items),
    chance: (p) => chance(next, p),
    // a normal approximation above a mean of 30: the streams the benchmark's figures were measured on
    poisson: (mean) => poisson(next, mean, 30),
    exponential: (mean) => -mean * Math.log(1 - next()),
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
  };
}
