// Seeded randomness for the demo feed. The feed must be reproducible (same seed, same
// events, same CloudEvents ids, so a re-sent feed is deduplicated by the pipeline) and
// must not depend on Math.random, so everything random flows from these few functions.

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG with good statistical quality for simulation (not for
 * secrets). Chosen over a library because it is ten lines and has no state beyond a number.
 */
export function mulberry32(seed: number): Uniform {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** cyrb128: a fast 128-bit string hash (four 32-bit words), for seeds and event ids. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A PRNG seeded from a text label, so each organisation and concern gets its own stream. */
export function streamFor(label: string): Uniform {
  return mulberry32(hash128(label)[0]);
}

/**
 * A UUID-shaped id (version 4 layout) derived from a text name: the same name gives the
 * same id, so ids are stable for a given seed, as-of date and event.
 */
export function uuidFor(name: string): string {
  const hex = hash128(name)
    .map((word) => word.toString(16).padStart(8, "0"))
    .join("");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A whole number in [min, max]. */
export function integerBetween(random: Uniform, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** True with probability `p`. */
export function chance(random: Uniform, p: number): boolean {
  return random() < p;
}

/** One element, uniformly. */
export function pick<T>(random: Uniform, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** One element, with probability proportional to its weight. */
export function pickWeighted<T>(random: Uniform, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  const last = items.at(-1);
  if (last === undefined) throw new Error("pick from an empty list");
  return last[0];
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Uniform): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal draw with the given arithmetic mean and log-space spread. */
export function logNormal(random: Uniform, mean: number, sigma: number): number {
  return mean * Math.exp(sigma * normal(random) - (sigma * sigma) / 2);
}

/**
 * A Poisson count: Knuth's method for small means, a rounded normal for means above
 * `normalAbove` (Knuth's method costs a draw per unit of mean). The benchmark's load
 * passes 30, so its seeded topics stay the same as before it shared this generator.
 */
export function poisson(random: Uniform, mean: number, normalAbove = 40): number {
  if (mean <= 0) return 0;
  if (mean > normalAbove) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}
