/**
 * Greedy k-means++ seeding on the k-prototypes distance, the same scheme as init.ts uses for
 * k-means: the first prototype is a uniformly drawn row; each next one is the best (lowest total
 * distance to the nearest chosen prototype) of `nLocalTrials` rows drawn with probability
 * proportional to that distance. Draws come from the caller's seeded generator in a fixed order.
 * A seed row's missing categories take the column's overall mode (globalModes), since a prototype
 * always holds a real code.
 */
import type { Rng } from '../random';
import { chunkCount, chunkRange } from './chunks';
import { upperBound } from './init';
import type { Prototypes } from './mixed-distance';
import { mixedKernels } from './mixed-kernels';
import type { MixedMatrix } from './mixed';
import { KMeansCancelledError } from './types';

/** Writes row `row` of m as prototype `j` of (C, P); missing codes become `modes`. */
export function copyRowAsPrototype(
  m: MixedMatrix,
  row: number,
  modes: Int32Array,
  C: Float64Array,
  P: Int32Array,
  j: number,
): void {
  const { num, cat, dn, dc } = m;
  for (let t = 0; t < dn; t++) C[j * dn + t] = num[row * dn + t];
  for (let l = 0; l < dc; l++) {
    const v = cat[row * dc + l];
    P[j * dc + l] = v >= 0 ? v : modes[l];
  }
}

/**
 * Picks k starting prototypes (see the file comment). Yields between chunks of rows; throws
 * KMeansCancelledError when `shouldStop` returns true.
 */
export function* seedPrototypes(
  m: MixedMatrix,
  k: number,
  gamma: number,
  rng: Rng,
  modes: Int32Array,
  nLocalTrials: number,
  shouldStop?: () => boolean,
): Generator<void, Prototypes> {
  const { n, dn, dc } = m;
  const L = nLocalTrials;
  const kernels = mixedKernels(dn, dc);
  const C = new Float64Array(k * dn);
  const P = new Int32Array(k * dc);
  const candC = new Float64Array(L * dn);
  const candP = new Int32Array(L * dc);
  const cands = new Int32Array(L);
  const pots = new Float64Array(L);
  const closest = new Float64Array(n).fill(Infinity);
  const cum = new Float64Array(n);
  // Each candidate's min(closest, distance) per row: the chosen one's is the next `closest`.
  const near = new Float64Array(L * n);
  copyRowAsPrototype(m, rng.int(n), modes, C, P, 0);
  let acc = 0;
  for (let chunk = 0; chunk < chunkCount(n); chunk++) {
    const [a, b] = chunkRange(chunk, n);
    acc = kernels.tighten(m.num, m.cat, C, P, gamma, a, b, 0, closest, cum, acc);
    if (shouldStop?.()) throw new KMeansCancelledError();
    yield;
  }
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < L; t++) {
      cands[t] = upperBound(cum, rng.next() * acc);
      copyRowAsPrototype(m, cands[t], modes, candC, candP, t);
    }
    pots.fill(0);
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      const [a, b] = chunkRange(chunk, n);
      kernels.potentials(m.num, m.cat, candC, candP, gamma, a, b, L, closest, pots, near, n);
      if (shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    let best = 0;
    for (let t = 1; t < L; t++) if (pots[t] < pots[best]) best = t;
    copyRowAsPrototype(m, cands[best], modes, C, P, c);
    if (c === k - 1) break;
    closest.set(near.subarray(best * n, (best + 1) * n));
    acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
  }
  return { num: C, cat: P, k };
}
