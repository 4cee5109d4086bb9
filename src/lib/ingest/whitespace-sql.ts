/**
 * How a SQL script reads a whitespace-aligned file by itself (the studio rewrites the bytes as
 * tab-separated text, see whitespace.ts): read the lines in file order, drop blank ones and the
 * header, split each on runs of spaces and tabs, and cast every field to the type the studio
 * read. Native DuckDB runs it as written; the rows come out in file order.
 */
import { ident, literal } from '../sql/quote';

/** A column of the raw table as the studio read it (DuckDB type name). */
export interface WhitespaceColumn {
  name: string;
  type: string;
}

/** How the studio read the file: header or not, and the formats DuckDB found for dates. */
export interface WhitespaceLayout {
  header: boolean;
  /** strftime-style format of DATE columns, when not ISO. */
  dateFormat?: string;
  /** strftime-style format of TIMESTAMP columns, when not ISO. */
  timestampFormat?: string;
}

function field(i: number, c: WhitespaceColumn, layout: WhitespaceLayout): string {
  const f = `f[${i + 1}]`;
  if (/^DATE$/i.test(c.type) && layout.dateFormat)
    return `CAST(strptime(${f}, ${literal(layout.dateFormat)}) AS DATE)`;
  if (/^TIMESTAMP/i.test(c.type) && layout.timestampFormat)
    return `CAST(strptime(${f}, ${literal(layout.timestampFormat)}) AS ${c.type})`;
  return `CAST(${f} AS ${c.type})`;
}

/**
 * A DuckDB SELECT of the raw rows of the whitespace-aligned file at `path`, one column per entry
 * of `columns` (in file order, typed as given), ordered as the lines of the file. Reads the whole
 * file as one text value (`read_text`), which DuckDB handles up to a few gigabytes.
 */
export function whitespaceReadSql(
  path: string,
  layout: WhitespaceLayout,
  columns: readonly WhitespaceColumn[],
): string {
  const list = columns.map((c, i) => `${field(i, c, layout)} AS ${ident(c.name)}`).join(', ');
  const lines =
    `SELECT unnest(l) AS line, generate_subscripts(l, 1) AS i ` +
    `FROM (SELECT string_split(content, chr(10)) AS l FROM read_text(${literal(path)}))`;
  const kept =
    `SELECT regexp_split_to_array(t, '[ \\t]+') AS f, row_number() OVER (ORDER BY i) AS n ` +
    `FROM (SELECT trim(line, ' ' || chr(9) || chr(13)) AS t, i FROM (${lines})) WHERE t <> ''`;
  const skip = layout.header ? ' WHERE n > 1' : '';
  return `SELECT ${list} FROM (${kept})${skip} ORDER BY n`;
}

/** The staging table of a file's lines, numbered in file order. */
const LINES = '__segment_studio_lines';

/**
 * psql lines that fill PostgreSQL table `table` (which must exist with `columns`, typed as the
 * script's CREATE TABLE says, plus `withPosition`'s row position column first when given) from
 * the whitespace-aligned file at `path`: `\copy` the lines into a numbered staging table (a
 * delimiter and quote that text never holds, so each line is one value), then split each line on
 * runs of spaces and tabs. Date formats are not applied: PostgreSQL reads ISO and YYYYMMDD.
 */
export function whitespacePostgresLoad(
  table: string,
  path: string,
  layout: Pick<WhitespaceLayout, 'header'>,
  columns: readonly { name: string; pgType: string }[],
  withPosition?: string,
): string[] {
  const blank = "E' \\t\\r'";
  const split = `regexp_split_to_array(btrim(line, ${blank}), E'[ \\t]+')`;
  const target = [
    ...(withPosition ? [ident(withPosition)] : []),
    ...columns.map((c) => ident(c.name)),
  ];
  const values = [
    ...(withPosition ? ['row_number() OVER (ORDER BY n) - 1'] : []),
    ...columns.map((c, i) => `CAST(f[${i + 1}] AS ${c.pgType})`),
  ];
  const lines = `SELECT n, ${split} AS f FROM ${LINES} WHERE btrim(line, ${blank}) <> '' ORDER BY n`;
  return [
    `CREATE TEMP TABLE ${LINES} (n bigint GENERATED ALWAYS AS IDENTITY, line text);`,
    `\\copy ${LINES} (line) FROM ${literal(path)} WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')`,
    `INSERT INTO ${ident(table)} (${target.join(', ')}) SELECT ${values.join(', ')} FROM (${lines}${layout.header ? ' OFFSET 1' : ''}) AS s;`,
    `DROP TABLE ${LINES};`,
  ];
}
