import { describe, expect, it } from 'vitest';
import { assign, fit } from '../../src/lib/segment/kmeans';
import { plantedClusters } from '../../src/lib/segment/kmeans-synthetic';
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

describe('unrolled kernels', () => {
  for (const d of [1, 2, 3, 5, 8, 9]) {
    it(`assign equals the plain loop bit for bit (d ${d}, odd n)`, () => {
      const { matrix } = plantedClusters(3001, d, 5, d, 3, 2);
      const C = Float64Array.from({ length: 5 * d }, (_, i) => ((i * 7) % 11) - 5 + 0.1 * i);
      const ref = reference(matrix.data, matrix.n, d, C, 5);
      const got = assign(matrix, C, 5);
      expect(bytes(got.labels)).toEqual(bytes(ref.labels));
      // Chunk-ordered partial sums: one chunk here, so the row-order sum must match exactly.
      expect(got.inertia).toBe(ref.inertia);
    });
  }

  it('Hamerly equals Lloyd when stopping on the shift tolerance (final E-step from bounds, odd n)', () => {
    const { matrix } = plantedClusters(60001, 6, 9, 5, 4, 2);
    const lloyd = fit(matrix, 9, { seed: 3, algorithm: 'lloyd' });
    const ham = fit(matrix, 9, { seed: 3, algorithm: 'hamerly' });
    expect(lloyd.converged).toBe(true);
    expect(ham.iterations).toBe(lloyd.iterations);
    expect(bytes(ham.labels)).toEqual(bytes(lloyd.labels));
    expect(bytes(ham.centroids)).toEqual(bytes(lloyd.centroids));
    expect(ham.inertia).toBe(lloyd.inertia);
  });
});
