/**
 * Seeded randomness for the demo simulator, so a seed reproduces the same runs (tests
 * rely on it) and each run can draw from its own stream whatever order runs start in.
 * @module
 */

/** A deterministic source of random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /**
   * An independent stream keyed by `key`: the same seed and key always give the same
   * stream, however much of this one was used before.
   */
  fork(key: number | string): Random;
}

/**
 * A {@link Random} from a 32-bit seed. Mulberry32: tiny, fast and statistically fine for
 * a demo (not for anything secret).
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs at least one item');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (p) => next() < p,
    fork: (key) => createRandom(hash(`${seed}:${key}`)),
  };
}

// FNV-1a: spreads nearby keys (run 1, run 2, …) over unrelated seeds.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
