/** Pulling single feature columns out of a row-major matrix, for RFM, rules and profiles. */
import type { FeatureKind, FeatureSpec } from '../features/spec';
import type { FeatureColumn } from '../features/kinds';

/** A row-major matrix with its column names. */
export interface NamedMatrix {
  matrix: Float32Array;
  n: number;
  d: number;
}

/** Copies column `j` of a row-major matrix into its own array (NaN stays NaN). */
export function column(m: NamedMatrix, j: number): Float64Array {
  const out = new Float64Array(m.n);
  const { matrix, d } = m;
  for (let i = 0, at = j; i < m.n; i++, at += d) out[i] = matrix[at];
  return out;
}

/** The raw-table column holding the (single-column) feature of `kind`, if the spec has one. */
export function columnOfKind(
  spec: FeatureSpec,
  columns: readonly FeatureColumn[],
  kind: FeatureKind,
): string | null {
  const def = spec.features.find((f) => f.kind === kind);
  if (!def) return null;
  return columns.find((c) => c.feature === def.id && !c.indicator)?.name ?? null;
}
