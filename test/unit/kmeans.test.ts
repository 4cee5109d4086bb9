import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import {
  assign,
  clusterSizes,
  fit,
  fitAsync,
  KMeansCancelledError,
  KMeansInputError,
} from '../../src/lib/kmeans/kmeans';
import { defaultLocalTrials, kmeansPlusPlus } from '../../src/lib/kmeans/init';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { matrixToRows, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { adjustedRandIndex, bytes, matrixFromRows, wholesaleMatrix } from './kmeans-helpers';

function seeds(m: FeatureMatrix, k: number, seed: number): Float64Array {
  const it = kmeansPlusPlus(m, k, createRng(seed));
  for (;;) {
    const s = it.next();
    if (s.done) return s.value;
  }
}

describe('k-means against ml-kmeans 7', () => {
  for (const [spread, k] of [
    [1, 5],
    [3, 6],
    [4, 8],
  ] as const) {
    it(`reaches the same assignments from the same start (spread ${spread}, k ${k})`, () => {
      const { matrix } = plantedClusters(3000, 4, k, 7 + k, 6, spread);
      const init = seeds(matrix, k, 11);
      const initRows = Array.from({ length: k }, (_, j) =>
        Array.from(init.subarray(j * 4, (j + 1) * 4)),
      );
      const ref = mlKmeans(matrixToRows(matrix), k, {
        initialization: initRows,
        maxIterations: 1000,
      });
      const ours = fit(matrix, k, { init, tol: 0, maxIter: 1000, algorithm: 'lloyd' });
      expect(ours.converged).toBe(true);
      expect(Array.from(ours.labels)).toEqual(ref.clusters);
      ref.centroids.forEach((c, j) =>
        c.forEach((v, t) => expect(ours.centroids[j * 4 + t]).toBeCloseTo(v, 6)),
      );
    });
  }
});

describe('Hamerly is exact', () => {
  const cases = [
    { n: 5000, d: 3, k: 4, spread: 1 },
    { n: 20000, d: 8, k: 12, spread: 4 },
    { n: 40000, d: 2, k: 30, spread: 6 },
  ];
  for (const c of cases) {
    it(`equals Lloyd bit for bit from the same start (n ${c.n}, d ${c.d}, k ${c.k})`, () => {
      const { matrix } = plantedClusters(c.n, c.d, c.k, c.k, 5, c.spread);
      const init = seeds(matrix, c.k, 3);
      const opts = { init, tol: 0, maxIter: 500 };
      const lloyd = fit(matrix, c.k, { ...opts, algorithm: 'lloyd' });
      const ham = fit(matrix, c.k, { ...opts, algorithm: 'hamerly' });
      expect(lloyd.iterations).toBeGreaterThan(2);
      expect(ham.iterations).toBe(lloyd.iterations);
      expect(bytes(ham.labels)).toEqual(bytes(lloyd.labels));
      expect(bytes(ham.centroids)).toEqual(bytes(lloyd.centroids));
      expect(ham.inertia).toBe(lloyd.inertia);
    });
  }
});

describe('quality and stability', () => {
  it('recovers well-separated planted clusters (ARI >= 0.99)', () => {
    const { matrix, truth } = plantedClusters(20000, 5, 6, 99, 10, 1);
    const r = fit(matrix, 6, { seed: 5, nInit: 3 });
    expect(adjustedRandIndex(r.labels, truth)).toBeGreaterThanOrEqual(0.99);
  });

  it('gives the UCI wholesale data the same best-of-10 inertia (within 1%) for any seed', () => {
    const m = wholesaleMatrix();
    expect(m.n).toBe(440);
    for (let k = 3; k <= 6; k++) {
      const inertias = [1, 2, 3, 4, 5].map((seed) => fit(m, k, { seed, nInit: 10 }).inertia);
      const lo = Math.min(...inertias);
      expect(Math.max(...inertias) / lo - 1).toBeLessThanOrEqual(0.01);
      expect(lo).toBeLessThan(m.n * m.d);
    }
  });

  it('mini-batch lands close to full k-means', () => {
    const { matrix } = plantedClusters(60000, 4, 5, 1, 8, 1);
    const full = fit(matrix, 5, { seed: 2 });
    const mb = fit(matrix, 5, { seed: 2, algorithm: 'minibatch' });
    expect(mb.inertia / full.inertia).toBeLessThan(1.02);
    expect(mb.centroids.every(Number.isFinite)).toBe(true);
  });

  it('uses 2 + floor(ln k) k-means++ trials by default', () => {
    expect([2, 3, 8, 20, 50].map(defaultLocalTrials)).toEqual([2, 3, 4, 4, 5]);
  });
});

describe('determinism', () => {
  for (const algorithm of ['hamerly', 'lloyd', 'minibatch'] as const) {
    it(`${algorithm}: two runs give the same bytes`, () => {
      const { matrix } = plantedClusters(30000, 6, 7, 3, 4, 2);
      const a = fit(matrix, 7, { seed: 9, nInit: 2, algorithm });
      const b = fit(matrix, 7, { seed: 9, nInit: 2, algorithm });
      expect(bytes(a.labels)).toEqual(bytes(b.labels));
      expect(bytes(a.centroids)).toEqual(bytes(b.centroids));
      expect(a.inertia).toBe(b.inertia);
    });
  }

  it('different seeds give different starts', () => {
    const { matrix } = plantedClusters(2000, 3, 5, 3, 4, 3);
    expect(bytes(seeds(matrix, 5, 1))).not.toEqual(bytes(seeds(matrix, 5, 2)));
  });

  it('fitAsync gives the same bytes as fit', async () => {
    const { matrix } = plantedClusters(40000, 4, 6, 8, 4, 2);
    const a = fit(matrix, 6, { seed: 4 });
    const b = await fitAsync(matrix, 6, { seed: 4 }, 0);
    expect(bytes(b.labels)).toEqual(bytes(a.labels));
    expect(bytes(b.centroids)).toEqual(bytes(a.centroids));
  });
});

describe('input handling', () => {
  const ok = plantedClusters(200, 3, 3, 1).matrix;
  const withValue = (v: number) => {
    const data = ok.data.slice();
    data[3 * 17 + 1] = v;
    return { ...ok, data };
  };
  it.each([
    [NaN, /row 17, column 1 is NaN.*Impute/],
    [Infinity, /row 17, column 1 is Infinity/],
    [-Infinity, /-Infinity/],
  ])('rejects %s with KMeansInputError', (v, msg) => {
    expect(() => fit(withValue(v), 3)).toThrow(KMeansInputError);
    expect(() => fit(withValue(v), 3)).toThrow(msg);
  });

  it('rejects a constant column by name, unless allowed', () => {
    const m = matrixFromRows(
      Array.from({ length: 30 }, (_, i) => [i % 7, 5, (i * 3) % 11]),
      ['recency', 'country', 'frequency'],
    );
    expect(() => fit(m, 3)).toThrow(/column 1 \('country'\) is constant.*remove it/);
    expect(fit(m, 3, { allowConstantColumns: true }).centroids.every(Number.isFinite)).toBe(true);
  });

  it('rejects fewer distinct rows than k, and k out of range', () => {
    const m = matrixFromRows(Array.from({ length: 40 }, (_, i) => [i % 3, (i % 3) * 2]));
    expect(() => fit(m, 4)).toThrow(/only 3 distinct rows.*k <= 3/);
    expect(fit(m, 3).sizes.every((s) => s > 0)).toBe(true);
    expect(() => fit(ok, 1)).toThrow(/from 2 to 50/);
    expect(() => fit(ok, 51)).toThrow(KMeansInputError);
    expect(() => fit(ok, 3, { init: [1, 2, 3] })).toThrow(/expected k \* d = 3 \* 3/);
  });

  it('re-seeds an empty cluster at the farthest row, never producing NaN', () => {
    const { matrix } = plantedClusters(3000, 2, 3, 4, 5, 1);
    const init = [0, 0, 1, 1, 1e6, 1e6];
    for (const algorithm of ['lloyd', 'hamerly'] as const) {
      const r = fit(matrix, 3, { init, algorithm, tol: 0 });
      expect(r.centroids.every(Number.isFinite)).toBe(true);
      expect(Math.max(...r.centroids)).toBeLessThan(100);
      expect(Array.from(r.sizes).every((s) => s > 0)).toBe(true);
    }
  });
});

describe('assign and cancel', () => {
  it('assigns rows to the nearest given centroid and reports inertia', () => {
    const { matrix } = plantedClusters(5003, 3, 4, 6, 5, 2);
    const centroids = seeds(matrix, 4, 1);
    const r = assign(matrix, centroids, 4);
    let inertia = 0;
    for (let i = 0; i < matrix.n; i++) {
      let best = Infinity;
      let bj = -1;
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let t = 0; t < 3; t++) s += (matrix.data[i * 3 + t] - centroids[j * 3 + t]) ** 2;
        if (s < best) [best, bj] = [s, j];
      }
      expect(r.labels[i]).toBe(bj);
      inertia += best;
    }
    expect(r.inertia).toBeCloseTo(inertia, 6);
    expect(Array.from(r.sizes)).toEqual(Array.from(clusterSizes(r.labels, 4)));
  });

  it('stops a running async fit within 100 ms of the cancel flag', async () => {
    const { matrix } = plantedClusters(300000, 8, 20, 2, 3, 3);
    let stopAt = Infinity;
    const started = fitAsync(matrix, 20, {
      seed: 1,
      tol: 0,
      maxIter: 1000,
      shouldStop: () => performance.now() >= stopAt,
    });
    setTimeout(() => (stopAt = performance.now()), 150);
    await expect(started).rejects.toBeInstanceOf(KMeansCancelledError);
    expect(performance.now() - stopAt).toBeLessThan(100);
  });
});
