/**
 * k-means again on refitted features, as the studio's "Run k-means" does it (same k, seed,
 * restarts and algorithm, so the same features give the same centroids), with names read from
 * the members. Clusters that existed before keep their id, name and colour when the old and new
 * clusters pair up one to one (each new centroid takes the nearest old one still free), so a
 * scheduled refit does not rename "Big spenders" every month.
 */
import type { FeatureColumns, FeatureMatrix, FeatureResult } from '../lib/features';
import { createMatrix } from '../lib/kmeans/matrix';
import { fit } from '../lib/kmeans/kmeans';
import {
  clusterSegmentsFrom,
  nearestCentroids,
  type NamingData,
} from '../lib/segment/cluster-edits';
import type { SegmentsConfig } from '../lib/segment/config';
import {
  buildInputs,
  clusterSpace,
  constantFeaturesMessage,
  defaultClusterFeatures,
} from '../lib/segment/inputs';
import type { SegmentDef } from '../lib/segment/model';
import { CliError, EXIT } from './errors';

/** The clusters of `seg` refitted on new features; other methods' segments are kept. */
export function refitClusters(
  seg: SegmentsConfig,
  result: FeatureResult,
  raw: FeatureColumns,
  matrix: FeatureMatrix,
  quintiles: Readonly<Record<string, number[]>>,
): SegmentsConfig {
  const base = buildInputs(result, raw, matrix, quintiles);
  const wanted = seg.clusters.features.length
    ? seg.clusters.features
    : defaultClusterFeatures(result, base.transformed);
  const lost = wanted.filter((f) => !base.transformed.columns.includes(f));
  if (lost.length)
    throw new CliError(
      EXIT.data,
      `k-means clusters on ${lost.join(', ')}, which the refitted features no longer have (a category that no longer appears?): choose the clustering features again in the studio`,
    );
  const space = clusterSpace(base, wanted)!;
  const { k, seed, nInit } = seg.clusters;
  if (base.n < k) throw new CliError(EXIT.data, `only ${base.n} customers: fewer than k = ${k}`);
  const constant = constantFeaturesMessage(space);
  if (constant) throw new CliError(EXIT.data, `k-means cannot run: ${constant}`);
  const d = space.d;
  const fitted = fit(createMatrix(space.matrix, base.n, d, space.columns), k, {
    seed,
    nInit,
    algorithm: 'hamerly',
  });
  const centroids = Float64Array.from(fitted.centroids);
  const naming: NamingData = {
    matrix: space.matrix,
    n: base.n,
    raw: base.columns,
    assignment: nearestCentroids(space.matrix, base.n, d, centroids, k),
  };
  const fresh = clusterSegmentsFrom(centroids, k, d, space.columns, naming);
  return {
    ...seg,
    clusters: {
      ...seg.clusters,
      features: space.columns.slice(),
      segments: keepIdentities(seg.clusters.segments, fresh, space.columns),
    },
  };
}

const single = (s: SegmentDef): number[] | null =>
  s.definition.kind === 'cluster' && s.definition.centroids.length === 1
    ? s.definition.centroids[0]
    : null;

/** New clusters with the ids, names and colours of the old ones they pair up with. */
function keepIdentities(
  old: readonly SegmentDef[],
  fresh: SegmentDef[],
  columns: readonly string[],
): SegmentDef[] {
  const sameSpace = old.every(
    (s) =>
      single(s) !== null &&
      s.definition.kind === 'cluster' &&
      s.definition.features.join('\u0000') === columns.join('\u0000'),
  );
  if (old.length !== fresh.length || !sameSpace) return fresh;
  const pairs: { o: number; f: number; dist: number }[] = [];
  old.forEach((s, o) =>
    fresh.forEach((t, f) => {
      const a = single(s)!;
      const b = single(t)!;
      pairs.push({ o, f, dist: a.reduce((sum, x, j) => sum + (x - b[j]) ** 2, 0) });
    }),
  );
  pairs.sort((p, q) => p.dist - q.dist || p.o - q.o || p.f - q.f);
  const owner = new Map<number, number>();
  const taken = new Set<number>();
  for (const p of pairs)
    if (!owner.has(p.f) && !taken.has(p.o)) {
      owner.set(p.f, p.o);
      taken.add(p.o);
    }
  return fresh.map((t, f) => {
    const o = old[owner.get(f)!];
    const kept: SegmentDef = { ...t, id: o.id, name: o.name, color: o.color };
    if (o.locked) kept.locked = true;
    return kept;
  });
}
