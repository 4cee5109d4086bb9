/**
 * Missing-value handling and transforms. Parameters are fitted ONCE by a query and stored in a
 * plain FittedTransforms object; applying them is SQL with those constants as literals, so an
 * exported script or the CLI reproduces the exact same values later.
 */
import type { Db } from '../db/types';
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal } from '../sql/quote';
import { FeatureError } from './errors';
import type { FeatureColumn } from './kinds';
import type { FeatureSpec, MissingPolicy, Transform } from './spec';

/** The fitted parameters of one raw column. */
export interface FittedColumn {
  name: string;
  feature: string;
  category?: string | null;
  missing: MissingPolicy;
  transform: Transform['kind'];
  /** Value that replaces NULL (median, mean or 0), or null for `drop`. */
  impute: number | null;
  mean?: number;
  sd?: number;
  min?: number;
  max?: number;
  /** winsorize cut-points: the fitted lower and upper percentiles. */
  lo?: number;
  hi?: number;
  /**
   * rank cut-points: `quantile_cont` at the levels `RANK_LEVELS` (0, 0.01, ..., 1), so the
   * first is the minimum and the last the maximum of the observed values.
   */
  cuts?: number[];
}

/** All fitted parameters; plain JSON. */
export interface FittedTransforms {
  version: 1;
  /** Customers kept after `drop` policies, when fitted. */
  rows: number;
  columns: FittedColumn[];
}

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

/** The percentile levels of the rank cut-points: 0, 0.01, ..., 0.99, 1. */
export const RANK_LEVELS: readonly number[] = Array.from({ length: 101 }, (_, k) => k / 100);

/**
 * The rank cut-points of a `quantile_cont` LIST (an Arrow vector, or an array through JSON),
 * made non-decreasing: quantile_cont interpolating between two equal values can be off in the
 * last bit either way, which would give the interpolation a near-vertical (or backward) step,
 * so a cut-point within 1e-9 (relative) of the previous one is set equal to it.
 */
function rankCuts(v: unknown): number[] {
  const cuts = Array.from(v as Iterable<unknown>, Number);
  for (let k = 1; k < cuts.length; k++) {
    if (cuts[k] - cuts[k - 1] <= 1e-9 * Math.abs(cuts[k - 1])) cuts[k] = cuts[k - 1];
  }
  return cuts;
}

/** `WHERE` keeping the customers no `drop` policy removes (empty when none does). */
export function keptWhere(fits: { name: string; missing: MissingPolicy }[]): string {
  const drop = fits.filter((c) => c.missing === 'drop').map((c) => `${ident(c.name)} IS NOT NULL`);
  return drop.length ? `WHERE ${drop.join(' AND ')}` : '';
}

/**
 * Fits the missing-value and transform parameters of every column of `rawRelation` on the
 * customers that survive the `drop` policies, using observed (non-NULL) values. Throws
 * FeatureError when a column has no value for any kept customer.
 */
