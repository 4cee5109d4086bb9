/**
 * Checks a custom feature's id and expression as the user types them, in words, pointing at
 * the character that is wrong. The same rules as the spec validator and the compiler, so what
 * passes here is not refused later at Compute.
 */
import { ExprError } from './expr/ast';
import { compileExpr } from './expr/compile';
import { parseExpr } from './expr/parse';

/** A problem in a typed text: what is wrong, and where (0-based character offset). */
export interface TypedProblem {
  message: string;
  /** Offset of the character at fault; null when the problem is the whole text. */
  pos: number | null;
}

const ID_MAX = 63;

/**
 * Why a custom feature id is refused, or null when it is fine (an empty id is not yet a
 * problem: the Add button stays off). `taken` are the ids already in the spec.
 */
export function customIdProblem(id: string, taken: readonly string[]): TypedProblem | null {
  if (id === '') return null;
  const bad = /[^a-z0-9_]/.exec(id);
  if (bad) {
    const ch = bad[0];
    const what = ch === ' ' ? 'a space' : /[A-Z]/.test(ch) ? `capital “${ch}”` : `“${ch}”`;
    const fix = /[A-Z]/.test(ch) ? ` (write “${ch.toLowerCase()}”)` : ch === ' ' ? ' (use _)' : '';
    return {
      message: `The id may only use lower-case letters, digits and _: ${what} at character ${bad.index + 1} is not allowed${fix}.`,
      pos: bad.index,
    };
  }
  if (!/^[a-z]/.test(id)) return { message: 'The id must start with a letter (a to z).', pos: 0 };
  if (id.length > ID_MAX)
    return { message: `The id may be at most ${ID_MAX} characters long.`, pos: ID_MAX };
  if (taken.includes(id))
    return { message: `Another feature is already called “${id}”: choose another id.`, pos: null };
  return null;
}

/** The columns an expression may name, when known; without them only the syntax is checked. */
export interface ExprColumns {
  transactions: readonly string[];
  customers: readonly string[];
}

/**
 * Why a custom expression is refused, or null when it is fine (or empty). Names the problem in
 * words and says which character it is at.
 */
export function customExprProblem(expr: string, columns?: ExprColumns): TypedProblem | null {
  if (expr.trim() === '') return null;
  try {
    if (columns)
      compileExpr(expr, {
        txColumns: columns.transactions,
        customerColumns: columns.customers,
        txRef: (c) => `t.${c}`,
        customerRef: (c) => `c.${c}`,
        aggregate: (sql) => sql,
      });
    else parseExpr(expr);
    return null;
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    return { message: inWords(err, expr), pos: err.pos };
  }
}

/** The parser's message as a sentence a reader acts on, with the place in characters. */
function inWords(err: ExprError, expr: string): string {
  const raw = err.message.replace(/ at position \d+$/, '');
  const at = err.pos >= expr.length ? 'at the end' : `at character ${err.pos + 1}`;
  if (/^unexpected end of expression$/.test(raw) || /but found end of expression$/.test(raw)) {
    const open = depth(expr);
    const need =
      open > 0
        ? `${open} bracket${open === 1 ? ' is' : 's are'} still open: add “)”`
        : 'a value or column name is missing';
    return `The expression is not finished: ${need} ${at}.`;
  }
  const where = at.charAt(0).toUpperCase() + at.slice(1);
  return `${where}: ${raw}.`;
}

/** How many round brackets are open at the end of `expr`, ignoring quoted text. */
function depth(expr: string): number {
  let open = 0;
  let quote: string | null = null;
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') open++;
    else if (ch === ')') open = Math.max(0, open - 1);
  }
  return open;
}

/** The longest window accepted, in days (about 100 years). */
export const WINDOW_DAYS_MAX = 36_600;

/**
 * Reads the Window (days) field: null for blank (all history), else a whole number of days
 * from 1 to WINDOW_DAYS_MAX; anything else is a problem in words.
 */
export function windowDays(text: string): { days: number | null } | { problem: string } {
  const t = text.trim();
  if (t === '') return { days: null };
  const n = Number(t);
  if (!Number.isFinite(n))
    return { problem: 'The window must be a number of days, or blank for all history.' };
  if (n <= 0)
    return {
      problem: `A window of ${n.toLocaleString('en')} days holds no purchases: use a whole number of days from 1 up, or blank for all history.`,
    };
  if (!Number.isInteger(n)) return { problem: 'The window must be a whole number of days.' };
  if (n > WINDOW_DAYS_MAX)
    return {
      problem: `The window may be at most ${WINDOW_DAYS_MAX.toLocaleString('en')} days; blank means all history.`,
    };
  return { days: n };
}
