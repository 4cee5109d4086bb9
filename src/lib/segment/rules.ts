/**
 * Ordered rule segments. A rule list is data; it compiles to an in-memory predicate (closures over
 * the typed columns, no per-row allocation) for live dragging. First matching rule wins; the rest
 * fall into the final "Everyone else" bucket, index `rules.length`.
 *
 * Categorical features are Int32Array codes into `categories[feature]` (-1 = missing); rules name
 * categories by their label, so a rule survives re-coding. Numeric features are
 * Float64Array/Float32Array with NaN = missing. A missing value satisfies only `is missing`: SQL's
 * NULL semantics, which agree because conditions have no NOT.
 */
import type { Condition, Leaf, NumericColumn } from './model';

/** One rule: a named condition. */
export interface Rule {
  id: string;
  name: string;
  when: Condition;
}

/** The columnar customer features a rule list runs over. */
export interface FeatureFrame {
  columns: Record<string, NumericColumn | Int32Array>;
  /** Labels of categorical features; `columns[feature]` then holds Int32 codes (-1 = missing). */
  categories?: Record<string, readonly string[]>;
}

/** A rule that cannot compile: names the rule and feature so the UI can show it by the control. */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly ruleName: string,
    readonly feature: string,
    detail: string,
  ) {
    super(`Rule "${ruleName}": feature "${feature}" ${detail}`);
    this.name = 'RuleError';
  }
}

/** Name of the final bucket. */
export const EVERYONE_ELSE = 'Everyone else';

/** A row test. */
export type Predicate = (i: number) => boolean;

/** A leaf with its value checked and typed for the feature's kind. */
export type Normal =
  | { op: 'is missing' }
  | { op: '<' | '<=' | '>' | '>=' | '=' | '!='; v: number | string }
  | { op: 'between'; lo: number; hi: number }
  | { op: 'in' | 'not in'; vs: (number | string)[] };

const isLeaf = (c: Condition): c is Leaf => 'feature' in c;

/** Checks a leaf's value shape and types for a numeric or categorical feature (else RuleError). */
export function normalizeLeaf(rule: Rule, leaf: Leaf, categorical: boolean): Normal {
  const fail = (detail: string): never => {
    throw new RuleError(rule.id, rule.name, leaf.feature, detail);
  };
  const scalar = (v: unknown): number | string => {
    if (categorical && (typeof v === 'string' || typeof v === 'number')) return String(v);
    if (!categorical && typeof v === 'number') return v;
    return fail(`needs a ${categorical ? 'category' : 'number'} value for "${leaf.op}"`);
  };
  switch (leaf.op) {
    case 'is missing':
      return { op: leaf.op };
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (categorical) fail(`is categorical; "${leaf.op}" needs a numeric feature`);
      return { op: leaf.op, v: scalar(leaf.value) };
    case '=':
    case '!=':
      return { op: leaf.op, v: scalar(leaf.value) };
    case 'between': {
      if (categorical) fail('is categorical; "between" needs a numeric feature');
      const v = leaf.value;
      if (!Array.isArray(v) || v.length !== 2) return fail('needs [low, high] for "between"');
      return { op: 'between', lo: scalar(v[0]) as number, hi: scalar(v[1]) as number };
    }
    case 'in':
    case 'not in': {
      if (!Array.isArray(leaf.value)) return fail(`needs a list for "${leaf.op}"`);
      return { op: leaf.op, vs: leaf.value.map(scalar) };
    }
    default:
      return fail(`has unknown operator "${String((leaf as Leaf).op)}"`);
  }
}

