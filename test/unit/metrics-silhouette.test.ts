import { describe, expect, it } from 'vitest';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { sqDist, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { sampledSilhouette, sampleRows, silhouetteSample } from '../../src/lib/kmeans/silhouette';
import { sweepOneAsync, sweepSample } from '../../src/lib/kmeans/sweep';

/** The straightforward pair loop the kernel must reproduce bit for bit. */
function naiveSilhouette(m: FeatureMatrix, labels: Int32Array, k: number, size: number) {
  const idx = sampleRows(m.n, size, 0);
  const s = idx.length;
  const lab = Int32Array.from(idx, (i) => labels[i]);
  const count = new Float64Array(k);
  for (const l of lab) count[l]++;
  const distSum = new Float64Array(s * k);
  for (let r = 0; r < s; r++) {
    for (let q = r + 1; q < s; q++) {
      const dist = Math.sqrt(sqDist(m.data, idx[r], m.data, idx[q], m.d));
      distSum[r * k + lab[q]] += dist;
      distSum[q * k + lab[r]] += dist;
    }
  }
  let total = 0;
  for (let r = 0; r < s; r++) {
    const own = lab[r];
    if (count[own] <= 1) continue;
    const a = distSum[r * k + own] / (count[own] - 1);
    let b = Infinity;
    for (let j = 0; j < k; j++) {
      if (j !== own && count[j] > 0) b = Math.min(b, distSum[r * k + j] / count[j]);
    }
    total += (b - a) / Math.max(a, b);
  }
  return total / s;
}

describe('silhouette kernel', () => {
  for (const d of [1, 3, 8, 11, 17]) {
    it(`equals the plain pair loop exactly for d = ${d}`, () => {
      const { matrix, truth } = plantedClusters(1200, d, 4, d, 3, 1);
      const noisy = Int32Array.from(truth, (l, i) => (i % 7 === 0 ? (l + 1) % 5 : l));
      expect(sampledSilhouette(silhouetteSample(matrix, 700, 0), noisy, 5).mean).toBe(
        naiveSilhouette(matrix, noisy, 5, 700),
      );
    });
  }

  it('equals the plain pair loop exactly when a cluster in the middle is empty', () => {
    const { matrix, truth } = plantedClusters(900, 3, 4, 12, 3, 1);
    const skipTwo = Int32Array.from(truth, (l) => (l >= 2 ? l + 1 : l));
    expect(sampledSilhouette(silhouetteSample(matrix, 500, 0), skipTwo, 6).mean).toBe(
      naiveSilhouette(matrix, skipTwo, 6, 500),
    );
  });

  it('pads the sampled rows to the kernel width', () => {
    const { matrix } = plantedClusters(2000, 5, 3, 4);
    const sample = silhouetteSample(matrix, 400, 2);
    expect(sample.width).toBe(8);
    expect(sample.rows).toEqual(sampleRows(2000, 400, 2));
  });
});

describe('sweep sample reuse', () => {
  it('reuses a matching sample and redraws for other settings', () => {
    const { matrix } = plantedClusters(3000, 4, 3, 5);
    const a = sweepSample(matrix, { sampleSize: 500 });
    expect(sweepSample(matrix, { sampleSize: 500 }, a)).toBe(a);
    expect(sweepSample(matrix, { sampleSize: 600 }, a)).not.toBe(a);
    expect(sweepSample(matrix, { sampleSize: 500, sampleSeed: 1 }, a)).not.toBe(a);
    const other = plantedClusters(2500, 4, 3, 5).matrix;
    expect(sweepSample(other, { sampleSize: 500 }, a).n).toBe(2500);
  });

  it('gives the same entry with and without a cached sample', async () => {
    const { matrix } = plantedClusters(3000, 6, 4, 9);
    const options = { seed: 3, sampleSize: 800 };
    const cached = sweepSample(matrix, options);
    expect(await sweepOneAsync(matrix, 4, options, cached)).toEqual(
      await sweepOneAsync(matrix, 4, options),
    );
  });
});
