/** Checks of the `segmentation` part of a config: methods, settings and segment definitions. */
import { join, type Checker } from '../problems';
import {
  clusterParamError,
  K_MAX,
  K_MIN,
  N_INIT_MAX,
  type SegmentsConfig,
} from '../segment/config';
import type { Condition, Leaf } from '../segment/model';
import { RULE_OPS } from '../segment/leaf-value';
import type { RfmCuts } from '../segment/rfm';

const METHODS = ['rfm', 'rules', 'clusters'] as const;
const COLOR = /^#[0-9a-fA-F]{6}$/;
/** Markup such as `<script>` or `</b>`; a name like "spend > 1000" is fine. */
const MARKUP = /<\s*\/?\s*[a-z!][^>]*>/i;

/** True when a segment name holds what looks like HTML markup (names are plain text). */
export const looksLikeMarkup = (name: string): boolean => MARKUP.test(name);
const MAX_DEPTH = 32;

/** Segment ids the assignment table gives the rest buckets, so no segment may take them. */
export const REST_IDS = { rfm: 'others', rules: 'everyone-else' } as const;

/** What the data offers for cross-checks (null when the config carries no model). */
export interface KnownColumns {
  /** Raw feature columns (rules read them). */
  raw: readonly string[];
  /** Transformed columns (clusters read them). */
  transformed: readonly string[];
  /** The labels of the categories kept as levels, by raw column. */
  levels: Readonly<Record<string, readonly string[]>>;
}

/** Checks `segmentation`; returns the value when its shape is right. */
export function checkSegmentation(
  c: Checker,
  v: unknown,
  path: string,
  known: KnownColumns | null,
): SegmentsConfig | undefined {
  const o = c.object(v, path, ['method', 'rfm', 'rules', 'clusters']);
  if (!o) return undefined;
  c.oneOf(o.method, join(path, 'method'), METHODS);
  const rfm = c.object(o.rfm, join(path, 'rfm'), ['cuts', 'segments', 'columns']);
  if (rfm) {
    checkCuts(c, rfm.cuts, join(path, 'rfm.cuts'));
    if (rfm.columns !== undefined) {
      const cols = c.object(rfm.columns, join(path, 'rfm.columns'), ['r', 'f', 'm']);
      for (const [dim, name] of Object.entries(cols ?? {})) {
        const at = join(join(path, 'rfm.columns'), dim);
        const col = c.text(name, at, 300);
        if (col && known && !known.raw.includes(col))
          c.add(at, `"${col}" is not a feature of this segmentation`);
      }
    }
    checkSegments(c, rfm.segments, join(path, 'rfm.segments'), 'rfm', known);
  }
  const rules = c.object(o.rules, join(path, 'rules'), ['segments']);
  if (rules) checkSegments(c, rules.segments, join(path, 'rules.segments'), 'rules', known);
  const cl = c.object(o.clusters, join(path, 'clusters'), [
    'features',
    'k',
    'seed',
    'nInit',
    'sweep',
    'segments',
    'categorical',
    'gamma',
  ]);
  if (cl) {
    const at = (k: string) => join(join(path, 'clusters'), k);
    const features = c.list(cl.features, at('features'), 1000);
    features?.forEach((f, i) => {
      const name = c.text(f, join(at('features'), i), 300);
      if (name && known && !known.transformed.includes(name))
        c.add(join(at('features'), i), `"${name}" is not a feature of this segmentation`);
    });
    if (cl.categorical !== undefined)
      checkCategoryNames(c, cl.categorical, at('categorical'), known);
    if (cl.gamma !== undefined) checkGamma(c, cl.gamma, at('gamma'));
    c.integer(cl.k, at('k'), K_MIN, K_MAX);
    c.integer(cl.seed, at('seed'), 0, 2 ** 32 - 1);
    c.integer(cl.nInit, at('nInit'), 1, N_INIT_MAX);
    const sweep = c.list(cl.sweep, at('sweep'), 2);
    if (sweep) {
      const lo = c.integer(sweep[0], join(at('sweep'), 0), K_MIN, K_MAX);
      const hi = c.integer(sweep[1], join(at('sweep'), 1), K_MIN, K_MAX);
      if (sweep.length !== 2) c.add(at('sweep'), 'expected two numbers: [lowest k, highest k]');
      else if (lo !== undefined && hi !== undefined && lo > hi)
        c.add(at('sweep'), 'the lowest k is above the highest');
    }
    checkSegments(c, cl.segments, at('segments'), 'clusters', known);
  }
  return c.ok ? (o as unknown as SegmentsConfig) : undefined;
}

