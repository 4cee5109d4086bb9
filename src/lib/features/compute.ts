/** Runs a spec against a database: checks, resolution, raw features, fitted transforms. */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { buildFeatureSql, buildRowsReadSql } from './build';
import {
  checkCustomerSource,
  checkSource,
  describeRelation,
  resolveSpec,
  type SourceFacts,
} from './checks';
import { FeatureError } from './errors';
import type { FeatureColumn } from './kinds';
import { validateSpec, type FeatureSpec } from './spec';
import { materialise } from './scratch';
import { hasTransactions, type FeatureSource } from './source';
import { applyTransformsSql, fitTransforms, keptWhere, type FittedTransforms } from './transforms';

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
  /**
   * The statements creating both tables, for export: they read the original relations (the
   * run itself may read a temporary copy of their columns, with the same result).
   */
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
export function computeFeatures(
  db: Db,
  spec: unknown,
  source: FeatureSource,
  target: string,
): Promise<FeatureResult> {
  return run(db, spec, source, target, null);
}

/**
 * Recomputes the features of a frozen model on `source` without refitting anything: the
 * model's resolved spec (as-of date, category lists) and its fitted transforms are used as they
 * are. Same data, same model: the same tables as when the model was fitted.
 */
export function applyFrozenFeatures(
  db: Db,
  model: { spec: FeatureSpec; transforms: FittedTransforms },
  source: FeatureSource,
  target: string,
): Promise<FeatureResult> {
  return run(db, model.spec, source, target, model.transforms);
}

async function run(
  db: Db,
  spec: unknown,
  source: FeatureSource,
  target: string,
  frozen: FittedTransforms | null,
): Promise<FeatureResult> {
  const valid = validateSpec(spec);
  const rawTable = `${target}_raw`;
  const create = (select: string): string =>
    `CREATE OR REPLACE TABLE ${ident(rawTable)} AS\n${select}`;
  let facts: SourceFacts, resolved: FeatureSpec, raw: ReturnType<typeof buildFeatureSql>;
  let rowsRead: Record<string, number>;
  const sql: string[] = [];
  // One DESCRIBE serves the column list and the checks' type tests.
  const described = hasTransactions(source) ? await describeRelation(db, source.transactions) : [];
  const src: FeatureSource =
    source.columns || !hasTransactions(source)
      ? source
      : { ...source, columns: described.map((c) => c.name) };
  const scratch = await materialise(db, src, valid);
  const read = scratch.read;
  try {
    facts = hasTransactions(src)
      ? await checkSource(db, src, valid, read.transactions, described)
      : await checkCustomerSource(db, src);
    resolved = frozen ? valid : await resolveSpec(db, valid, read, facts);
    raw = buildFeatureSql(resolved, read);
    if (frozen) checkFrozen(frozen, raw.columns);
    sql.push(create(buildFeatureSql(resolved, src).sql));
    try {
      await db.exec(create(raw.sql));
    } catch (e) {
      wrap(e, 'the features');
    }
    try {
      const row = (await db.query(buildRowsReadSql(resolved, read))).get(0)?.toJSON() ?? {};
      rowsRead = Object.fromEntries(resolved.features.map((f) => [f.id, Number(row[f.id] ?? 0)]));
    } catch (e) {
      wrap(e, 'the rows read');
    }
  } finally {
    await scratch.drop();
  }
  const fitted = frozen ?? (await fitTransforms(db, rawTable, resolved, raw.columns));
  // The raw table keeps the same customers as the transformed one (those no `drop` policy
  // removes), so a row index means the same customer in both and in every view of them.
  const kept = keptWhere(fitted.columns);
  if (kept) {
    try {
      await db.exec(`DELETE FROM ${ident(rawTable)} WHERE NOT (${kept.slice('WHERE '.length)})`);
    } catch (e) {
      wrap(e, 'the kept customers');
    }
  }
  const applied = applyTransformsSql(rawTable, fitted);
  sql.push(`CREATE OR REPLACE TABLE ${ident(target)} AS\n${applied.sql}`);
  try {
    await db.exec(sql[1]);
  } catch (e) {
    wrap(e, 'the transforms');
  }
  // A fit counts the customers the transforms keep; a frozen model's count is of other data.
  const customers = frozen
    ? Number((await db.query(`SELECT count(*) AS n FROM ${ident(target)}`)).get(0)?.toJSON().n)
    : fitted.rows;
  if (customers === 0)
    throw new FeatureError(
      'no customer is left after the "drop" missing-value policies: impute instead of dropping',
    );
  return {
    table: target,
    rawTable,
    columns: applied.columns,
    rawColumns: raw.columns,
    fitted,
    rowsRead,
    customers,
    asOf: resolved.asOf ?? facts.defaultAsOf,
    resolved,
    sql,
  };
}

/** A frozen model fits these features only if it has parameters for exactly their columns. */
function checkFrozen(frozen: FittedTransforms, columns: FeatureColumn[]): void {
  const want = columns.map((c) => c.name).join(', ');
  const have = frozen.columns.map((c) => c.name).join(', ');
  if (want !== have)
    throw new FeatureError(
      `the frozen model has parameters for ${have || 'no column'}, but these features have ${want}: compute the features again to refit`,
    );
}
