/**
 * A small seeded PRNG (mulberry32) so the same seed always gives the same records, byte for byte,
 * on every machine; Math.random is never used. `fork(label)` derives an independent stream, so a
 * new kind of record added later does not shift the values of the existing ones.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** n distinct items (or all of them when n ≥ length), in random order. */
  sample<T>(items: readonly T[], n: number): T[];
  /** n lower-case hex digits. */
  hex(n: number): string;
  /** n decimal digits (the first may be 0). */
  digits(n: number): string;
  /** A random (version 4 shaped) GUID. */
  guid(): string;
  /** An independent generator derived from this one's seed and a label. */
  fork(label: string): Rng;
}

export type Seed = number | string;

/** FNV-1a over the seed's text: any number or string becomes a 32-bit state. */
export function seedState(seed: Seed): number {
  const text = String(seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRng(seed: Seed): Rng {
  const origin = String(seed);
  let state = seedState(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hexDigits = '0123456789abcdef';
  const rng: Rng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    sample: (items, n) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, Math.min(n, copy.length));
    },
    hex: (n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += hexDigits[Math.floor(next() * 16)];
      return out;
    },
    digits: (n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
      return out;
    },
    guid: () => {
      const h = rng.hex(32);
      const variant = hexDigits[8 + Math.floor(next() * 4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    fork: (label) => createRng(`${origin}/${label}`),
  };
  return rng;
}
