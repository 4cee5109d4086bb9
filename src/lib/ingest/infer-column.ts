/**
 * One column's role from its name and its profile. The name gives a hint (names.ts); the data
 * confirms, overrules or fills it in. Whole-table rules (one customer id, one product category, a
 * row-number id) are in infer-table.ts.
 */
import {
  DATE_MATCH_SHARE,
  detectNumericDate,
  detectTextDate,
  NAMED_DATE_MATCH_SHARE,
} from './dates';
import { isNumericType, isTemporalType } from './dates';
import { isFlagValues } from './flags';
import { looksLikeCountries } from './geo';
import { isDateLikeName, roleFromName } from './names';
import { guessOrder } from './ordinal';
import type { ColumnProfile } from './profile';
import type { ColumnInfo, ColumnRole } from './types';

/** Share of present text values that must look numeric for a text column to count as numbers. */
const NUMERIC_SHARE = 0.95;
/** A text column with at most this many distinct values (or 5% of rows, up to 200) is a category. */
const CATEGORY_MAX_DISTINCT = 20;
/** Integer codes 1..k with k at most this are categories (Channel 1/2, Region 1/2/3). */
const CODE_MAX_LEVELS = 10;
/** ... and each level must be used this many times on average. */
const CODE_MIN_ROWS_PER_LEVEL = 3;
/** Numbers need this many values before a YYYYMMDD range alone (no date-like name) makes dates. */
const COMPACT_DATE_MIN_VALUES = 10;

const NUMBER_ROLES: readonly ColumnRole[] = ['amount', 'quantity', 'unit_price', 'measure'];
const FLOAT_TYPE = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/i;

function isCategoryByData(p: ColumnProfile): boolean {
  const limit = Math.max(CATEGORY_MAX_DISTINCT, Math.min(200, p.nonNull * 0.05));
  return p.distinct <= limit && p.nonNull > 0;
}

/** True when a profile shows one value in every present row (and at least one present). */
export function isConstant(p: ColumnProfile): boolean {
  return p.nonNull > 0 && p.distinct <= 1;
}

/** True for text written as digits with leading zeros (`00042`): an id or code, never a number. */
export function isZeroPaddedText(p: ColumnProfile): boolean {
  const t = p.text;
  return !!t && t.nonNull > 0 && t.zeroPadded > 0 && t.digits >= t.nonNull * NUMERIC_SHARE;
}

/** An ordinal column with its guessed order, or null when the values follow no known scale. */
function ordinalOf(p: ColumnProfile, base: Pick<ColumnInfo, 'name' | 'type'>): ColumnInfo | null {
  const guess = p.values ? guessOrder(p.values) : null;
  if (!guess) return null;
  return { ...base, role: 'ordinal', levels: guess.levels, levelsGuess: guess.scale };
}

function textRole(p: ColumnProfile, hint: ColumnRole | null): ColumnInfo {
  const t = p.text!;
  const base = { name: p.name, type: p.type };
  if (hint === 'customer_id' || hint === 'order_id') {
    const floatId = t.floatLike > 0 && t.floatLike >= Math.ceil(t.nonNull * NUMERIC_SHARE);
    return floatId ? { ...base, role: hint, floatId } : { ...base, role: hint };
  }
  const date = detectTextDate(t, hint === 'datetime' ? NAMED_DATE_MATCH_SHARE : DATE_MATCH_SHARE);
  if (date) {
    const info: ColumnInfo = { ...base, role: 'datetime', dateFormat: date.format };
    return date.ambiguous ? { ...info, dateAmbiguous: true } : info;
  }
  if (hint === 'ignore' || hint === 'text') return { ...base, role: hint };
  if (p.values && isFlagValues(p.values)) return { ...base, role: 'flag' };
  const ordinal = ordinalOf(p, base);
  if (ordinal) return ordinal;
  if (hint === 'category' || hint === 'geo') return { ...base, role: hint };
  const padded = isZeroPaddedText(p);
  const numeric = t.nonNull > 0 && t.numeric >= Math.ceil(t.nonNull * NUMERIC_SHARE);
  if (numeric && !padded) {
    return { ...base, role: hint && NUMBER_ROLES.includes(hint) ? hint : 'measure' };
  }
  if (looksLikeCountries(p.values ?? p.samples)) return { ...base, role: 'geo' };
  if (isCategoryByData(p)) return { ...base, role: 'category' };
  // Long or multi-word values read as prose; short high-cardinality codes are of no use as-is.
  if (!padded && (t.avgLength > 15 || t.spaced > t.nonNull / 2)) return { ...base, role: 'text' };
  return { ...base, role: 'ignore' };
}

function numericRole(p: ColumnProfile, hint: ColumnRole | null): ColumnInfo {
  const base = { name: p.name, type: p.type };
  const allInteger = p.nonInteger === 0;
  if (hint === 'customer_id' || hint === 'order_id') {
    const isFloat = FLOAT_TYPE.test(p.type);
    return isFloat && allInteger ? { ...base, role: hint, floatId: true } : { ...base, role: hint };
  }
  const compactValid = p.nonNull > 0 && p.compactValid === p.nonNull;
  // A headerless file's `19970101` column has no name to go by: many valid dates are evidence.
  const dateName =
    isDateLikeName(p.name) || (p.nonNull >= COMPACT_DATE_MIN_VALUES && p.distinct >= 2);
  const date = detectNumericDate(p.min ?? NaN, p.max ?? NaN, allInteger, compactValid, dateName);
  if (date === 'ymd_compact' || (date && isDateLikeName(p.name))) {
    return { ...base, role: 'datetime', dateFormat: date };
  }
  if (hint && (NUMBER_ROLES.includes(hint) || hint === 'ignore')) return { ...base, role: hint };
  if (hint === 'category' || hint === 'geo') return { ...base, role: hint };
  if (allInteger && p.distinct === 2 && p.min === 0 && p.max === 1) {
    return { ...base, role: 'flag' };
  }
  // Codes 1..k that repeat (each level on several rows): a counter 1, 2, 3 is not a code.
  const codes =
    allInteger &&
    p.distinct >= 2 &&
    p.distinct <= CODE_MAX_LEVELS &&
    p.min === 1 &&
    p.max === p.distinct &&
    p.nonNull >= CODE_MIN_ROWS_PER_LEVEL * p.distinct;
  if (codes) return { ...base, role: 'category' };
  return { ...base, role: 'measure' };
}

/** Infers one column's role from its name and profile. */
export function inferRole(p: ColumnProfile): ColumnInfo {
  const hint = roleFromName(p.name);
  const base = { name: p.name, type: p.type };
  // Nothing to go by: an empty column is ignored (the Data step says so).
  if (p.nonNull === 0) return { ...base, role: 'ignore' };
  if (isTemporalType(p.type)) return { ...base, role: 'datetime', dateFormat: 'native' };
  const isId = hint === 'customer_id' || hint === 'order_id';
  if (isConstant(p) && !isId) return { ...base, role: 'ignore' };
  if (isNumericType(p.type)) return numericRole(p, hint);
  if (p.text) return textRole(p, hint);
  if (/^BOOL/i.test(p.type)) return { ...base, role: 'flag' };
  return { ...base, role: 'ignore' };
}
