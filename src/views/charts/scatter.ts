/**
 * The cluster scatter's geometry: a 2-D plane (PCA of the clustering space, or two of its
 * features) for a fixed sample of rows, and the mapping of a centroid drag in that plane back
 * into the full feature space.
 */
import { fitPca, projectPca, type Pca } from './pca';

/** Which plane the scatter shows. */
export type ScatterAxes = { kind: 'pca' } | { kind: 'features'; x: number; y: number };

/** A plane: sample points in it, and centroid mappings both ways. */
export interface ScatterPlane {
  /** 'pca' when the axes are principal components (no meaningful units to number). */
  kind: ScatterAxes['kind'];
  /** x, y pairs of the sample rows. */
  points: Float32Array;
  /** Axis titles. */
  labels: [string, string];
  /** Where a d-dimensional centroid lands in the plane. */
  toPlane(centroid: ArrayLike<number>): [number, number];
  /** The centroid moved so that it lands at (x, y); coordinates off the plane are kept. */
  moveTo(centroid: readonly number[], x: number, y: number): number[];
}

/** Builds the plane for `rows` of a row-major n x d matrix. */
export function scatterPlane(
  matrix: Float32Array,
  d: number,
  columns: readonly string[],
  rows: Int32Array,
  axes: ScatterAxes,
): ScatterPlane {
  const sub = new Float32Array(rows.length * d);
  rows.forEach((r, i) => sub.set(matrix.subarray(r * d, (r + 1) * d), i * d));
  if (axes.kind === 'features' || d < 2) {
    const ax = axes.kind === 'features' ? axes.x : 0;
    const ay = axes.kind === 'features' ? axes.y : Math.min(1, d - 1);
    const points = new Float32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      points[i * 2] = sub[i * d + ax];
      points[i * 2 + 1] = sub[i * d + ay];
    }
    return {
      kind: 'features',
      points,
      labels: [columns[ax], columns[ay]],
      toPlane: (c) => [c[ax], c[ay]],
      moveTo: (c, x, y) => c.map((v, j) => (j === ax ? x : j === ay ? y : v)),
    };
  }
  const pca: Pca = fitPca(sub, rows.length, d);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return {
    kind: 'pca',
    points: projectPca(pca, sub, rows.length),
    labels: [`PC1 (${pct(pca.explained[0])})`, `PC2 (${pct(pca.explained[1])})`],
    toPlane: (c) => {
      const p = projectPca(pca, Float64Array.from(c as ArrayLike<number>), 1);
      return [p[0], p[1]];
    },
    moveTo: (c, x, y) => {
      // Components are orthonormal: shift along each by the difference in its coordinate.
      const p = projectPca(pca, Float64Array.from(c), 1);
      const dx = x - p[0];
      const dy = y - p[1];
      return c.map((v, j) => v + dx * pca.components[j] + dy * pca.components[d + j]);
    },
  };
}