function compileLeaf(rule: Rule, leaf: Leaf, frame: FeatureFrame): Predicate {
  const col = frame.columns[leaf.feature];
  if (col === undefined) throw new RuleError(rule.id, rule.name, leaf.feature, 'no longer exists');
  const labels = frame.categories?.[leaf.feature];
  const n = normalizeLeaf(rule, leaf, labels !== undefined);
  if (labels !== undefined) {
    const codes = col as Int32Array;
    const code = (s: number | string): number => labels.indexOf(String(s));
    switch (n.op) {
      case 'is missing':
        return (i) => codes[i] < 0;
      case '=': {
        const c = code(n.v);
        return c < 0 ? () => false : (i) => codes[i] === c;
      }
      case '!=': {
        const c = code(n.v);
        return (i) => codes[i] >= 0 && codes[i] !== c;
      }
      case 'in':
      case 'not in': {
        const hit = new Uint8Array(labels.length);
        for (const s of n.vs) if (code(s) >= 0) hit[code(s)] = 1;
        return n.op === 'in'
          ? (i) => codes[i] >= 0 && hit[codes[i]] === 1
          : (i) => codes[i] >= 0 && hit[codes[i]] === 0;
      }
      default:
        throw new Error('unreachable');
    }
  }
  const x = col as NumericColumn;
  switch (n.op) {
    case 'is missing':
      return (i) => x[i] !== x[i];
    case '<': {
      const v = n.v as number;
      return (i) => x[i] < v;
    }
    case '<=': {
      const v = n.v as number;
      return (i) => x[i] <= v;
    }
    case '>': {
      const v = n.v as number;
      return (i) => x[i] > v;
    }
    case '>=': {
      const v = n.v as number;
      return (i) => x[i] >= v;
    }
    case '=': {
      const v = n.v as number;
      return (i) => x[i] === v;
    }
    case '!=': {
      const v = n.v as number;
      // NaN !== v would be true; a missing value must not match, as NULL <> v is not true in SQL.
      return (i) => x[i] === x[i] && x[i] !== v && v === v;
    }
    case 'between': {
      const { lo, hi } = n;
      return (i) => x[i] >= lo && x[i] <= hi;
    }
    case 'in':
    case 'not in': {
      const set = new Set(n.vs as number[]);
      const hasNaN = set.has(Number.NaN);
      if (hasNaN && n.op === 'not in') return () => false;
      return n.op === 'in'
        ? (i) => x[i] === x[i] && set.has(x[i])
        : (i) => x[i] === x[i] && !set.has(x[i]);
    }
  }
}

/** Compiles a condition to a row predicate; throws RuleError for a missing feature or bad value. */
export function compileCondition(rule: Rule, cond: Condition, frame: FeatureFrame): Predicate {
  if (isLeaf(cond)) return compileLeaf(rule, cond, frame);
  const parts = ('all' in cond ? cond.all : cond.any).map((c) => compileCondition(rule, c, frame));
  if ('all' in cond) {
    if (parts.length === 0) return () => true;
    if (parts.length === 1) return parts[0];
    if (parts.length === 2) {
      const [a, b] = parts;
      return (i) => a(i) && b(i);
    }
    return (i) => parts.every((p) => p(i));
  }
  if (parts.length === 0) return () => false;
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) {
    const [a, b] = parts;
    return (i) => a(i) || b(i);
  }
  return (i) => parts.some((p) => p(i));
}

/** Compiles every rule; throws the first RuleError. */
export function compileRules(rules: readonly Rule[], frame: FeatureFrame): Predicate[] {
  return rules.map((r) => compileCondition(r, r.when, frame));
}

/** Number of rows in a frame (all columns have the same length). */
export function frameLength(frame: FeatureFrame): number {
  const first = Object.values(frame.columns)[0];
  return first === undefined ? 0 : first.length;
}

/** First-match-wins assignment: rule index, or `rules.length` for everyone else. */
export function assignRules(
  rules: readonly Rule[],
  frame: FeatureFrame,
  out: Int32Array = new Int32Array(frameLength(frame)),
): Int32Array {
  const preds = compileRules(rules, frame);
  const k = preds.length;
  for (let i = 0; i < out.length; i++) {
    let j = 0;
    while (j < k && !preds[j](i)) j++;
    out[i] = j;
  }
  return out;
}
