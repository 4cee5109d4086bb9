/**
 * The FeatureSpec: a plain, serialisable description of which customer features to compute.
 * It travels inside share links, so `validateSpec()` treats it as untrusted input: every field
 * is checked, unknown fields are rejected, and no SQL text is ever taken from it (custom
 * expressions are parsed by our own grammar in `expr/`).
 */
import { isObj, type Problem } from '../problems';
import { FeatureError } from './errors';
import { parseExpr } from './expr/parse';
import { ExprError } from './expr/ast';

/** Every feature kind the builders know. */
export const FEATURE_KINDS = [
  'recency',
  'frequency',
  'monetary',
  'tenure',
  'aov',
  'avg_days_between',
  'median_days_between',
  'distinct_products',
  'distinct_categories',
  'category_share',
  'return_rate',
  'spend_trend',
  'active_months',
  'attribute_numeric',
  'attribute_category',
  'attribute_date_age',
  'tx_attribute',
  'custom',
] as const;

/** A feature kind. */
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** Transform kinds; `winsorize` uses `lower`/`upper` percentiles in (0, 1). */
export const TRANSFORM_KINDS = ['none', 'log1p', 'zscore', 'minmax', 'winsorize', 'rank'] as const;

/** A per-feature transform, applied after missing-value handling. */
export interface Transform {
  kind: (typeof TRANSFORM_KINDS)[number];
  /** winsorize: lower percentile, default 0.01. */
  lower?: number;
  /** winsorize: upper percentile, default 0.99. */
  upper?: number;
}

/** Missing-value policies. */
export const MISSING_POLICIES = ['drop', 'median', 'mean', 'zero', 'indicator', 'keep'] as const;

/**
 * What to do with a NULL feature value: drop the customer, impute the median/mean/zero, impute
 * the median and add a 0/1 `<id>__missing` column, or (categories kept as levels only) keep it
 * missing, a level of its own for k-prototypes and `is missing` for rules.
 */
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** One feature of the spec. */
export interface FeatureDef {
  /** Output column name: lower-case letters, digits and `_`, starting with a letter. */
  id: string;
  kind: FeatureKind;
  /** attribute_*: the customer-table column; tx_attribute: the transactions column. */
  column?: string;
  /** category_share / attribute_category: how many most frequent categories become columns. */
  topN?: number;
  /** category_share / attribute_category: explicit category set (overrides topN). */
  categories?: string[];
  /** Only transactions in the last `windowDays` before the as-of date (spend_trend: period length). */
  windowDays?: number;
  /** custom: an expression in the grammar of `expr/parse.ts`. */
  expr?: string;
  /**
   * attribute_category: one 0/1 column per category (`one-hot`, the default), or one column
   * holding the category's position in `categories` (`levels`; the rest are one more level,
   * "(other)"), for rules on categories and k-prototypes.
   */
  encoding?: 'one-hot' | 'levels';
  /**
   * attribute_date_age: the time from the date to the as-of date in years (365.25 days, the
   * default: an age) or in whole days (a tenure such as days since signup).
   */
  unit?: 'years' | 'days';
  transform: Transform;
  missing: MissingPolicy;
}

/** The whole spec. */
export interface FeatureSpec {
  /** `YYYY-MM-DD`; null = the day after the last transaction (computed by a query). */
  asOf: string | null;
  /** Default window for every transaction feature: only the last `days` days before as-of. */
  window?: { days: number };
  features: FeatureDef[];
}

const DEF_KEYS = new Set([
  'id',
  'encoding',
  'unit',
  'kind',
  'column',
  'topN',
  'categories',
  'windowDays',
  'expr',
  'transform',
  'missing',
]);
const ID_RE = /^[a-z][a-z0-9_]{0,62}$/;
const MAX_FEATURES = 200;
const MAX_EXPR = 2000;

function fail(where: string, msg: string): never {
  throw new FeatureError(`${where}: ${msg}`, where);
}

function checkKeys(o: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const k of Object.keys(o)) if (!allowed.has(k)) fail(where, `unknown field "${k}"`);
}

