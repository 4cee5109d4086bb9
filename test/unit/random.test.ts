import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';

/**
 * Textbook sfc32 (Chris Doty-Humphrey's PractRand) on unsigned 32-bit values, seeded with
 * splitmix32 and 12 discarded outputs, written independently of src/lib/random.ts: every seed,
 * share link and demo table depends on that sequence never changing.
 */
function referenceSfc32(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let [a, b, c, d] = [split(), split(), split(), split()];
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

describe('createRng', () => {
  it('draws the reference sfc32 sequence for small, large and wrapping seeds', () => {
    for (const seed of [0, 1, 7, 20240101, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const rng = createRng(seed);
      const ref = referenceSfc32(seed);
      let mismatches = 0;
      for (let i = 0; i < 100_000; i++) if (rng.next() !== ref()) mismatches++;
      expect(mismatches, `seed ${seed}`).toBe(0);
    }
  });

  it('derives int() and normal() from the same draws', () => {
    const rng = createRng(42);
    const ref = referenceSfc32(42);
    for (let i = 0; i < 1000; i++) expect(rng.int(300)).toBe(Math.floor(ref() * 300));
    const u1 = ref();
    const u2 = ref();
    expect(rng.normal()).toBe(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  });

  it('stays in [0, 1) and does not share state between generators', () => {
    const a = createRng(3);
    const b = createRng(3);
    const first = a.next();
    for (let i = 0; i < 10_000; i++) {
      const x = a.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(b.next()).toBe(first);
  });
});
