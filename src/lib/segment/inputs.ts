/** Turning a feature result into what the segment methods read, once per result. */
import type { FeatureColumns, FeatureMatrix, FeatureResult } from '../features';
import { columnOfKind } from './columns';
import type { RfmColumns } from './config';
import type { SegmentInputs } from './pipeline';
import { sampleRows as seededSample } from '../kmeans/silhouette';
import { constantColumns } from '../kmeans/matrix';
import { featureLabel } from './feature-label';

/** The transformed matrix kept whole; `clusterSpace` picks columns from it. */
export type BaseInputs = SegmentInputs & {
  /** Customer id of each row. */
  ids: readonly string[];
  transformed: { matrix: Float32Array; d: number; columns: string[] };
  /** The frozen quintile cut-points of each raw column (see FrozenModel.quintiles). */
  quintiles: Readonly<Record<string, number[]>>;
  /** The raw columns of the recency, frequency and monetary features, when the spec has them. */
  rfmDefault: Required<RfmColumns> | null;
};

/**
 * Raw columns by name (doubles, exactly as stored), the RFM trio (the features of kind recency,
 * frequency and monetary, when the spec has them) with the model's quintiles, and the transformed
 * matrix (float32, as k-means and the canonical nearest centroid read it). Both come ordered by
 * customer id and hold the same customers, so row i is the same customer everywhere.
 */
export function buildInputs(
  result: FeatureResult,
  raw: FeatureColumns,
  transformed: FeatureMatrix,
  quintiles: Readonly<Record<string, number[]>>,
): BaseInputs {
  if (raw.n !== transformed.n)
    throw new Error(`raw features have ${raw.n} customers, transformed ${transformed.n}`);
  const pick = (kind: 'recency' | 'frequency' | 'monetary') =>
    columnOfKind(result.resolved, result.rawColumns, kind);
  const [r, f, m] = [pick('recency'), pick('frequency'), pick('monetary')];
  const base: BaseInputs = {
    ids: raw.ids,
    n: raw.n,
    columns: raw.columns,
    categories: levelCodes(result, raw),
    transformed: {
      matrix: transformed.matrix,
      d: transformed.d,
      columns: result.columns.map((c) => c.name),
    },
    quintiles,
    rfmDefault: r && f && m ? { r, f, m } : null,
  };
  return withRfmColumns(base, {});
}

/** The categories kept as levels: labels and Int32 codes (-1 = missing) per column. */
function levelCodes(result: FeatureResult, raw: FeatureColumns): SegmentInputs['categories'] {
  const levels: Record<string, readonly string[]> = {};
  const codes: Record<string, Int32Array> = {};
  for (const c of result.rawColumns) {
    if (!c.levels) continue;
    levels[c.name] = c.levels;
    const values = raw.columns[c.name];
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i] === values[i] ? values[i] : -1;
    codes[c.name] = out;
  }
  return Object.keys(levels).length ? { levels, codes } : undefined;
}

/**
 * The inputs with the RFM trio read from `mapping` (unset dimensions: the default kinds): the
 * three raw columns and their frozen quintiles, or no RFM when a column is missing.
 */
export function withRfmColumns(base: BaseInputs, mapping: RfmColumns): BaseInputs {
  const names = rfmColumnNames(base.rfmDefault, mapping);
  const out: BaseInputs = { ...base, rfm: undefined, rfmQuintiles: undefined };
  if (!names) return out;
  const [r, f, m] = [base.columns[names.r], base.columns[names.f], base.columns[names.m]];
  if (!r || !f || !m) return out;
  out.rfm = { r, f, m };
  const q = base.quintiles;
  if (q[names.r] && q[names.f] && q[names.m])
    out.rfmQuintiles = { r: q[names.r], f: q[names.f], m: q[names.m] };
  return out;
}

