/**
 * Seeded pseudo-random numbers. Every random choice in the studio (demo data, k-means++, samples)
 * goes through here so the same seed gives the same result on every machine.
 */

/** A deterministic generator: `next()` in [0, 1), 32 bits of state per word (sfc32). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller, one value per call). */
  normal(): number;
}

/** Creates an sfc32 generator from a 32-bit seed (mixed with splitmix32 so small seeds differ). */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  // The state lives in an Int32Array, not in four closure variables: a captured variable holding
  // a value past 2^30 is a heap number, so every call allocated; this is ~10x faster, same bits.
  const st = new Int32Array([split(), split(), split(), split()]);
  const next = (): number => {
    const a = st[0];
    const b = st[1];
    const c = st[2];
    const d = st[3];
    const t = (((a + b) | 0) + d) | 0;
    st[0] = b ^ (b >>> 9);
    st[1] = (c + (c << 3)) | 0;
    st[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    st[3] = (d + 1) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      let u = next();
      while (u === 0) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}
