/**
 * Recognising and parsing dates written as text or numbers. Detection works on aggregate counts
 * from the profiling query (see `dateProfileSql`), parsing is a SQL expression per `DateFormat`.
 */
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { literal } from '../sql/quote';
import type { DateFormat } from './types';

/** ISO 8601 date, optional time (space or `T`), optional fraction and zone. */
export const ISO_DATE_RE =
  '^\\d{4}-\\d{2}-\\d{2}([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?$';
/** Day/month/year in either order, `/`, `.` or `-` separated, optional `H:MM[:SS]`. */
export const SLASH_DATE_RE =
  '^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})( \\d{1,2}:\\d{2}(:\\d{2})?)?$';
/** Eight digits forming a date from 1900 to 2100, e.g. `20101201` (month and day ranges only). */
export const COMPACT_DATE_RE = '^(19\\d\\d|20\\d\\d|2100)(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])$';

/** Epoch seconds of 1990-01-01 and 2100-01-01: the range a plausible epoch column falls in. */
export const EPOCH_S_MIN = 631_152_000;
export const EPOCH_S_MAX = 4_102_444_800;

/** Counts for one text column, as returned by `dateProfileSql` (non-null values only). */
export interface TextDateStats {
  nonNull: number;
  iso: number;
  slash: number;
  compact: number;
  /** Rows whose first slash-separated part is > 12 (so it must be the day). */
  firstOver12: number;
  /** Rows whose second slash-separated part is > 12. */
  secondOver12: number;
  /** Rows with a single-digit day/month or hour (`1/2/2010 8:26`). */
  unpadded: number;
  /** Rows using `.` as the date separator (`01.12.2010`). */
  dotted: number;
}

/** A detected date format and whether the day/month order was a guess. */
export interface DateGuess {
  format: DateFormat;
  ambiguous: boolean;
}

/** Share of non-null values that must match a pattern before a column counts as dates. */
export const DATE_MATCH_SHARE = 0.95;
/** The same share for a column whose name says it holds dates (`order_date`, `created_at`). */
export const NAMED_DATE_MATCH_SHARE = 0.5;

/**
 * Aggregate expressions (comma-separated, aliased `${prefix}iso` ...) that count how a text
 * expression's values match each date pattern. `expr` must already be quoted SQL.
 */
export function dateProfileSql(expr: string, prefix: string): string {
  const s = `trim(${expr})`;
  const slash = `regexp_full_match(${s}, ${literal(SLASH_DATE_RE)})`;
  const part = (i: number): string =>
    `TRY_CAST(regexp_extract(${s}, ${literal(SLASH_DATE_RE)}, ${i}) AS INTEGER)`;
  // A regex, not try_strptime: strptime on non-matching text is ~20x slower in DuckDB-WASM.
  const compact = `regexp_full_match(${s}, ${literal(COMPACT_DATE_RE)})`;
  const a = (name: string): string => `"${prefix}${name}"`;
  return [
    `count(*) FILTER (WHERE regexp_full_match(${s}, ${literal(ISO_DATE_RE)})) AS ${a('iso')}`,
    `count(*) FILTER (WHERE ${slash}) AS ${a('slash')}`,
    `count(*) FILTER (WHERE ${compact}) AS ${a('compact')}`,
    `count(*) FILTER (WHERE ${slash} AND ${part(1)} > 12) AS ${a('first13')}`,
    `count(*) FILTER (WHERE ${slash} AND ${part(2)} > 12) AS ${a('second13')}`,
    `count(*) FILTER (WHERE ${slash} AND regexp_matches(${s}, '^\\d[/.-]|[/.-]\\d[/.-]| \\d:')) AS ${a('unpadded')}`,
    `count(*) FILTER (WHERE ${slash} AND regexp_matches(${s}, '^\\d{1,2}\\.')) AS ${a('dotted')}`,
  ].join(', ');
}

/**
 * Decides day/month order for `d/m/y`-like text. Evidence wins: a first part > 12 means dmy, a
 * second part > 12 means mdy (if both occur, the more frequent wins and the result is flagged
 * ambiguous). Without evidence the guess is ambiguous and follows this rule: `.` separators or
 * zero-padded parts (`01/12/2010 08:26`) suggest European dmy; unpadded parts (`12/1/2010 8:26`,
 * as US spreadsheet exports write them) suggest mdy.
 */
