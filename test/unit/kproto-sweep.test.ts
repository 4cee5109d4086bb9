import { describe, expect, it } from 'vitest';
import {
  gowerSample,
  gowerSilhouette,
  numericRanges,
  type GowerSample,
} from '../../src/lib/kmeans/gower';
import type { MixedMatrix } from '../../src/lib/kmeans/mixed';
import {
  prototypesSweepSample,
  sweepOnePrototypesAsync,
  type PrototypesSweepEntry,
} from '../../src/lib/kmeans/prototypes-sweep';
import { sampleRows } from '../../src/lib/kmeans/silhouette';
import { recommendK } from '../../src/lib/kmeans/sweep';
import { plantedMixed } from '../../src/lib/kmeans/synthetic';
import { mixedFromRows } from './kmeans-helpers';

describe('Gower distance', () => {
  // Ranges: column 0 spans 0..10, column 1 is constant (adds nothing).
  const m = mixedFromRows(
    [
      [
        [0, 5],
        [0, 1],
      ],
      [
        [10, 5],
        [0, 0],
      ],
      [
        [4, 5],
        [-1, 1],
      ],
    ],
    [2, 2],
  );

  it('averages |x - y| / range and 0/1 category differences over the columns, by hand', () => {
    const g = gowerSample(m, 10, 0);
    expect(Array.from(g.ranges)).toEqual([10, 0]);
    // (0,1): (10/10 + 0 + 0 + 1) / 4; (0,2): (4/10 + 0 + 1 [missing] + 0) / 4;
    // (1,2): (6/10 + 0 + 1 + 1) / 4.
    [2 / 4, 1.4 / 4, 2.6 / 4].forEach((d, p) => expect(g.dist[p]).toBeCloseTo(d, 15));
  });

  it('treats a missing code as different from another missing code', () => {
    const twins = mixedFromRows(
      [
        [[1], [-1]],
        [[1], [-1]],
        [[2], [0]],
      ],
      [1],
    );
    expect(gowerSample(twins).dist[0]).toBe(0.5);
  });
});

/** The plain pair loop: Gower distances computed on the fly, the silhouette as scikit-learn. */
function naiveGowerSilhouette(m: MixedMatrix, labels: Int32Array, k: number, size: number) {
  const idx = sampleRows(m.n, size, 0);
  const range = numericRanges(m);
  const d = (a: number, b: number) => {
    let s = 0;
    for (let j = 0; j < m.dn; j++) {
      const diff = Math.abs(m.num[a * m.dn + j] - m.num[b * m.dn + j]);
      if (range[j] > 0) s += diff / range[j];
    }
    for (let l = 0; l < m.dc; l++) {
      const same = m.cat[a * m.dc + l] >= 0 && m.cat[a * m.dc + l] === m.cat[b * m.dc + l];
      if (!same) s += 1;
    }
    return s / (m.dn + m.dc);
  };
  const s = idx.length;
  const lab = Array.from(idx, (i) => labels[i]);
  const count = new Float64Array(k);
  for (const l of lab) count[l]++;
  const sums = new Float64Array(s * k);
  for (let r = 0; r < s; r++) {
    for (let q = r + 1; q < s; q++) {
      const dist = d(idx[r], idx[q]);
      sums[r * k + lab[q]] += dist;
      sums[q * k + lab[r]] += dist;
    }
  }
  let total = 0;
  for (let r = 0; r < s; r++) {
    if (count[lab[r]] <= 1) continue;
    const a = sums[r * k + lab[r]] / (count[lab[r]] - 1);
    let b = Infinity;
    for (let j = 0; j < k; j++) {
      if (j !== lab[r] && count[j] > 0) b = Math.min(b, sums[r * k + j] / count[j]);
    }
    total += (b - a) / Math.max(a, b);
  }
  return total / s;
}

describe('Gower silhouette', () => {
  it('equals the plain pair loop exactly', () => {
    const { matrix, truth } = plantedMixed(3000, 3, 2, 4, 2, {
      ...{ separation: 5, spread: 1, purity: 0.85, missing: 0.1 },
    });
    const noisy = Int32Array.from(truth, (l, i) => (i % 5 === 0 ? (l + 1) % 4 : l));
    const sample = gowerSample(matrix, 700, 0);
    const ours = gowerSilhouette(sample, noisy, 4);
    expect(ours.sampleSize).toBe(700);
    expect(ours.mean).toBe(naiveGowerSilhouette(matrix, noisy, 4, 700));
    // It tells a good clustering from a bad one.
    const planted = gowerSilhouette(sample, truth, 4).mean;
    const arbitrary = gowerSilhouette(
      sample,
      Int32Array.from(truth, (_, i) => i % 4),
      4,
    ).mean;
    expect(planted).toBeGreaterThan(ours.mean);
    expect(arbitrary).toBeLessThan(0.02);
    expect(planted).toBeGreaterThan(0.3);
  });
});

describe('mixed k sweep', () => {
  const { matrix } = plantedMixed(6000, 4, 3, 4, 17, {
    ...{ separation: 5, spread: 1, purity: 0.85, missing: 0.05 },
  });
  const options = { seed: 3, nInit: 2, sampleSize: 1000 };

  it('recommends the planted k, on cost and Gower silhouette alone', async () => {
    const sample = prototypesSweepSample(matrix, options);
    const entries: PrototypesSweepEntry[] = [];
    for (let k = 2; k <= 7; k++) {
      entries.push(await sweepOnePrototypesAsync(matrix, k, options, sample));
    }
    const rec = recommendK(entries);
    expect(rec.k).toBe(4);
    expect(rec.reason).toMatch(/^k = 4 has the highest silhouette/);
    expect(rec.reason).not.toMatch(/Calinski|Davies/);
    for (const e of entries) {
      expect(e.inertia).toBe(e.cost);
      expect(e.centroids).toBe(e.num);
      expect(e.cat.length).toBe(e.k * 3);
      expect(Number.isNaN(e.calinskiHarabasz) && Number.isNaN(e.daviesBouldin)).toBe(true);
      expect(e.gamma).toBe(entries[0].gamma);
      expect(e.silhouettePerCluster.length).toBe(e.k);
    }
    expect(entries[2].cost).toBeLessThan(entries[1].cost);
  });

  it('shares one sample between ks and gives the same entry with or without it', async () => {
    const a: GowerSample = prototypesSweepSample(matrix, options);
    expect(prototypesSweepSample(matrix, options, a)).toBe(a);
    expect(prototypesSweepSample(matrix, { ...options, sampleSeed: 1 }, a)).not.toBe(a);
    const cached = await sweepOnePrototypesAsync(matrix, 3, options, a);
    expect(cached).toEqual(await sweepOnePrototypesAsync(matrix, 3, options));
  });
});