function checkCuts(c: Checker, v: unknown, path: string): void {
  const o = c.object(v, path, ['r', 'f', 'm']);
  if (!o) return;
  for (const dim of ['r', 'f', 'm'] as const) {
    if (o[dim] === undefined) continue;
    checkFourCuts(c, o[dim], join(path, dim));
  }
}

/** Four ascending numbers (RFM cut-points of one dimension). */
export function checkFourCuts(c: Checker, v: unknown, path: string): number[] | undefined {
  const list = c.list(v, path, 4);
  if (!list) return undefined;
  if (list.length !== 4) {
    c.add(path, `expected 4 cut-points, got ${list.length}`);
    return undefined;
  }
  const xs = list.map((x, i) => c.number(x, join(path, i)));
  if (xs.some((x) => x === undefined)) return undefined;
  const nums = xs as number[];
  for (let i = 1; i < 4; i++) {
    if (nums[i] < nums[i - 1]) {
      c.add(path, `cut-points must not decrease: ${nums.join(', ')}`);
      return undefined;
    }
  }
  return nums;
}

/** Checks quintile-style cut-points of all three dimensions. */
export function checkRfmCuts(c: Checker, v: unknown, path: string): RfmCuts | undefined {
  const o = c.object(v, path, ['r', 'f', 'm']);
  if (!o) return undefined;
  const r = checkFourCuts(c, o.r, join(path, 'r'));
  const f = checkFourCuts(c, o.f, join(path, 'f'));
  const m = checkFourCuts(c, o.m, join(path, 'm'));
  return r && f && m ? { r, f, m } : undefined;
}

function checkSegments(
  c: Checker,
  v: unknown,
  path: string,
  method: (typeof METHODS)[number],
  known: KnownColumns | null,
): void {
  const list = c.list(v, path, 500);
  if (!list) return;
  const ids = new Set<string>();
  const names = new Map<string, number>();
  list.forEach((s, i) => {
    const at = join(path, i);
    const o = c.object(s, at, ['id', 'name', 'color', 'locked', 'description', 'definition']);
    if (!o) return;
    const id = c.text(o.id, join(at, 'id'), 100);
    if (id !== undefined) {
      if (ids.has(id)) c.add(join(at, 'id'), `duplicate id "${id}"`);
      if (id === REST_IDS.rfm || id === REST_IDS.rules)
        c.add(join(at, 'id'), `"${id}" is reserved for the customers no segment takes`);
      ids.add(id);
    }
    const name = c.text(o.name, join(at, 'name'), 200);
    if (name !== undefined) {
      if (looksLikeMarkup(name))
        c.add(join(at, 'name'), 'looks like HTML markup: segment names are plain text');
      const twin = names.get(name.toLowerCase());
      if (twin !== undefined)
        c.add(join(at, 'name'), `"${name}" is already the name of segment ${twin + 1}`);
      names.set(name.toLowerCase(), i);
    }
    if (typeof o.color !== 'string' || !COLOR.test(o.color))
      c.add(join(at, 'color'), 'expected a colour like "#1f77b4"');
    if (o.locked !== undefined) c.boolean(o.locked, join(at, 'locked'));
    if (o.description !== undefined) {
      const text = c.text(o.description, join(at, 'description'), 2000, true);
      if (text !== undefined && looksLikeMarkup(text))
        c.add(join(at, 'description'), 'looks like HTML markup: descriptions are plain text');
    }
    checkDefinition(c, o.definition, join(at, 'definition'), method, known);
  });
}

