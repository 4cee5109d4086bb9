/** Runs a spec against a database: checks, resolution, raw features, fitted transforms. */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { buildFeatureSql, buildRowsReadSql } from './build';
import { checkSource, describeRelation, resolveSpec } from './checks';
import { FeatureError } from './errors';
import type { FeatureColumn } from './kinds';
import { validateSpec, type FeatureSpec } from './spec';
import type { FeatureSource } from './source';
import { applyTransformsSql, fitTransforms, type FittedTransforms } from './transforms';

/** What computeFeatures() produced. */
export interface FeatureResult {
  /** The transformed feature table (customer_id + `columns`). */
  table: string;
  /** The raw (untransformed) feature table, `<table>_raw`, kept for profiles. */
  rawTable: string;
  columns: FeatureColumn[];
  rawColumns: FeatureColumn[];
  fitted: FittedTransforms;
  /** Transaction rows each feature read, by feature id. */
  rowsRead: Record<string, number>;
  /** Rows of `table`. */
  customers: number;
  asOf: string;
  /** The spec with as-of date and category sets filled in: recomputing it gives the same table. */
  resolved: FeatureSpec;
  /** The statements run to create both tables, for export. */
  sql: string[];
}

/** A DuckDB error during feature SQL, rephrased; the original stays as `cause`. */
function wrap(e: unknown, what: string): never {
  if (e instanceof FeatureError) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  const err = new FeatureError(`computing ${what} failed: ${msg.split('\n')[0]}`);
  (err as { cause?: unknown }).cause = e;
  throw err;
}

/**
 * Validates `spec` (untrusted JSON is fine), checks the source data, resolves the as-of date and
 * category sets, creates `<target>_raw` and `<target>` (replacing them), and returns the fitted
 * transforms and counts. Throws FeatureError with a message for the user on bad spec or data.
 */
export async function computeFeatures(
  db: Db,
  spec: unknown,
  source: FeatureSource,
  target: string,
): Promise<FeatureResult> {
  const valid = validateSpec(spec);
  const src: FeatureSource = source.columns
    ? source
    : { ...source, columns: (await describeRelation(db, source.transactions)).map((c) => c.name) };
  const facts = await checkSource(db, src, valid);
  const resolved = await resolveSpec(db, valid, src, facts);
  const raw = buildFeatureSql(resolved, src);
  const rawTable = `${target}_raw`;
  const sql = [`CREATE OR REPLACE TABLE ${ident(rawTable)} AS\n${raw.sql}`];
  try {
    await db.exec(sql[0]);
  } catch (e) {
    wrap(e, 'the features');
  }
  let rowsRead: Record<string, number>;
  try {
    const row = (await db.query(buildRowsReadSql(resolved, src))).get(0)?.toJSON() ?? {};
    rowsRead = Object.fromEntries(resolved.features.map((f) => [f.id, Number(row[f.id] ?? 0)]));
  } catch (e) {
    wrap(e, 'the rows read');
  }
  const fitted = await fitTransforms(db, rawTable, resolved, raw.columns);
  const applied = applyTransformsSql(rawTable, fitted);
  sql.push(`CREATE OR REPLACE TABLE ${ident(target)} AS\n${applied.sql}`);
  try {
    await db.exec(sql[1]);
  } catch (e) {
    wrap(e, 'the transforms');
  }
  const n = (await db.query(`SELECT count(*) AS n FROM ${ident(target)}`)).get(0)?.toJSON().n;
  return {
    table: target,
    rawTable,
    columns: applied.columns,
    rawColumns: raw.columns,
    fitted,
    rowsRead,
    customers: Number(n),
    asOf: resolved.asOf ?? facts.defaultAsOf,
    resolved,
    sql,
  };
}
