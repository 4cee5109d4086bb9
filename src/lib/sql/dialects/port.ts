/**
 * `portScript`: a finished script, printed by a warehouse dialect, made valid SQL for that
 * warehouse. The builders write what DuckDB and PostgreSQL share; this pass rewrites the few
 * shared forms the warehouses spell otherwise, token by token (so nothing inside a name, a string
 * or a comment is ever touched):
 *
 * | form                         | Spark SQL             | Trino                      | BigQuery                          |
 * | ---------------------------- | --------------------- | -------------------------- | --------------------------------- |
 * | `"name"`                     | `` `name` ``          | `"name"`                   | `` `name` `` (backslash escapes)  |
 * | `'text'` with `''`           | `'text'`, `\'`, `\\`  | unchanged                  | `'text'`, `\'`, `\\`, `\n`        |
 * | `DATE '…' - 30`              | `date_sub(DATE '…', 30)` | `DATE '…' - INTERVAL '30' DAY` | `DATE_SUB(DATE '…', INTERVAL 30 DAY)` |
 * | `agg(x) FILTER (WHERE c)`    | unchanged             | unchanged                  | `agg(CASE WHEN c THEN x END)`     |
 * | `date_trunc('month', d)`     | unchanged             | unchanged                  | `DATE_TRUNC(d, MONTH)`            |
 * | `TIMESTAMP '…'`              | unchanged             | unchanged                  | `DATETIME '…'`                    |
 * | `UNION`                      | unchanged             | unchanged                  | `UNION DISTINCT`                  |
 * | `starts_with(a, b)`          | `startswith(a, b)`    | unchanged                  | unchanged                         |
 * | `trunc(x)` (numbers)         | `CASE … ceil/floor`   | `truncate(x)`              | unchanged                         |
 * | `row_number() OVER (PARTITION BY p)` | adds `ORDER BY p` | unchanged             | unchanged                         |
 */
import type { DialectName } from '../dialect';
import {
  closing,
  isWord,
  next,
  opening,
  previous,
  tokenize,
  untokenize,
  type Token,
} from './tokens';

type Warehouse = Exclude<DialectName, 'duckdb' | 'postgres'>;

/** A rewrite of the first occurrence it finds: the new script, or null when there is none. */
export type Rewrite = (t: Token[]) => string | null;

const text = (t: readonly Token[], a: number, b: number): string => untokenize(t.slice(a, b + 1));
const splice = (t: readonly Token[], a: number, b: number, sql: string): string =>
  untokenize(t.slice(0, a)) + sql + untokenize(t.slice(b + 1));

/** `DATE 'yyyy-mm-dd' - <days>`, as the index of DATE, the literal and the number. */
function dateMinus(t: Token[]): { at: number; lit: number; days: number } | null {
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], 'DATE')) continue;
    const lit = next(t, i + 1);
    if (t[lit]?.kind !== 'string') continue;
    const minus = next(t, lit + 1);
    if (t[minus]?.text !== '-') continue;
    const days = next(t, minus + 1);
    if (t[days]?.kind === 'number') return { at: i, lit, days };
  }
  return null;
}

export const dateArithmetic =
  (make: (date: string, days: string) => string): Rewrite =>
  (t) => {
    const m = dateMinus(t);
    if (!m) return null;
    return splice(t, m.at, m.days, make(text(t, m.at, m.lit), t[m.days].text));
  };

/** `fn(args) FILTER (WHERE cond)` -> `fn([DISTINCT] CASE WHEN cond THEN args END)`. */
export const filterIntoAggregate: Rewrite = (t) => {
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], 'FILTER')) continue;
    const open = next(t, i + 1);
    const where = next(t, open + 1);
    if (t[open]?.text !== '(' || !isWord(t[where], 'WHERE')) continue;
    const close = closing(t, open);
    const argsEnd = previous(t, i - 1);
    const argsOpen = opening(t, argsEnd);
    const fn = previous(t, argsOpen - 1);
    let first = next(t, argsOpen + 1);
    const distinct = isWord(t[first], 'DISTINCT');
    if (distinct) first = next(t, first + 1);
    const arg = text(t, first, argsEnd - 1).trim();
    const value = arg === '*' ? '1' : arg;
    const cond = text(t, where + 1, close - 1).trim();
    return splice(
      t,
      fn,
      close,
      `${t[fn].text}(${distinct ? 'DISTINCT ' : ''}CASE WHEN ${cond} THEN ${value} END)`,
    );
  }
  return null;
};

/** A call `name(args)`: the index of the name, its parentheses and its arguments' text. */
function call(t: Token[], name: string): { at: number; open: number; close: number } | null {
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], name.toUpperCase())) continue;
    const open = next(t, i + 1);
    if (t[open]?.text === '(') return { at: i, open, close: closing(t, open) };
  }
  return null;
}