export async function fitTransforms(
  db: Db,
  rawRelation: string,
  spec: FeatureSpec,
  columns: FeatureColumn[],
): Promise<FittedTransforms> {
  const byId = new Map(spec.features.map((f) => [f.id, f]));
  const fits = columns.map((c) => {
    const def = byId.get(c.feature);
    if (!def) throw new FeatureError(`column "${c.name}" belongs to no feature of the spec`);
    return { c, def };
  });
  const where = keptWhere(fits.map(({ c, def }) => ({ name: c.name, missing: def.missing })));
  const stats = fits.map(({ c, def }, i) => {
    const x = ident(c.name);
    const lo = def.transform.lower ?? 0.01;
    const hi = def.transform.upper ?? 0.99;
    return [
      `count(${x}) AS "n${i}"`,
      `median(${x}) AS "med${i}"`,
      `avg(${x}) AS "mean${i}"`,
      `stddev_pop(${x}) AS "sd${i}"`,
      `min(${x}) AS "min${i}"`,
      `max(${x}) AS "max${i}"`,
      def.transform.kind === 'winsorize'
        ? `quantile_cont(${x}, ${literal(lo)}) AS "lo${i}", quantile_cont(${x}, ${literal(hi)}) AS "hi${i}"`
        : `NULL AS "lo${i}", NULL AS "hi${i}"`,
      def.transform.kind === 'rank'
        ? `quantile_cont(${x}, [${RANK_LEVELS.map(literal).join(', ')}]::DOUBLE[]) AS "q${i}"`
        : `NULL AS "q${i}"`,
    ].join(', ');
  });
  const sql = `SELECT count(*) AS "rows", ${stats.join(', ')} FROM ${ident(rawRelation)} ${where}`;
  const row = (await db.query(sql)).get(0)?.toJSON() ?? {};
  const rows = Number(row.rows ?? 0);
  if (rows === 0) {
    throw new FeatureError(
      'no customer is left after the "drop" missing-value policies: impute instead of dropping',
    );
  }
  const out: FittedColumn[] = fits.map(({ c, def }, i) => {
    if (Number(row[`n${i}`]) === 0) {
      throw new FeatureError(
        `feature "${c.name}" is empty for every customer: check its columns and window, or remove it`,
        def.id,
      );
    }
    const median = num(row[`med${i}`]) ?? 0;
    const mean = num(row[`mean${i}`]) ?? 0;
    const impute = { drop: null, keep: null, median, indicator: median, mean, zero: 0 }[
      def.missing
    ];
    const f: FittedColumn = {
      name: c.name,
      feature: c.feature,
      missing: def.missing,
      transform: def.transform.kind,
      impute,
    };
    if (c.category !== undefined) f.category = c.category;
    if (def.transform.kind === 'zscore') Object.assign(f, { mean, sd: num(row[`sd${i}`]) ?? 0 });
    if (def.transform.kind === 'minmax')
      Object.assign(f, { min: num(row[`min${i}`]), max: num(row[`max${i}`]) });
    if (def.transform.kind === 'winsorize')
      Object.assign(f, { lo: num(row[`lo${i}`]), hi: num(row[`hi${i}`]) });
    if (def.transform.kind === 'rank') f.cuts = rankCuts(row[`q${i}`]);
    return f;
  });
  return { version: 1, rows, columns: out };
}

/**
 * The knots of the rank interpolation: the distinct cut-points, each with the mean level of the
 * cut-points equal to it, so a value many customers share (e.g. 0) sits mid-way through its
 * run of levels, like a mid-rank, instead of at either end.
 */
function rankKnots(f: FittedColumn): { x: number; p: number }[] {
  const cuts = f.cuts ?? [];
  const ok = cuts.every((c, k) => Number.isFinite(c) && (k === 0 || c >= cuts[k - 1]));
  if (cuts.length !== RANK_LEVELS.length || !ok) {
    throw new FeatureError(
      `the fitted rank of "${f.name}" has no valid cut-points: compute the features again`,
      f.feature,
    );
  }
  const knots: { x: number; p: number }[] = [];
  for (let a = 0; a < cuts.length;) {
    let b = a;
    while (b + 1 < cuts.length && cuts[b + 1] === cuts[a]) b++;
    knots.push({ x: cuts[a], p: (RANK_LEVELS[a] + RANK_LEVELS[b]) / 2 });
    a = b + 1;
  }
  return knots;
}

/**
 * Rank as a function of the stored cut-points only: piecewise-linear interpolation of the
 * level between consecutive knots, the first knot's level below it and the last's above it.
 * Interpolation rather than a count of cut-points <= x so k-means does not see 100 ties.
 */
