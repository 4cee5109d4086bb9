import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/lib/random';
import { assign, fit } from '../../src/lib/kmeans/kmeans';
import { kmeansPlusPlus } from '../../src/lib/kmeans/init';
import { nearestWide, padded } from '../../src/lib/kmeans/kernels';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import type { FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { bytes } from './kmeans-helpers';

/** Plain one-row-at-a-time nearest centre, sums in t order: what every kernel must equal. */
function reference(X: Float32Array, n: number, d: number, C: Float64Array, k: number) {
  const labels = new Int32Array(n);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const q = X[i * d + t] - C[j * d + t];
        s += q * q;
      }
      if (s < best) [best, labels[i]] = [s, j];
    }
    inertia += best;
  }
  return { labels, inertia };
}

/** Greedy k-means++ trying candidates one after another (one pass each), as before fusion. */
function seedsOneByOne(m: FeatureMatrix, k: number, rng: Rng, L: number): Float64Array {
  const { data: X, n, d } = m;
  const dist = (i: number, r: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (X[i * d + t] - X[r * d + t]) ** 2;
    return s;
  };
  const rows = [rng.int(n)];
  let closest = Float64Array.from({ length: n }, (_, i) => dist(i, rows[0]));
  for (let c = 1; c < k; c++) {
    const cum = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
    const cands = Array.from({ length: L }, () => {
      const r = rng.next() * acc;
      const i = cum.findIndex((v) => v > r);
      return i < 0 ? n - 1 : i;
    });
    let bestPot = Infinity;
    let best = closest;
    for (const cand of cands) {
      const out = closest.map((v, i) => Math.min(v, dist(i, cand)));
      let pot = 0;
      for (let i = 0; i < n; i++) pot += out[i];
      if (pot < bestPot) [bestPot, best, rows[c]] = [pot, out, cand];
    }
    closest = best;
  }
  return Float64Array.from(rows.flatMap((r) => Array.from(X.subarray(r * d, (r + 1) * d))));
}

describe('fused k-means++', () => {
  for (const [n, d, k, L] of [
    [5001, 3, 4, 3],
    [20001, 8, 9, 4],
    [3000, 11, 5, 1],
  ]) {
    it(`picks the same centres as one pass per candidate (n ${n}, d ${d}, k ${k}, L ${L})`, () => {
      const { matrix } = plantedClusters(n, d, k, n, 5, 2);
      const it = kmeansPlusPlus(matrix, k, createRng(4), L);
      let s = it.next();
      while (!s.done) s = it.next();
      expect(bytes(s.value)).toEqual(bytes(seedsOneByOne(matrix, k, createRng(4), L)));
    });
  }
});

describe('unrolled kernels', () => {
  for (const [d, k] of [
    [1, 5],
    [2, 5],
    [3, 5],
    [5, 5],
    [8, 5],
    [9, 5],
    [16, 5],
    [17, 5],
    [16, 20],
    [3, 50],
  ]) {
    it(`assign equals the plain loop bit for bit (d ${d}, k ${k}, odd n)`, () => {
      const { matrix } = plantedClusters(3001, d, 5, d, 3, 2);
      const C = Float64Array.from({ length: k * d }, (_, i) => ((i * 7) % 11) - 5 + 0.1 * i);
      const ref = reference(matrix.data, matrix.n, d, C, k);
      const got = assign(matrix, C, k);
      expect(bytes(got.labels)).toEqual(bytes(ref.labels));
      // Chunk-ordered partial sums: one chunk here, so the row-order sum must match exactly.
      expect(got.inertia).toBe(ref.inertia);
    });
  }

  for (const d of [3, 8]) {
    it(`the padded fallback kernel equals the plain loop (d ${d})`, () => {
      const { matrix } = plantedClusters(2001, d, 6, d, 3, 2);
      const C = Float64Array.from({ length: 6 * d }, (_, i) => ((i * 5) % 13) - 6 + 0.01 * i);
      const ref = reference(matrix.data, matrix.n, d, C, 6);
      const lab = new Int32Array(matrix.n);
      const dist = new Float64Array(matrix.n);
      nearestWide(matrix.data, d, padded(C, 6, d), 6, 0, matrix.n, lab, dist);
      expect(bytes(lab)).toEqual(bytes(ref.labels));
      expect(dist.reduce((a, b) => a + b, 0)).toBe(ref.inertia);
    });
  }

  it.each([6, 11])(
    'Hamerly equals Lloyd when stopping on the shift tolerance (final E-step from bounds, odd n, d %i)',
    (d) => {
      const { matrix } = plantedClusters(60001, d, 9, 5, 4, 2);
      const lloyd = fit(matrix, 9, { seed: 3, algorithm: 'lloyd' });
      const ham = fit(matrix, 9, { seed: 3, algorithm: 'hamerly' });
      expect(lloyd.converged).toBe(true);
      expect(ham.iterations).toBe(lloyd.iterations);
      expect(bytes(ham.labels)).toEqual(bytes(lloyd.labels));
      expect(bytes(ham.centroids)).toEqual(bytes(lloyd.centroids));
      expect(ham.inertia).toBe(lloyd.inertia);
    },
  );
});
