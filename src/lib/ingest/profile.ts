/**
 * One profiling query per table: counts, distincts, ranges, samples and (for text) how many
 * values look like dates or numbers. Role inference reads only this, so a table is scanned once.
 */
import type { Db } from '../db/types';
import { ident, literal } from '../sql/quote';
import { dateProfileSql, isNumericType, isTemporalType, type TextDateStats } from './dates';
import { isGenericIdName } from './names';

/** What the profiling query learned about one column. */
export interface ColumnProfile {
  name: string;
  type: string;
  rows: number;
  /** Values present: not NULL and, for text, not blank. */
  nonNull: number;
  /**
   * approx_count_distinct (which can be 15% off), but exact, blanks not counted, for columns with
   * a few dozen values and for bare `id` columns.
   */
  distinct: number;
  /**
   * Every distinct value as trimmed text, sorted, when the column has at most VALUES_MAX of them
   * (read over all rows, not the sample).
   */
  values?: string[];
  /** Up to five frequent values, as text. */
  samples: string[];
  /** Numeric columns: range, count of non-integer values, count of valid YYYYMMDD values. */
  min?: number;
  max?: number;
  nonInteger?: number;
  compactValid?: number;
  /** Text columns, counted on the sample: date patterns, number-likeness and shape. */
  text?: TextDateStats & {
    numeric: number;
    floatLike: number;
    avgLength: number;
    spaced: number;
    /** Values of digits only, and those with a leading zero (`00042`): ids or codes, not numbers. */
    digits: number;
    zeroPadded: number;
  };
}

/** Most distinct values listed in `ColumnProfile.values`. */
export const VALUES_MAX = 40;

const NUMBER_RE = '^[-+]?\\d+(\\.\\d+)?$';
const DIGITS_RE = '^\\d+$';
const ZERO_PADDED_RE = '^0\\d+$';
const FLOAT_ID_RE = '^\\d+\\.0+$';

/**
 * Rows of the fixed-seed sample that the per-value tests (regexes, samples) run on. Regexes cost
 * ~0.3 s per column and pattern per 500k rows in DuckDB-WASM; shares and the day/month evidence
 * are as clear in 20k rows.
 */
export const PROFILE_SAMPLE_ROWS = 20_000;

/** True for DuckDB text type names. */
export function isTextType(type: string): boolean {
  return /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)/i.test(type.trim());
}

/** Whole-table aggregates: exact counts and ranges, approximate distincts. */
function fullAggregates(name: string, type: string, i: number): string[] {
  const q = ident(name);
  const a = (k: string): string => `"c${i}_${k}"`;
  const present = isTextType(type) ? `count(*) FILTER (WHERE trim(${q}) <> '')` : `count(${q})`;
  const out = [
    `${present}::DOUBLE AS ${a('nonnull')}`,
    `approx_count_distinct(${q})::DOUBLE AS ${a('distinct')}`,
  ];
  if (isNumericType(type)) {
    const day = `(${q} % 100)`;
    const month = `((${q} // 100) % 100)`;
    const compact = `${q} BETWEEN 19000101 AND 21001231 AND ${q} = trunc(${q}) AND ${month} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND 31`;
    out.push(
      `min(${q})::DOUBLE AS ${a('min')}`,
      `max(${q})::DOUBLE AS ${a('max')}`,
      `count(*) FILTER (WHERE ${q} <> trunc(${q}))::DOUBLE AS ${a('nonint')}`,
      `count(*) FILTER (WHERE ${compact})::DOUBLE AS ${a('compact_ok')}`,
    );
  }
  return out;
}

/** Per-value aggregates over the sample: frequent values and, for text, pattern counts. */
function sampleAggregates(name: string, type: string, i: number): string[] {
  const q = ident(name);
  const p = `c${i}_`;
  const a = (k: string): string => `"${p}${k}"`;
  const out = [`approx_top_k(CAST(${q} AS VARCHAR), 5) AS ${a('samples')}`];
  if (isTextType(type)) {
    const s = `trim(${q})`;
    out.push(
      `count(*) FILTER (WHERE ${s} <> '')::DOUBLE AS ${a('snonnull')}`,
      dateProfileSql(q, p),
      `count(*) FILTER (WHERE regexp_full_match(${s}, ${literal(NUMBER_RE)})) AS ${a('numeric')}`,
      `count(*) FILTER (WHERE regexp_full_match(${s}, ${literal(FLOAT_ID_RE)})) AS ${a('floatlike')}`,
      `coalesce(avg(length(${q})), 0)::DOUBLE AS ${a('avglen')}`,
      `count(*) FILTER (WHERE contains(${s}, ' ')) AS ${a('spaced')}`,
      `count(*) FILTER (WHERE regexp_full_match(${s}, ${literal(DIGITS_RE)})) AS ${a('digits')}`,
      `count(*) FILTER (WHERE regexp_full_match(${s}, ${literal(ZERO_PADDED_RE)})) AS ${a('zeropad')}`,
    );
  }
  return out;
}