/** The raw columns RFM reads: the mapping's where set, else the default kinds'; null if any lacks. */
export function rfmColumnNames(
  defaults: Required<RfmColumns> | null,
  mapping: RfmColumns = {},
): Required<RfmColumns> | null {
  const r = mapping.r ?? defaults?.r;
  const f = mapping.f ?? defaults?.f;
  const m = mapping.m ?? defaults?.m;
  return r && f && m ? { r, f, m } : null;
}

/**
 * The default clustering features: every transformed column except missing-value indicators and,
 * given the matrix, columns with one value for everyone (they cannot separate anybody). When that
 * leaves nothing, the non-indicator columns (running k-means then says which are constant).
 */
export function defaultClusterFeatures(
  result: FeatureResult,
  transformed?: BaseInputs['transformed'],
): string[] {
  // Categories kept as levels are codes, not numbers: k-means must not average them.
  const levels = new Set(result.rawColumns.filter((c) => c.levels).map((c) => c.name));
  const named = result.columns
    .filter((c) => !c.indicator && !levels.has(c.name))
    .map((c) => c.name);
  if (!transformed) return named;
  const constant = new Set(
    constantColumns({
      data: transformed.matrix,
      n: transformed.matrix.length / transformed.d,
      d: transformed.d,
    }).map((j) => transformed.columns[j]),
  );
  const varying = named.filter((c) => !constant.has(c));
  return varying.length ? varying : named;
}

/**
 * The default categories for clustering: on a customer table alone (no transactions) the
 * categories kept as levels, so its clusters are found with k-prototypes on what the table is
 * about; with transactions none (behaviour alone, k-means) until the analyst ticks some.
 */
export function defaultClusterCategories(result: FeatureResult, transactions: boolean): string[] {
  if (transactions) return [];
  return result.rawColumns.filter((c) => c.levels && c.levels.length > 1).map((c) => c.name);
}

/**
 * Why clustering on `space` cannot separate customers (some chosen feature has one value for
 * everyone), as a message for the analyst, or null.
 */
export function constantFeaturesMessage(space: {
  matrix: Float32Array;
  d: number;
  columns: readonly string[];
}): string | null {
  const n = space.matrix.length / space.d;
  if (n < 2) return null;
  const names = constantColumns({ data: space.matrix, n, d: space.d }).map(
    (j) => `“${featureLabel(space.columns[j])}”`,
  );
  if (names.length === 0) return null;
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  const verb = names.length > 1 ? 'have' : 'has';
  return `${list} ${verb} the same value for every customer, so ${names.length > 1 ? 'they' : 'it'} cannot tell customers apart: untick ${names.length > 1 ? 'them' : 'it'} under “Cluster on”.`;
}

const spaceCache = new WeakMap<BaseInputs, Map<string, SegmentInputs['cluster']>>();

/**
 * The row-major sub-matrix of the chosen columns (all when none chosen), cached per inputs and
 * selection so views can ask for it every frame.
 */
export function clusterSpace(
  base: SegmentInputs,
  features: readonly string[],
): SegmentInputs['cluster'] {
  const t = (base as BaseInputs).transformed;
  if (!t) return undefined;
  const wanted = features.length ? features.filter((f) => t.columns.includes(f)) : t.columns;
  if (wanted.length === 0) return undefined;
  const key = wanted.join('\u0000');
  let byKey = spaceCache.get(base as BaseInputs);
  if (!byKey) spaceCache.set(base as BaseInputs, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const idx = wanted.map((w) => t.columns.indexOf(w));
  const d = idx.length;
  const n = base.n;
  const matrix = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) matrix[i * d + j] = t.matrix[i * t.d + idx[j]];
  const space = { matrix, d, columns: wanted };
  byKey.set(key, space);
  return space;
}

/** A fixed sample of row indices (seed 0): the same rows are drawn and previewed every time. */
export function sampleRows(n: number, size: number): Int32Array {
  return seededSample(n, size, 0);
}
