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
import type { FitSpace } from './prototypes-space';
import { KMeansCancelledError } from './types';

/** Writes row `row` of m as prototype `j` of (C, P); missing codes become `modes`. */
function copyRowAsPrototype(
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
 * Picks k starting prototypes (see the file comment) with the arrays of `space`, where it leaves
 * each row's nearest prototype and its distance for the first E-step (space.seededFor). Yields
 * between chunks of rows; throws KMeansCancelledError when `shouldStop` returns true.
 */
export function* seedPrototypes(
  m: MixedMatrix,
  k: number,
  gamma: number,
  rng: Rng,
  modes: Int32Array,
  nLocalTrials: number,
  space: FitSpace,
  shouldStop?: () => boolean,
): Generator<void, Prototypes> {
  const { n, dn, dc, num: X, cat: Z } = m;
  const L = nLocalTrials;
  const kernels = mixedKernels(dn, dc);
  const { labels, closest, wasm: w } = space;
  const cum = space.lower;
  const C = new Float64Array(k * dn);
  const P = new Int32Array(k * dc);
  const candC = new Float64Array(L * dn);
  const candP = new Int32Array(L * dc);
  const cands = new Int32Array(L);
  const pots = w ? w.pots : new Float64Array(L);
  space.seededFor = null;
  closest.fill(Infinity);
  copyRowAsPrototype(m, rng.int(n), modes, C, P, 0);
  const chunks = function* (pass: (a: number, b: number) => void): Generator<void, void> {
    for (let chunk = 0; chunk < chunkCount(n); chunk++) {
      pass(...chunkRange(chunk, n));
      if (shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
  };
  for (let c = 0; ; c++) {
    // The last prototype is measured too: labels and closest then hold the first E-step.
    let acc = 0;
    w?.point(C, P, c);
    yield* chunks((a, b) => {
      if (w) acc = w.tighten(a, b, acc);
      else acc = kernels.tighten(X, Z, C, P, gamma, a, b, c, closest, cum, labels, acc);
    });
    if (c === k - 1) break;
    for (let t = 0; t < L; t++) {
      cands[t] = upperBound(cum, rng.next() * acc);
      copyRowAsPrototype(m, cands[t], modes, candC, candP, t);
    }
    pots.fill(0);
    w?.candidates(candC, candP, L);
    yield* chunks((a, b) => {
      if (w) w.potentials(a, b, L);
      else kernels.potentials(X, Z, candC, candP, gamma, a, b, L, closest, pots);
    });
    let best = 0;
    for (let t = 1; t < L; t++) if (pots[t] < pots[best]) best = t;
    copyRowAsPrototype(m, cands[best], modes, C, P, c + 1);
  }
  const result = { num: C, cat: P, k };
  space.seededFor = result;
  return result;
}
