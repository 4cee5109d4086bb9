import { describe, expect, it } from 'vitest';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { createMatrix, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { clusterIndices } from '../../src/lib/kmeans/metrics';
import {
  sampledSilhouette,
  sampleRows,
  SILHOUETTE_SAMPLE,
  silhouetteSample,
} from '../../src/lib/kmeans/silhouette';
import { recommendK, sweepOneAsync, sweepSample } from '../../src/lib/kmeans/sweep';
import { adjustedRandIndex, matrixFromRows } from './kmeans-helpers';

/** The silhouette as the sweep computes it: on a fixed-seed sample of the rows. */
function silhouette(
  m: FeatureMatrix,
  labels: Int32Array,
  options: { sampleSize?: number; seed?: number } = {},
) {
  const k = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const sample = silhouetteSample(m, options.sampleSize ?? SILHOUETTE_SAMPLE, options.seed ?? 0);
  return sampledSilhouette(sample, labels, k);
}

/** A copy of the given rows of a matrix. */
function takeRows(m: FeatureMatrix, rows: Int32Array): FeatureMatrix {
  const out = new Float32Array(rows.length * m.d);
  rows.forEach((r, at) => out.set(m.data.subarray(r * m.d, (r + 1) * m.d), at * m.d));
  return createMatrix(out, rows.length, m.d);
}

const line = matrixFromRows([[0], [1], [4], [5]]);
const labels = Int32Array.from([0, 0, 1, 1]);

describe('metrics on hand-computed examples', () => {
  it('silhouette of {0,1} vs {4,5}', () => {
    // s(0) = (4.5-1)/4.5, s(1) = (3.5-1)/3.5, symmetric for 4 and 5.
    const s = silhouette(line, labels);
    const expected = (3.5 / 4.5 + 2.5 / 3.5) / 2;
    expect(s.mean).toBeCloseTo(expected, 12);
    expect(Array.from(s.perCluster)).toEqual([
      expect.closeTo(expected, 12),
      expect.closeTo(expected, 12),
    ]);
  });

  it('silhouette is 0 for a row alone in its cluster', () => {
    const m = matrixFromRows([[0], [1], [10]]);
    const s = silhouette(m, Int32Array.from([0, 0, 1]));
    expect(s.mean).toBeCloseTo((9 / 10 + 8 / 9 + 0) / 3, 12);
    expect(s.perCluster[1]).toBe(0);
  });

  it('Calinski-Harabasz: between 16, within 1, n 4, k 2 -> 32', () => {
    expect(clusterIndices(line, labels).calinskiHarabasz).toBeCloseTo(32, 10);
  });

  it('Davies-Bouldin: scatters 0.5 and 0.5, centroid distance 4 -> 0.25', () => {
    expect(clusterIndices(line, labels).daviesBouldin).toBeCloseTo(0.25, 12);
    const m = matrixFromRows([
      [0, 0],
      [0, 2],
      [10, 0],
      [10, 4],
    ]);
    // S = 1 and 2, centroids (0,1) and (10,2) are sqrt(101) apart: (1 + 2) / sqrt(101) for both.
    expect(clusterIndices(m, labels).daviesBouldin).toBeCloseTo(3 / Math.sqrt(101), 12);
  });

  it('adjusted Rand index', () => {
    expect(adjustedRandIndex(labels, Int32Array.from([1, 1, 0, 0]))).toBe(1);
    // Every pair split: index 0, expected 2*2/6, max 2 -> (0 - 2/3) / (2 - 2/3) = -0.5.
    expect(adjustedRandIndex(labels, Int32Array.from([0, 1, 0, 1]))).toBeCloseTo(-0.5, 12);
  });

  it('samples silhouette rows with a fixed seed', () => {
    const { matrix, truth } = plantedClusters(3000, 3, 4, 2, 5, 1);
    const a = silhouette(matrix, truth, { sampleSize: 500, seed: 3 });
    const rows = sampleRows(3000, 500, 3);
    const sub = silhouette(
      takeRows(matrix, rows),
      Int32Array.from(rows, (i) => truth[i]),
    );
    expect(a.sampleSize).toBe(500);
    expect(a.mean).toBe(sub.mean);
    expect(silhouette(matrix, truth, { sampleSize: 500, seed: 3 }).mean).toBe(a.mean);
    expect(new Set(rows).size).toBe(500);
  });
});

describe('k sweep', () => {
  it('recommends the planted k with a reason', async () => {
    const { matrix } = plantedClusters(6000, 4, 4, 12, 10, 1);
    const options = { seed: 1, nInit: 2, sampleSize: 1500 };
    const sample = sweepSample(matrix, options);
    const entries = [];
    for (let k = 2; k <= 7; k++) entries.push(await sweepOneAsync(matrix, k, options, sample));
    const recommended = recommendK(entries);
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i].inertia).toBeLessThan(entries[i - 1].inertia);
    }
    expect(entries[2].silhouettePerCluster).toHaveLength(4);
    expect(recommended.k).toBe(4);
    expect(recommended.reason).toMatch(/k = 4 has the highest silhouette/);
  });
});

describe('recommendK in a useful range', () => {
  const entry = (k: number, silhouette: number) => ({
    k,
    inertia: 100 / k,
    silhouette,
    silhouettePerCluster: new Float64Array(k).fill(silhouette),
    calinskiHarabasz: NaN,
    daviesBouldin: NaN,
    sizes: new Int32Array(k),
    iterations: 1,
    centroids: new Float64Array(0),
  });

  it('prefers a k from 3 to 10 when k = 2 is only a little better, and names k = 2 runner-up', () => {
    const r = recommendK([entry(2, 0.42), entry(3, 0.33), entry(4, 0.38), entry(5, 0.3)]);
    expect(r.k).toBe(4);
    expect(r.reason).toMatch(/^k = 4 has the highest silhouette \(0\.38\) of k = 3-10/);
    expect(r.runnerUp).toEqual({
      k: 2,
      reason:
        'k = 2: silhouette 0.42 against 0.38, but only 2 segments are rarely useful for campaigns, and the margin is small.',
    });
  });

  it('keeps k = 2 when the data clearly says so', () => {
    const r = recommendK([entry(2, 0.7), entry(3, 0.4), entry(4, 0.35)]);
    expect(r.k).toBe(2);
    expect(r.reason).toMatch(/outside the usual 3-10 because its silhouette is clearly higher/);
    expect(r.runnerUp?.k).toBe(3);
  });
});
