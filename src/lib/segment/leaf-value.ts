/**
 * What the rule builder types into a leaf: the operator menu, the value as text and back, and a
 * starting leaf. Rule features are numeric columns (one-hot categories are 0/1), so every value
 * the builder writes is a number or a list of numbers.
 */
import { isMoneyFeature } from '../number-format';
import type { Leaf, NumericColumn, Op } from './model';

/** The operators the rule builder offers, in menu order. */
export const RULE_OPS: readonly Op[] = [
  '>',
  '>=',
  '<',
  '<=',
  '=',
  '!=',
  'between',
  'in',
  'not in',
  'is missing',
];

/** A typed value, or why it cannot be used (shown next to the input). */
export type ParsedValue = { value: number | number[] } | { error: string };

const LIST_OPS = new Set<Op>(['in', 'not in']);

/** The text a leaf's value shows in its input: lists are comma-separated. */
export function formatLeafValue(leaf: Leaf): string {
  const v = leaf.value;
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
}

/** A number with comma-grouped thousands, e.g. "1,000" or "-12,345.6". */
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

function parseNumber(token: string): number | string {
  const x = Number(token);
  return token !== '' && Number.isFinite(x) ? x : `“${token}” is not a number.`;
}

/**
 * Parses the value typed for `op`: one number; `low, high` (or `low and high`) for `between`;
 * a comma-separated list for `in` / `not in`.
 */
export function parseLeafValue(op: Op, text: string): ParsedValue {
  const trimmed = text.trim();
  if (op === 'between' || LIST_OPS.has(op)) {
    const tokens = trimmed.split(/\s*[,;]\s*|\s+and\s+|\s+/i).filter((t) => t !== '');
    const xs: number[] = [];
    for (const t of tokens) {
      const x = parseNumber(t);
      if (typeof x === 'string') return { error: x };
      xs.push(x);
    }
    if (op !== 'between') {
      return xs.length ? { value: xs } : { error: 'Type one or more numbers, comma-separated.' };
    }
    if (xs.length !== 2) return { error: 'Type two numbers: low, high.' };
    if (xs[0] > xs[1]) return { error: 'The low end is above the high end.' };
    return { value: xs };
  }
  if (trimmed === '') return { error: 'Type a number.' };
  // One number may be written with thousands separators ("10,000.50"); in lists a comma
  // separates values, so there it cannot.
  const x = parseNumber(GROUPED.test(trimmed) ? trimmed.replaceAll(',', '') : trimmed);
  return typeof x === 'string' ? { error: x } : { value: x };
}

const numbersOf = (v: Leaf['value']): number[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is number => typeof x === 'number');

/** `leaf` with operator `op`, its value reshaped to fit (`between` 5 becomes `[5, 5]`, etc.). */
export function withOp(leaf: Leaf, op: Op): Leaf {
  const xs = numbersOf(leaf.value);
  const { feature } = leaf;
  if (op === 'is missing') return { feature, op };
  if (op === 'between') return { feature, op, value: [xs[0] ?? 0, xs[xs.length - 1] ?? 0] };
  if (LIST_OPS.has(op)) return { feature, op, value: xs };
  return { feature, op, value: xs[0] ?? 0 };
}

/**
 * A first condition on `feature`: above its median, so it splits customers. Money keeps its
 * cents (5003.68, as the histogram writes it); other numbers 4 significant digits.
 */
export function starterLeaf(feature: string, values: NumericColumn | undefined): Leaf {
  const finite = Float64Array.from(values ?? [])
    .filter(Number.isFinite)
    .sort();
  const median = finite.length ? finite[Math.floor(finite.length / 2)] : 0;
  const value = isMoneyFeature(feature) ? Math.round(median * 100) / 100 : +median.toPrecision(4);
  return { feature, op: '>', value };
}

/** Operators whose values are thresholds, drawn as handles on the feature's histogram. */
export const THRESHOLD_OPS: ReadonlySet<Op> = new Set<Op>(['>', '>=', '<', '<=', 'between']);

/** The threshold handle positions of a leaf, or null when it has none to draw. */
export function thresholdCuts(leaf: Leaf): number[] | null {
  if (!THRESHOLD_OPS.has(leaf.op)) return null;
  const v = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  return v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : null;
}

/** The operators a condition on a category offers. */
export const CATEGORY_OPS: readonly Op[] = ['=', '!=', 'in', 'not in', 'is missing'];

const labelsOf = (v: Leaf['value']): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );

/** A first condition on a category: equal to its first level. */
export function categoryLeaf(feature: string, labels: readonly string[]): Leaf {
  return { feature, op: '=', value: labels[0] ?? '' };
}

/** A category's `leaf` with operator `op`, its labels reshaped to fit (one for = and !=, a list for in). */
export function withCategoryOp(leaf: Leaf, op: Op, labels: readonly string[]): Leaf {
  const kept = labelsOf(leaf.value).filter((l) => labels.includes(l));
  const { feature } = leaf;
  if (op === 'is missing') return { feature, op };
  if (LIST_OPS.has(op)) return { feature, op, value: kept };
  return { feature, op, value: kept[0] ?? labels[0] ?? '' };
}