function checkDefinition(
  c: Checker,
  v: unknown,
  path: string,
  method: (typeof METHODS)[number],
  known: KnownColumns | null,
): void {
  const kind = { rfm: 'rfm', rules: 'rule', clusters: 'cluster' }[method];
  const keys = {
    rfm: ['boxes'],
    rules: ['when'],
    clusters: ['features', 'centroids', 'categorical'],
  }[method];
  const o = c.object(v, path, ['kind', ...keys]);
  if (!o) return;
  if (o.kind !== kind) {
    c.add(
      join(path, 'kind'),
      `expected "${kind}" for a ${method} segment, got ${JSON.stringify(o.kind)}`,
    );
    return;
  }
  if (method === 'rfm') {
    const boxes = c.list(o.boxes, join(path, 'boxes'), 125);
    if (boxes?.length === 0) c.add(join(path, 'boxes'), 'needs at least one box');
    boxes?.forEach((b, i) => {
      const bo = c.object(b, join(join(path, 'boxes'), i), ['r', 'f', 'm']);
      if (!bo) return;
      for (const dim of ['r', 'f', 'm'] as const) {
        const at = join(join(join(path, 'boxes'), i), dim);
        const range = c.list(bo[dim], at, 2);
        if (!range) continue;
        const lo = c.integer(range[0], join(at, 0), 1, 5);
        const hi = c.integer(range[1], join(at, 1), 1, 5);
        if (range.length !== 2) c.add(at, 'expected [lowest score, highest score]');
        else if (lo !== undefined && hi !== undefined && lo > hi)
          c.add(at, 'the lowest score is above the highest');
      }
    });
  } else if (method === 'rules') {
    checkCondition(c, o.when, join(path, 'when'), known, 0);
  } else {
    const features = c.list(o.features, join(path, 'features'), 1000);
    const names = features?.map((f, i) => c.text(f, join(join(path, 'features'), i), 300));
    names?.forEach((n, i) => {
      if (n && known && !known.transformed.includes(n))
        c.add(join(join(path, 'features'), i), `"${n}" is not a feature of this segmentation`);
    });
    const centroids = c.list(o.centroids, join(path, 'centroids'), 100);
    if (centroids?.length === 0) c.add(join(path, 'centroids'), 'needs at least one centroid');
    centroids?.forEach((cen, i) => {
      const at = join(join(path, 'centroids'), i);
      const xs = c.list(cen, at, 1000);
      if (!xs) return;
      if (names && xs.length !== names.length) {
        c.add(at, `has ${xs.length} coordinates for ${names.length} features`);
        return;
      }
      xs.forEach((x, j) => c.number(x, join(at, j)));
    });
    if (o.categorical !== undefined)
      checkClusterCategories(c, o.categorical, join(path, 'categorical'), centroids?.length, known);
  }
}

/** Names of categories kept as levels (k-prototypes clusters on them). */
function checkCategoryNames(
  c: Checker,
  v: unknown,
  path: string,
  known: KnownColumns | null,
): (string | undefined)[] | undefined {
  const names = c.list(v, path, 1000)?.map((f, i) => c.text(f, join(path, i), 300));
  names?.forEach((n, i) => {
    if (n && known && !known.levels[n])
      c.add(join(path, i), `"${n}" is not a category kept as levels in this segmentation`);
  });
  return names;
}

function checkGamma(c: Checker, v: unknown, path: string): void {
  const g = c.number(v, path);
  if (g !== undefined && clusterParamError('gamma', g)) c.add(path, clusterParamError('gamma', g)!);
}

/** A k-prototypes cluster's categories: one mode (a known label per category) per centroid. */
function checkClusterCategories(
  c: Checker,
  v: unknown,
  path: string,
  centroids: number | undefined,
  known: KnownColumns | null,
): void {
  const o = c.object(v, path, ['features', 'modes', 'gamma']);
  if (!o) return;
  const names = checkCategoryNames(c, o.features, join(path, 'features'), known);
  checkGamma(c, o.gamma, join(path, 'gamma'));
  const modes = c.list(o.modes, join(path, 'modes'), 100);
  if (modes && centroids !== undefined && modes.length !== centroids)
    c.add(join(path, 'modes'), `has ${modes.length} modes for ${centroids} centroids`);
  modes?.forEach((mode, i) => {
    const at = join(join(path, 'modes'), i);
    const labels = c.list(mode, at, 1000);
    if (!labels || !names) return;
    if (labels.length !== names.length) {
      c.add(at, `has ${labels.length} labels for ${names.length} categories`);
      return;
    }
    labels.forEach((label, l) => {
      const text = c.text(label, join(at, l), 1000);
      const levels = names[l] ? known?.levels[names[l]] : undefined;
      if (text !== undefined && levels && !levels.includes(text))
        c.add(join(at, l), `"${text}" is not a level of "${names[l]}"`);
    });
  });
}

