import { describe, expect, it } from 'vitest';
import { clusterSegmentsFrom, nearestCentroids } from '../../src/lib/segment/cluster-edits';
import { clusterParamError, K_MAX, N_INIT_MAX } from '../../src/lib/segment/config';
import { constantFeaturesMessage, defaultClusterFeatures } from '../../src/lib/segment/inputs';
import { featureLabel } from '../../src/lib/segment/feature-label';
import type { FeatureResult } from '../../src/lib/features';

describe('generated cluster names', () => {
  // The clustering coordinate (think: rank of spend within some other grouping) puts cluster 1
  // above cluster 0, while cluster 0's members spend more on average (55 against 40).
  const n = 100;
  const spend = Float64Array.from({ length: n }, (_, i) => (i < 45 ? 50 : i < 50 ? 100 : 40));
  const rank = Float32Array.from({ length: n }, (_, i) => (i < 50 ? 0.2 : 0.8));
  const centroids = Float64Array.of(0.2, 0.8);

  it('read members’ means against everyone’s, in raw units, like the heat map', () => {
    // From the centroids alone, cluster 1 would be the "High monetary" one.
    expect(clusterSegmentsFrom(centroids, 2, 1, ['monetary']).map((s) => s.name)).toEqual([
      'Low monetary',
      'High monetary',
    ]);
    const names = clusterSegmentsFrom(centroids, 2, 1, ['monetary'], {
      matrix: rank,
      n,
      raw: { monetary: spend },
      assignment: nearestCentroids(rank, n, 1, centroids, 2),
    }).map((s) => s.name);
    expect(names).toEqual(['High monetary', 'Low monetary']);
  });

  it('fall back to the clustering matrix for a column without raw values', () => {
    const names = clusterSegmentsFrom(centroids, 2, 1, ['rank_only'], {
      matrix: rank,
      n,
      raw: {},
      assignment: nearestCentroids(rank, n, 1, centroids, 2),
    }).map((s) => s.name);
    expect(names).toEqual(['Low rank_only', 'High rank_only']);
  });
});

describe('constant clustering features', () => {
  const matrix = Float32Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? i : 5));
  const space = { matrix, d: 3, columns: ['recency', 'frequency', 'monetary'] };

  it('are named in words an analyst can act on', () => {
    expect(constantFeaturesMessage(space)).toBe(
      '“recency” and “monetary” have the same value for every customer, so they cannot tell customers apart: untick them under “Cluster on”.',
    );
    const one = {
      matrix: Float32Array.from({ length: 20 }, (_, i) => (i % 2 ? i : 1)),
      d: 2,
      columns: ['a', 'b'],
    };
    expect(constantFeaturesMessage(one)).toMatch(/^“a” has the same value .* untick it under/);
    expect(
      constantFeaturesMessage({ ...space, matrix: Float32Array.from({ length: 30 }, (_, i) => i) }),
    ).toBeNull();
  });

  it('name a missing-value flag in words', () => {
    expect(featureLabel('recency__missing')).toBe('recency is missing (0/1)');
    expect(featureLabel('monetary')).toBe('monetary');
    const flag = {
      matrix: Float32Array.from({ length: 20 }, (_, i) => (i % 2 ? i : 0)),
      d: 2,
      columns: ['recency__missing', 'frequency'],
    };
    expect(constantFeaturesMessage(flag)).toMatch(
      /^“recency is missing \(0\/1\)” has the same value/,
    );
  });

  it('are left out of the default clustering features, unless nothing else is left; categories always', () => {
    const result = {
      columns: [
        { name: 'recency', feature: 'recency' },
        { name: 'recency__missing', feature: 'recency', indicator: true },
        { name: 'frequency', feature: 'frequency' },
        { name: 'monetary', feature: 'monetary' },
        { name: 'plan', feature: 'plan' },
      ],
      rawColumns: [
        { name: 'recency', feature: 'recency' },
        { name: 'frequency', feature: 'frequency' },
        { name: 'monetary', feature: 'monetary' },
        { name: 'plan', feature: 'plan', levels: ['basic', 'premium', '(other)'] },
      ],
    } as unknown as FeatureResult;
    const columns = ['recency', 'recency__missing', 'frequency', 'monetary', 'plan'];
    // Only frequency varies (plan's codes vary too, but a category is never averaged).
    const m = Float32Array.from({ length: 50 }, (_, i) => (i % 5 === 2 || i % 5 === 4 ? i : 1));
    expect(defaultClusterFeatures(result, { matrix: m, d: 5, columns })).toEqual(['frequency']);
    expect(defaultClusterFeatures(result)).toEqual(['recency', 'frequency', 'monetary']);
    const flat = new Float32Array(50).fill(1);
    expect(defaultClusterFeatures(result, { matrix: flat, d: 5, columns })).toEqual([
      'recency',
      'frequency',
      'monetary',
    ]);
  });
});

describe('k-means settings typed by the user', () => {
  it('accept whole numbers in range and say the range otherwise', () => {
    expect(clusterParamError('k', 2)).toBeNull();
    expect(clusterParamError('k', K_MAX + 1)).toBe('k must be a whole number from 2 to 50.');
    expect(clusterParamError('nInit', N_INIT_MAX)).toBeNull();
    for (const bad of [0, -2, 1.5, NaN, N_INIT_MAX + 1])
      expect(clusterParamError('nInit', bad)).toBe(
        'Restarts must be a whole number from 1 to 100.',
      );
    expect(clusterParamError('seed', 0)).toBeNull();
    expect(clusterParamError('seed', 2 ** 32 - 1)).toBeNull();
    expect(clusterParamError('seed', NaN)).toMatch(
      /^The seed must be a whole number from 0 to 4,294,967,295/,
    );
    expect(clusterParamError('seed', -1)).not.toBeNull();
  });
});
