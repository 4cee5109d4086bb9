/**
 * Reading a column of raw values (as text, from any file) as an outcome: a yes/no with two
 * values, or a number. Decided once for the whole column, so one customer's value never means
 * something else than another's.
 */
import { TrackError } from './error';

/** A raw cell: text as the file has it, a number, or nothing. */
export type RawValue = string | number | boolean | bigint | null | undefined;

/** An outcome read as yes/no (1/0/NaN) or as a number (NaN = missing). */
export type OutcomeValues =
  | { kind: 'binary'; values: Float64Array; positive: string; negative: string }
  | { kind: 'numeric'; values: Float64Array };

const MISSING = new Set(['', 'na', 'n/a', 'null', 'nan', 'none', '-', '?']);
const POSITIVE = new Set([
  '1',
  'yes',
  'y',
  'true',
  't',
  'responded',
  'response',
  'converted',
  'churned',
  'accepted',
  'bought',
  'purchased',
  'positive',
  'won',
]);
const NEGATIVE = new Set(['0', 'no', 'n', 'false', 'f', 'negative', 'lost']);

/** The text of a cell, trimmed; null when missing. */
export function cellText(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  const s = String(v).trim();
  return MISSING.has(s.toLowerCase()) ? null : s;
}

/** A cell as a finite number, or NaN (text that is not a plain number, or missing). */
export function cellNumber(text: string | null): number {
  if (text === null) return NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : NaN;
}

const isTrueish = (key: string): boolean => POSITIVE.has(key);
const isFalseish = (key: string): boolean => NEGATIVE.has(key);

/**
 * Reads `raw` as an outcome named `column` (for messages). Exactly two distinct values make a
 * yes/no: the one that reads as yes (1, yes, true, responded, …) counts as 1; with neither
 * recognised, the later one in sort order does (and `positive` says which). Numbers with more
 * than two values (or two that are not 0 and 1) are a numeric outcome. Throws TrackError when
 * every value is missing, or there are three or more values that are not all numbers.
 */
export function readOutcome(raw: readonly RawValue[], column: string): OutcomeValues {
  const texts = raw.map(cellText);
  const distinct = new Map<string, string>(); // lower-case -> first spelling
  let allNumbers = true;
  for (const t of texts) {
    if (t === null) continue;
    const key = t.toLowerCase();
    if (!distinct.has(key)) {
      distinct.set(key, t);
      if (Number.isNaN(cellNumber(t))) allNumbers = false;
    }
  }
  if (distinct.size === 0)
    throw new TrackError(
      `“${column}” has no value for any customer: choose a column that holds the outcome.`,
      'outcome',
    );
  const keys = [...distinct.keys()];
  if (allNumbers) {
    const numbers = new Set(keys.map((k) => cellNumber(k)));
    // Only 0 and 1: a yes/no written as numbers; anything else is a measure.
    if (![...numbers].every((x) => x === 0 || x === 1)) return numeric(texts);
    const values = Float64Array.from(texts, cellNumber);
    return { kind: 'binary', values, positive: '1', negative: '0' };
  }
  if (distinct.size > 2) {
    const shown = [...distinct.values()].slice(0, 4).map((v) => `“${v}”`);
    const more = distinct.size > 4 ? ', …' : '';
    throw new TrackError(
      `“${column}” has ${distinct.size} different values (${shown.join(', ')}${more}): an outcome is a yes/no with two values, or a number.`,
      'outcome',
    );
  }
  let positive: string;
  let negative: string;
  if (distinct.size === 1) {
    const only = keys[0];
    if (isTrueish(only)) [positive, negative] = [only, 'no'];
    else if (isFalseish(only)) [positive, negative] = ['yes', only];
    else
      throw new TrackError(
        `“${column}” has one value (“${distinct.get(only)}”) for everyone: it cannot tell customers apart.`,
        'outcome',
      );
  } else {
    const [a, b] = keys;
    if (isTrueish(a) && !isTrueish(b)) [positive, negative] = [a, b];
    else if (isTrueish(b) && !isTrueish(a)) [positive, negative] = [b, a];
    else if (isFalseish(a) && !isFalseish(b)) [positive, negative] = [b, a];
    else if (isFalseish(b) && !isFalseish(a)) [positive, negative] = [a, b];
    else [negative, positive] = [...keys].sort();
  }
  const values = new Float64Array(texts.length);
  texts.forEach((t, i) => {
    values[i] = t === null ? NaN : t.toLowerCase() === positive ? 1 : 0;
  });
  return {
    kind: 'binary',
    values,
    positive: distinct.get(positive) ?? positive,
    negative: distinct.get(negative) ?? negative,
  };
}

function numeric(texts: readonly (string | null)[]): OutcomeValues {
  return { kind: 'numeric', values: Float64Array.from(texts, cellNumber) };
}