const isLeaf = (o: Record<string, unknown>): boolean => 'feature' in o || 'op' in o;

function checkCondition(
  c: Checker,
  v: unknown,
  path: string,
  known: KnownColumns | null,
  depth: number,
): Condition | undefined {
  if (depth > MAX_DEPTH) {
    c.add(path, `conditions are nested more than ${MAX_DEPTH} deep`);
    return undefined;
  }
  if (v && typeof v === 'object' && !Array.isArray(v) && isLeaf(v as Record<string, unknown>)) {
    checkLeaf(c, v, path, known);
    return v as Leaf;
  }
  const o = c.object(v, path, ['all', 'any']);
  if (!o) return undefined;
  const keys = Object.keys(o).filter((k) => k === 'all' || k === 'any');
  if (keys.length !== 1) {
    c.add(path, 'expected {"all": [...]}, {"any": [...]} or a condition on one feature');
    return undefined;
  }
  const list = c.list(o[keys[0]], join(path, keys[0]), 200);
  list?.forEach((x, i) => checkCondition(c, x, join(join(path, keys[0]), i), known, depth + 1));
  return o as Condition;
}

function checkLeaf(c: Checker, v: unknown, path: string, known: KnownColumns | null): void {
  const o = c.object(v, path, ['feature', 'op', 'value']);
  if (!o) return;
  const feature = c.text(o.feature, join(path, 'feature'), 300);
  if (feature && known && !known.raw.includes(feature))
    c.add(join(path, 'feature'), `"${feature}" is not a feature of this segmentation`);
  const op = c.oneOf(o.op, join(path, 'op'), RULE_OPS);
  const labels = feature ? known?.levels[feature] : undefined;
  if (labels) return checkLevelLeaf(c, o, path, op, labels);
  const at = join(path, 'value');
  switch (op) {
    case undefined:
      return;
    case 'is missing':
      if (o.value !== undefined) c.add(at, '"is missing" takes no value');
      return;
    case 'between': {
      const pair = c.list(o.value, at, 2);
      if (!pair) return;
      if (pair.length !== 2) return c.add(at, 'expected [low, high]');
      const lo = c.number(pair[0], join(at, 0));
      const hi = c.number(pair[1], join(at, 1));
      if (lo !== undefined && hi !== undefined && lo > hi) c.add(at, 'low is above high');
      return;
    }
    case 'in':
    case 'not in': {
      const xs = c.list(o.value, at, 10_000);
      xs?.forEach((x, i) => c.number(x, join(at, i)));
      return;
    }
    default:
      c.number(o.value, at);
  }
}

/** A test on a category kept as levels: =, !=, in, not in or is missing, with its own labels. */
function checkLevelLeaf(
  c: Checker,
  o: Record<string, unknown>,
  path: string,
  op: string | undefined,
  labels: readonly string[],
): void {
  const at = join(path, 'value');
  const label = (x: unknown, where: string): void => {
    if (typeof x !== 'string' || !labels.includes(x))
      c.add(
        where,
        `${JSON.stringify(x)} is not a category here: one of ${labels.slice(0, 12).join(', ')}`,
      );
  };
  switch (op) {
    case undefined:
      return;
    case 'is missing':
      if (o.value !== undefined) c.add(at, '"is missing" takes no value');
      return;
    case '=':
    case '!=':
      return label(o.value, at);
    case 'in':
    case 'not in':
      c.list(o.value, at, 10_000)?.forEach((x, i) => label(x, join(at, i)));
      return;
    default:
      c.add(
        join(path, 'op'),
        `"${op}" compares numbers; a category takes =, !=, in, not in or is missing`,
      );
  }
}
