/**
 * CSV cells as RFC 4180 writes them, with spreadsheet formula injection neutralised (OWASP "CSV
 * Injection"): see docs/exports.md for the rule.
 */

/** Characters that make a spreadsheet read a cell as a formula (or hide one behind them). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Characters that force a field to be quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Neutralises a text cell a spreadsheet would run as a formula: one beginning with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading single quote. Plain numbers (`-12.5`, `+3`) are
 * left as they are: they cannot hold a formula.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV field: quoted (with `"` doubled) when it holds a comma, quote, CR or LF. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A text cell as written: neutralised when asked, then quoted as needed; null is empty. */
export function textCell(value: string | null, safe: boolean): string {
  if (value === null) return '';
  return csvField(safe ? neutralise(value) : value);
}

/** A number cell: shortest round-trip form; NaN, infinities and null are empty. */
export function numberCell(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(value);
}

/** Line ending of every record (RFC 4180). */
export const CRLF = '\r\n';

/** The header record. Column names are text too, so they are neutralised when `safe`. */
export function csvHeader(names: readonly string[], safe: boolean): string {
  return names.map((n) => textCell(n, safe)).join(',') + CRLF;
}
