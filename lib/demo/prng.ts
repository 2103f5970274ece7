/**
 * A small seeded pseudo-random generator (mulberry32) for demo and benchmark data. Deterministic:
 * the same seed always yields the same organisation, so tests and screenshots are reproducible.
 * Never use it for anything secret.
 */
export type Prng = {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  chance: (probability: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** A new array in random order (Fisher–Yates); the input is left alone. */
  shuffle: <T>(items: readonly T[]) => T[];
  /** `length` characters drawn from `alphabet`. */
  chars: (length: number, alphabet?: string) => string;
};

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[int(0, items.length - 1)] as T;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  };
  const chars = (length: number, alphabet: string = ALPHANUMERIC) => {
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet.charAt(int(0, alphabet.length - 1));
    return s;
  };
  return { next, int, chance: (p) => next() < p, pick, shuffle, chars };
}