/**
 * The profiling SQL for a table whose columns (name, DuckDB type) are known: one statement,
 * joining whole-table aggregates with per-value tests on a repeatable reservoir sample.
 */
export function profileSql(
  table: string,
  columns: readonly { name: string; type: string }[],
): string {
  const t = ident(table);
  const full = columns.flatMap((c, i) => fullAggregates(c.name, c.type, i));
  const sampled = columns.flatMap((c, i) => sampleAggregates(c.name, c.type, i));
  const sample = `(SELECT * FROM ${t} USING SAMPLE reservoir(${PROFILE_SAMPLE_ROWS} ROWS) REPEATABLE (42))`;
  return (
    `SELECT * FROM (SELECT count(*)::DOUBLE AS "rows", ${full.join(', ')} FROM ${t}) AS f, ` +
    `(SELECT ${sampled.join(', ')} FROM ${sample} AS s0) AS s`
  );
}

/** Reads the column names and types of a table (DESCRIBE). */
export async function describeTable(
  db: Db,
  table: string,
): Promise<{ name: string; type: string }[]> {
  const res = await db.query(`DESCRIBE ${ident(table)}`);
  return res.toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

const n = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** Profiles every column of `table` with one query. */
export async function profileTable(db: Db, table: string): Promise<ColumnProfile[]> {
  const cols = await describeTable(db, table);
  if (cols.length === 0) return [];
  const row = (await db.query(profileSql(table, cols))).get(0) as Record<string, unknown> | null;
  if (!row) throw new Error(`profileTable: no result for ${table}`);
  const rows = n(row.rows);
  const profiles = cols.map((c, i) => {
    const g = (k: string): number => n(row[`c${i}_${k}`]);
    const samplesVec = row[`c${i}_samples`] as { toArray(): unknown[] } | null;
    const profile: ColumnProfile = {
      name: c.name,
      type: c.type,
      rows,
      nonNull: g('nonnull'),
      distinct: g('distinct'),
      samples: samplesVec ? [...samplesVec.toArray()].map(String) : [],
    };
    if (isNumericType(c.type)) {
      profile.min = g('min');
      profile.max = g('max');
      profile.nonInteger = g('nonint');
      profile.compactValid = g('compact_ok');
    } else if (isTextType(c.type) && !isTemporalType(c.type)) {
      profile.text = {
        nonNull: g('snonnull'),
        iso: g('iso'),
        slash: g('slash'),
        compact: g('compact'),
        firstOver12: g('first13'),
        secondOver12: g('second13'),
        unpadded: g('unpadded'),
        dotted: g('dotted'),
        numeric: g('numeric'),
        floatLike: g('floatlike'),
        avgLength: g('avglen'),
        spaced: g('spaced'),
        digits: g('digits'),
        zeroPadded: g('zeropad'),
      };
    }
    return profile;
  });
  await addValues(db, table, profiles);
  return profiles;
}

/** Approximate distinct counts up to this read the exact values (the estimate errs a little). */
const VALUES_CANDIDATE = VALUES_MAX + 20;

/**
 * The SQL reading, for the columns at `indexes`, the exact number of distinct present values and
 * (when at most VALUES_MAX) the values themselves as sorted trimmed text.
 */
export function valuesSql(
  table: string,
  columns: readonly { name: string }[],
  indexes: readonly number[],
): string {
  const parts = indexes.flatMap((i) => {
    const v = `NULLIF(trim(CAST(${ident(columns[i].name)} AS VARCHAR)), '')`;
    return [
      `count(DISTINCT ${v})::DOUBLE AS "c${i}_nd"`,
      `CASE WHEN count(DISTINCT ${v}) <= ${VALUES_MAX} THEN array_sort(list(DISTINCT ${v})) END AS "c${i}_values"`,
    ];
  });
  return `SELECT ${parts.join(', ')} FROM ${ident(table)}`;
}

/** Fills in exact distinct counts (and value lists) of low-cardinality and bare-id columns. */
async function addValues(db: Db, table: string, profiles: ColumnProfile[]): Promise<void> {
  // Bare `id` columns too: whether they are unique decides the customer id, and the estimate
  // can be 15% off (420 unique ids counted as 361).
  const few = profiles.flatMap((p, i) =>
    (p.distinct <= VALUES_CANDIDATE || isGenericIdName(p.name)) && !isTemporalType(p.type)
      ? [i]
      : [],
  );
  if (few.length === 0) return;
  const row = (await db.query(valuesSql(table, profiles, few))).get(0) as Record<
    string,
    unknown
  > | null;
  if (!row) return;
  for (const i of few) {
    profiles[i].distinct = n(row[`c${i}_nd`]);
    const list = row[`c${i}_values`] as { toArray(): unknown[] } | null;
    if (list) profiles[i].values = [...list.toArray()].map(String);
  }
}