function posInt(v: unknown, where: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    fail(where, `must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkTransform(v: unknown, where: string): Transform {
  if (!isObj(v)) fail(where, 'must be an object like {"kind":"none"}');
  checkKeys(v, new Set(['kind', 'lower', 'upper']), where);
  const kind = v.kind as Transform['kind'];
  if (!TRANSFORM_KINDS.includes(kind)) {
    fail(`${where}.kind`, `must be one of ${TRANSFORM_KINDS.join(', ')}`);
  }
  const t: Transform = { kind };
  for (const side of ['lower', 'upper'] as const) {
    const p = v[side];
    if (p === undefined) continue;
    if (kind !== 'winsorize') fail(`${where}.${side}`, 'only applies to winsorize');
    if (typeof p !== 'number' || !(p > 0 && p < 1)) {
      fail(`${where}.${side}`, 'must be a percentile strictly between 0 and 1, e.g. 0.01');
    }
    t[side] = p;
  }
  if (kind === 'winsorize' && (t.lower ?? 0.01) >= (t.upper ?? 0.99)) {
    fail(where, 'winsorize lower percentile must be below the upper one');
  }
  return t;
}

function checkDef(v: unknown, i: number): FeatureDef {
  const where = `features[${i}]`;
  if (!isObj(v)) fail(where, 'must be an object');
  checkKeys(v, DEF_KEYS, where);
  if (typeof v.id !== 'string' || !ID_RE.test(v.id)) {
    fail(`${where}.id`, 'must be lower-case letters, digits or _ starting with a letter');
  }
  if (!FEATURE_KINDS.includes(v.kind as FeatureKind)) {
    fail(`${where}.kind`, `unknown kind ${JSON.stringify(v.kind)}`);
  }
  if (!MISSING_POLICIES.includes(v.missing as MissingPolicy)) {
    fail(`${where}.missing`, `must be one of ${MISSING_POLICIES.join(', ')}`);
  }
  const def: FeatureDef = {
    id: v.id,
    kind: v.kind as FeatureKind,
    transform: checkTransform(v.transform, `${where}.transform`),
    missing: v.missing as MissingPolicy,
  };
  const kind = def.kind;
  const attr = kind.startsWith('attribute_');
  const fromTx = kind === 'tx_attribute';
  if ((attr || fromTx) !== (v.column !== undefined)) {
    fail(
      `${where}.column`,
      attr
        ? 'is required: name the customer-table column'
        : fromTx
          ? 'is required: name the transactions column'
          : 'only for attribute features',
    );
  }
  if (v.column !== undefined) {
    if (typeof v.column !== 'string' || v.column.length === 0 || v.column.length > 256) {
      fail(`${where}.column`, 'must be a non-empty column name');
    }
    def.column = v.column;
  }
  const multi = kind === 'category_share' || kind === 'attribute_category' || fromTx;
  if (v.topN !== undefined) {
    if (!multi) fail(`${where}.topN`, 'only for category features');
    def.topN = posInt(v.topN, `${where}.topN`, 50);
  }
  if (v.categories !== undefined) {
    if (!multi) fail(`${where}.categories`, 'only for category features');
    const c = v.categories;
    if (
      !Array.isArray(c) ||
      c.length === 0 ||
      c.length > 50 ||
      c.some((x) => typeof x !== 'string')
    ) {
      fail(`${where}.categories`, 'must be a list of 1 to 50 strings');
    }
    if (new Set(c).size !== c.length) fail(`${where}.categories`, 'has duplicates');
    def.categories = [...(c as string[])];
  }
  if (v.encoding !== undefined) {
    if (kind !== 'attribute_category' && !fromTx)
      fail(`${where}.encoding`, 'only for category attributes');
    if (v.encoding !== 'one-hot' && v.encoding !== 'levels')
      fail(`${where}.encoding`, 'must be "one-hot" or "levels"');
    def.encoding = v.encoding;
  }
  if (v.unit !== undefined) {
    if (kind !== 'attribute_date_age') fail(`${where}.unit`, 'only for the age of a date');
    if (v.unit !== 'years' && v.unit !== 'days') fail(`${where}.unit`, 'must be "years" or "days"');
    def.unit = v.unit;
  }
  const levels = def.encoding === 'levels';
  if (def.missing === 'keep' && !levels)
    fail(
      `${where}.missing`,
      '"keep" is only for categories kept as levels: impute or drop instead',
    );
  if (levels && def.transform.kind !== 'none')
    fail(
      `${where}.transform`,
      'categories kept as levels are not transformed: use {"kind":"none"}',
    );
  if (levels && def.missing !== 'keep' && def.missing !== 'drop')
    fail(
      `${where}.missing`,
      'categories kept as levels are either kept missing ("keep") or dropped',
    );
  if (v.windowDays !== undefined) {
    if (attr || fromTx) fail(`${where}.windowDays`, 'does not apply to customer attributes');
    def.windowDays = posInt(v.windowDays, `${where}.windowDays`, 36500);
  }
  if ((kind === 'custom') !== (v.expr !== undefined)) {
    fail(
      `${where}.expr`,
      kind === 'custom' ? 'is required for a custom feature' : 'only for custom',
    );
  }
  if (v.expr !== undefined) {
    if (typeof v.expr !== 'string' || v.expr.trim() === '' || v.expr.length > MAX_EXPR) {
      fail(`${where}.expr`, `must be a non-empty expression of at most ${MAX_EXPR} characters`);
    }
    // Parsed here too, so a config (or a link) with an expression outside the grammar is refused
    // with its path before anything is applied.
    try {
      if (!v.expr.includes('\u0000')) parseExpr(v.expr);
    } catch (e) {
      if (e instanceof ExprError) fail(`${where}.expr`, e.message);
      throw e;
    }
    def.expr = v.expr;
  }
  return def;
}

function noNul(v: unknown, where: string): void {
  if (typeof v === 'string' && v.includes('\u0000')) fail(where, 'may not contain a NUL character');
  if (Array.isArray(v)) v.forEach((x, i) => noNul(x, `${where}[${i}]`));
}

/** Runs one check, turning its FeatureError into a problem (other errors are bugs: rethrown). */
function attempt<T>(problems: Problem[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof FeatureError)) throw e;
    const where = e.where ?? '';
    const prefix = `${where}: `;
    problems.push({
      path: where,
      message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message,
    });
    return undefined;
  }
}

/**
 * Checks an untrusted value (e.g. decoded from a share link): every top-level field and every
 * feature is checked, so all the problems come back at once, each with its path (`asOf`,
 * `features[2].transform.lower`). `spec` is the clean copy, or null when there was a problem.
 */
export function checkSpec(value: unknown): { spec: FeatureSpec | null; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isObj(value)) {
    problems.push({ path: 'spec', message: 'must be an object' });
    return { spec: null, problems };
  }
  attempt(problems, () => checkKeys(value, new Set(['asOf', 'window', 'features']), 'spec'));
  attempt(problems, () => {
    if (value.asOf !== null && !isIsoDate(value.asOf))
      fail('asOf', `must be a date YYYY-MM-DD or null, got ${JSON.stringify(value.asOf)}`);
  });
  const spec: FeatureSpec = { asOf: value.asOf as string | null, features: [] };
  attempt(problems, () => {
    if (value.window === undefined) return;
    if (!isObj(value.window)) fail('window', 'must be an object like {"days":365}');
    checkKeys(value.window, new Set(['days']), 'window');
    spec.window = { days: posInt(value.window.days, 'window.days', 36500) };
  });
  const fs = value.features;
  if (!Array.isArray(fs) || fs.length === 0 || fs.length > MAX_FEATURES) {
    problems.push({ path: 'features', message: `must be a list of 1 to ${MAX_FEATURES} features` });
    return { spec: null, problems };
  }
  const seen = new Set<string>();
  fs.forEach((f, i) => {
    const def = attempt(problems, () => {
      const d = checkDef(f, i);
      noNul(d.column, `features[${i}].column`);
      noNul(d.expr, `features[${i}].expr`);
      noNul(d.categories, `features[${i}].categories`);
      if (d.id === 'customer_id') fail(`features[${i}].id`, '"customer_id" is reserved');
      if (seen.has(d.id)) fail(`features[${i}].id`, `duplicate id "${d.id}"`);
      return d;
    });
    if (def) {
      seen.add(def.id);
      spec.features.push(def);
    }
  });
  return { spec: problems.length ? null : spec, problems };
}

/**
 * Checks an untrusted value (e.g. decoded from a share link) and returns a clean FeatureSpec.
 * Throws FeatureError naming the first bad field (`checkSpec` lists them all). Column names and
 * expressions are checked against the data later, in `buildFeatureSql()`.
 */
export function validateSpec(value: unknown): FeatureSpec {
  const { spec, problems } = checkSpec(value);
  if (spec) return spec;
  const first = problems[0];
  throw new FeatureError(`${first.path}: ${first.message}`, first.path);
}

/**
 * The raw feature table's columns of a resolved spec, in order: one per feature, or for a
 * category feature one per category (`<id>__<category>`) plus `<id>__other`. The same names
 * `buildFeatureSql` gives, without needing the data.
 */
export function specColumns(spec: FeatureSpec): { name: string; feature: string }[] {
  return spec.features.flatMap((def) => {
    if (
      (def.kind !== 'category_share' && def.kind !== 'attribute_category') ||
      def.encoding === 'levels'
    )
      return [{ name: def.id, feature: def.id }];
    return [...(def.categories ?? []), 'other'].map((c) => ({
      name: `${def.id}__${c}`,
      feature: def.id,
    }));
  });
}

/** The level labels of a feature kept as levels (its categories, then "(other)"), or null. */
export function featureLevels(def: FeatureDef): string[] | null {
  const categorical = def.kind === 'attribute_category' || def.kind === 'tx_attribute';
  return categorical && def.encoding === 'levels' && def.categories
    ? [...def.categories, OTHER_LEVEL]
    : null;
}

/** The label of the level that holds every category beyond the kept ones. */
export const OTHER_LEVEL = '(other)';

/** The labels of every category kept as levels, by its raw column (the feature's id). */
export function specLevels(spec: FeatureSpec): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const def of spec.features) {
    const levels = featureLevels(def);
    if (levels) out[def.id] = levels;
  }
  return out;
}