function rankSql(v: string, f: FittedColumn, d: Dialect): string {
  const k = rankKnots(f);
  const n = d.num;
  const arms = [`WHEN ${v} IS NULL THEN NULL`, `WHEN ${v} <= ${n(k[0].x)} THEN ${n(k[0].p)}`];
  for (let j = 1; j < k.length; j++) {
    const [a, b] = [k[j - 1], k[j]];
    arms.push(
      `WHEN ${v} <= ${n(b.x)} THEN ${n(a.p)} + (${v} - ${n(a.x)}) / ${n(b.x - a.x)} * ${n(b.p - a.p)}`,
    );
  }
  return `CASE ${arms.join(' ')} ELSE ${n(k[k.length - 1].p)} END`;
}

/**
 * One transform as SQL over column `v` (a DOUBLE), with the fitted constants written so every
 * dialect reads the same doubles (`Dialect.num`).
 */
function transformSql(v: string, f: FittedColumn, d: Dialect): string {
  const n = d.num;
  switch (f.transform) {
    case 'none':
      return v;
    case 'log1p':
      // Signed so that negative net spend (returns) stays defined.
      return `sign(${v}) * ln(${n(1)} + abs(${v}))`;
    case 'zscore':
      return f.sd ? `(${v} - ${n(f.mean ?? 0)}) / ${n(f.sd)}` : `${n(0)} * ${v}`;
    case 'minmax': {
      const lo = f.min ?? 0;
      const span = (f.max ?? lo) - lo;
      return span ? `(${v} - ${n(lo)}) / ${n(span)}` : `${n(0)} * ${v}`;
    }
    case 'winsorize':
      return `least(greatest(${v}, ${n(f.lo ?? NaN)}), ${n(f.hi ?? NaN)})`;
    case 'rank':
      return rankSql(v, f, d);
  }
}

/**
 * The SELECT that applies fitted parameters to `rawRelation`: drops customers with NULL in a
 * `drop` column, imputes, adds `<name>__missing` 0/1 columns for `indicator`, then transforms.
 * Every transform, `rank` included, uses only the stored constants, so applying `fitted` to
 * another relation (new data, a subset) does not refit anything. Returns the output columns
 * too (indicators have `indicator: true`).
 */
export function applyTransformsSql(
  rawRelation: string,
  fitted: FittedTransforms,
  d: Dialect = duckdb,
): { sql: string; columns: FeatureColumn[] } {
  const cols: FeatureColumn[] = [];
  const exprs: string[] = [];
  // Imputed values and indicators come from an inner SELECT, so a transform refers to a plain
  // column: a rank's ~100 CASE arms repeating coalesce(...) cost DuckDB much more to plan.
  const inner: string[] = ['"customer_id"'];
  const names = new Set(fitted.columns.map((f) => f.name));
  for (const f of fitted.columns) {
    const x = ident(f.name);
    inner.push(f.impute === null ? x : `coalesce(${x}, ${d.num(f.impute)}) AS ${x}`);
    exprs.push(`${d.cast(transformSql(x, f, d), 'DOUBLE')} AS ${x}`);
    const base: FeatureColumn = { name: f.name, feature: f.feature };
    if (f.category !== undefined) base.category = f.category;
    cols.push(base);
    if (f.missing === 'indicator') {
      const name = `${f.name}__missing`;
      if (names.has(name))
        throw new FeatureError(
          `indicator column "${name}" clashes with a feature: rename it`,
          f.feature,
        );
      inner.push(`CASE WHEN ${x} IS NULL THEN 1 ELSE 0 END AS ${ident(name)}`);
      exprs.push(`${d.cast(ident(name), 'DOUBLE')} AS ${ident(name)}`);
      cols.push({ name, feature: f.feature, indicator: true });
    }
  }
  const where = keptWhere(fitted.columns);
  const sql =
    `SELECT "customer_id", ${exprs.join(',\n  ')}\n` +
    `FROM (SELECT ${inner.join(', ')} FROM ${ident(rawRelation)}${where ? ` ${where}` : ''}) AS "imputed"\n` +
    `ORDER BY "customer_id"`;
  return { sql, columns: cols };
}