export function resolveDayMonth(st: TextDateStats): DateGuess {
  if (st.firstOver12 > 0 && st.secondOver12 > 0) {
    return { format: st.firstOver12 >= st.secondOver12 ? 'dmy' : 'mdy', ambiguous: true };
  }
  if (st.firstOver12 > 0) return { format: 'dmy', ambiguous: false };
  if (st.secondOver12 > 0) return { format: 'mdy', ambiguous: false };
  if (st.dotted > 0) return { format: 'dmy', ambiguous: true };
  return { format: st.unpadded > 0 ? 'mdy' : 'dmy', ambiguous: true };
}

/**
 * Picks the date format of a text column from its pattern counts, or null if it is not dates.
 * `share` of the non-null values must match (lower it when the name already says date).
 */
export function detectTextDate(st: TextDateStats, share = DATE_MATCH_SHARE): DateGuess | null {
  if (st.nonNull === 0) return null;
  const need = Math.ceil(st.nonNull * share);
  if (st.iso >= need) return { format: 'iso', ambiguous: false };
  if (st.slash >= need) return resolveDayMonth(st);
  if (st.compact >= need) return { format: 'ymd_compact', ambiguous: false };
  return null;
}

/**
 * Picks the date format of a numeric column from its range: `YYYYMMDD` integers, or epoch
 * seconds/milliseconds between 1990 and 2100. Epochs need a date-like name (`dateLikeName`),
 * since plenty of ordinary numbers fall in those ranges.
 */
export function detectNumericDate(
  min: number,
  max: number,
  allInteger: boolean,
  compactValid: boolean,
  dateLikeName: boolean,
): DateFormat | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  if (allInteger && compactValid && min >= 19000101 && max <= 21001231) {
    return dateLikeName ? 'ymd_compact' : null;
  }
  if (!dateLikeName) return null;
  if (min >= EPOCH_S_MIN && max <= EPOCH_S_MAX) return 'epoch_s';
  if (min >= EPOCH_S_MIN * 1000 && max <= EPOCH_S_MAX * 1000) return 'epoch_ms';
  return null;
}

const SLASH_FORMATS = (dayFirst: boolean): string[] => {
  const d = dayFirst ? '%d/%m/%Y' : '%m/%d/%Y';
  return [`${d} %H:%M:%S`, `${d} %H:%M`, d];
};

/**
 * A SQL expression turning `expr` (quoted SQL of type `type`) into a TIMESTAMP per `format`, in
 * dialect `d`. Unparseable values become NULL; which text parses is decided by patterns (see
 * `Dialect.parseIsoTimestamp` and `Dialect.strptime`), the same in every dialect. Zone offsets in
 * ISO text are dropped, not applied: DuckDB-WASM has no ICU, and local wall-clock time is what RFM
 * needs. Epochs are rounded to the millisecond, halves up.
 */
export function parseDateSql(
  expr: string,
  type: string,
  format: DateFormat,
  d: Dialect = duckdb,
): string {
  const text = `trim(${d.cast(expr, 'VARCHAR')})`;
  const ms = (scale: number): string =>
    d.epochMs(
      d.cast(
        `floor(${d.cast(expr, 'DOUBLE')}${scale === 1 ? '' : ` * ${d.num(scale)}`} + ${d.num(0.5)})`,
        'BIGINT',
      ),
    );
  switch (format) {
    case 'native':
      if (!isTemporalType(type)) return d.parseIsoTimestamp(text);
      // Without ICU a zoned timestamp may not convert: then NULL, as before.
      return /TIME ZONE|TZ/i.test(type) ? d.tryCast(expr, 'TIMESTAMP') : d.cast(expr, 'TIMESTAMP');
    case 'iso':
      return d.parseIsoTimestamp(
        `regexp_replace(${text}, ${literal('\\s*(Z|[+-]\\d{2}:?\\d{2})$')}, '')`,
      );
    case 'mdy':
    case 'dmy': {
      const norm = `regexp_replace(${text}, ${literal('^(\\d{1,2})[.-](\\d{1,2})[.-]')}, ${literal('\\1/\\2/')})`;
      return d.strptime(norm, SLASH_FORMATS(format === 'dmy'));
    }
    case 'ymd_compact': {
      const digits = isNumericType(type) ? d.cast(d.tryCast(expr, 'BIGINT'), 'VARCHAR') : text;
      return d.strptime(digits, ['%Y%m%d']);
    }
    case 'epoch_s':
      return ms(1000);
    case 'epoch_ms':
      return ms(1);
  }
}

/** True for DuckDB numeric type names (integers, floats, decimals). */
export function isNumericType(type: string): boolean {
  return /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|U?HUGEINT|DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$/i.test(
    type.trim(),
  );
}

/** True for DuckDB DATE/TIMESTAMP types (any precision, with or without zone). */
export function isTemporalType(type: string): boolean {
  return /^(DATE|TIMESTAMP.*|DATETIME)$/i.test(type.trim());
}