export const monthTrunc: Rewrite = (t) => {
  for (let from = 0; ;) {
    const c = call(t.slice(from), 'date_trunc');
    if (!c) return null;
    const [open, close, at] = [c.open + from, c.close + from, c.at + from];
    const unit = next(t, open + 1);
    const comma = next(t, unit + 1);
    if (t[unit]?.kind === 'string' && t[comma]?.text === ',')
      return splice(
        t,
        at,
        close,
        `DATE_TRUNC(${text(t, comma + 1, close - 1).trim()}, ${t[unit].kind === 'string' ? (t[unit] as { value: string }).value.toUpperCase() : ''})`,
      );
    from = close + 1;
  }
};

export const renameCall =
  (from: string, to: string): Rewrite =>
  (t) => {
    const c = call(t, from);
    if (!c || t[c.at].text === to) return null;
    return splice(t, c.at, c.at, to);
  };

/** Spark has no numeric trunc(): rounding toward zero with ceil and floor. */
export const sparkTrunc: Rewrite = (t) => {
  const c = call(t, 'trunc');
  if (!c) return null;
  const x = `(${text(t, c.open + 1, c.close - 1)})`;
  return splice(t, c.at, c.close, `(CASE WHEN ${x} < 0 THEN ceil(${x}) ELSE floor(${x}) END)`);
};

/** Spark orders every row_number() window: by the partition itself (any order will do). */
export const orderedRowNumber: Rewrite = (t) => {
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], 'OVER')) continue;
    const open = next(t, i + 1);
    const by = next(t, open + 1);
    if (t[open]?.text !== '(' || !isWord(t[by], 'PARTITION')) continue;
    const close = closing(t, open);
    const inner = text(t, by, close - 1);
    if (/\bORDER\s+BY\b/i.test(inner)) continue;
    const fn = previous(t, previous(t, previous(t, i - 1) - 1) - 1);
    if (!isWord(t[fn], 'ROW_NUMBER')) continue;
    const cols = inner.replace(/^PARTITION\s+BY\s+/i, '');
    return splice(t, open, close, `(${inner} ORDER BY ${cols})`);
  }
  return null;
};

/** BigQuery has no bare UNION: the builders' UNION removes duplicates. */
export const unionDistinct: Rewrite = (t) => {
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t[i], 'UNION')) continue;
    const n = next(t, i + 1);
    if (!isWord(t[n], 'ALL') && !isWord(t[n], 'DISTINCT')) return splice(t, i, i, 'UNION DISTINCT');
  }
  return null;
};

/** BigQuery's zone-less timestamps are DATETIME values. */
export const datetimeLiteral: Rewrite = (t) => {
  for (let i = 0; i < t.length; i++)
    if (isWord(t[i], 'TIMESTAMP') && t[next(t, i + 1)]?.kind === 'string')
      return splice(t, i, i, 'DATETIME');
  return null;
};

const REWRITES: Record<Warehouse, Rewrite[]> = {
  spark: [
    dateArithmetic((date, days) => `date_sub(${date}, ${days})`),
    renameCall('starts_with', 'startswith'),
    sparkTrunc,
    orderedRowNumber,
  ],
  trino: [
    dateArithmetic((date, days) => `(${date} - INTERVAL '${days}' DAY)`),
    renameCall('trunc', 'truncate'),
  ],
  bigquery: [
    dateArithmetic((date, days) => `DATE_SUB(${date}, INTERVAL ${days} DAY)`),
    monthTrunc,
    datetimeLiteral,
    unionDistinct,
    filterIntoAggregate,
  ],
};

/** Backslash escapes for BigQuery's quoted names and strings. */
const backslashed = (s: string, quote: string): string =>
  s
    .replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
    .replaceAll(quote, `\\${quote}`);

/** Each identifier and string in the warehouse's own quoting. */
export function requote(d: Warehouse, t: Token[]): string {
  if (d === 'trino') return untokenize(t);
  return t
    .map((x) => {
      if (x.kind === 'ident')
        return d === 'spark'
          ? `\`${x.value.replaceAll('`', '``')}\``
          : `\`${backslashed(x.value, '`')}\``;
      if (x.kind === 'string')
        return d === 'spark'
          ? `'${x.value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
          : `'${backslashed(x.value, "'")}'`;
      return x.text;
    })
    .join('');
}

/** `sql` with every occurrence of each rewrite's form rewritten, in order. */
export function rewriteAll(sql: string, rewrites: readonly Rewrite[]): string {
  let script = sql;
  for (const rewrite of rewrites) {
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) throw new Error('portScript: a rewrite did not finish');
      const done = rewrite(tokenize(script));
      if (done === null) break;
      script = done;
    }
  }
  return script;
}

/** The script for warehouse `d`: its shared forms rewritten, then requoted. */
export function portScript(sql: string, d: Warehouse): string {
  return requote(d, tokenize(rewriteAll(sql, REWRITES[d])));
}
