/**
 * The last step of a sampled silhouette, shared by the Euclidean kernel (silhouette.ts) and the
 * Gower one for mixed data (gower.ts): from per-row, per-cluster distance sums to the scores.
 */
import type { Silhouette } from './silhouette';

/**
 * The silhouette from each sampled row's summed distances to the sampled rows of every cluster:
 * row r (cluster lab[r]; clusters of size[j] sampled rows) has its k sums at
 * distSum[position[r] * k ...] (at r * k without `position`). s(r) = (b - a) / max(a, b) with a the
 * mean distance to the other rows of its cluster and b the lowest mean distance to another
 * cluster; 0 for a row alone in its cluster. Totals add up in sample order.
 */
export function silhouetteFromSums(
  lab: Int32Array,
  size: Float64Array,
  k: number,
  distSum: Float64Array,
  position?: Int32Array,
): Silhouette {
  const s = lab.length;
  const clusterSum = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < s; r++) {
    const own = lab[r];
    const rk = (position ? position[r] : r) * k;
    let v = 0;
    if (size[own] > 1) {
      const a = distSum[rk + own] / (size[own] - 1);
      let b = Infinity;
      for (let j = 0; j < k; j++) {
        if (j !== own && size[j] > 0) b = Math.min(b, distSum[rk + j] / size[j]);
      }
      const den = Math.max(a, b);
      v = Number.isFinite(b) && den > 0 ? (b - a) / den : 0;
    }
    clusterSum[own] += v;
    total += v;
  }
  const perCluster = new Float64Array(k);
  for (let j = 0; j < k; j++) perCluster[j] = size[j] > 0 ? clusterSum[j] / size[j] : NaN;
  return { mean: s > 0 ? total / s : NaN, perCluster, sampleSize: s };
}
