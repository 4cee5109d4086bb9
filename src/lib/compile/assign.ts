/**
 * The assignment of each method as SQL: one row per customer with the index of its segment, the
 * twin of the in-memory engine (`segment/pipeline.ts`, `live/rfm-live.ts`). Indices count the
 * method's segments in order; the method's rest bucket ("Others", "Everyone else") is
 * `segments.length`; NULL is a customer no segment can take (an RFM input is missing).
 *
 * The canonical rules, the same everywhere:
 * - RFM: a score is 1 + the number of cut-points strictly below the value (recency: 5 minus that
 *   number), so a value equal to a cut-point falls in the lower-value bin; the first segment whose
 *   boxes hold the score triple wins.
 * - Rules: the first segment whose condition is true wins; a missing value satisfies only
 *   `is missing`.
 * - Clusters: each transformed feature is rounded to single precision (float32, as the k-means
 *   engine holds it); the squared Euclidean distance to every centroid is summed in double
 *   precision, feature by feature in order; the nearest centroid wins, ties to the lowest index.
 *   k-prototypes adds gamma times the number of categories unlike the centroid's modes.
 */
import { ident, literal } from '../sql/quote';
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { clusterCentroids, segmentRules, SegmentError } from '../segment/pipeline';
import { categoricalPrototypes, isMixed } from '../segment/prototypes';
import { normalizeLeaf, type Rule } from '../segment/rules';
import type { Condition, Leaf, RfmBox, SegmentDef } from '../segment/model';
import type { RfmCuts } from '../segment/rfm';

/** Relation names and column aliases the assignment reads. */
export interface AssignInput {
  /** Transformed features (the customers kept); `customer_id` plus one column per feature. */
  features: string;
  /** Raw features, joined on `customer_id`. */
  raw: string;
}

const from = (i: AssignInput): string =>
  `${ident(i.features)} AS f JOIN ${ident(i.raw)} AS r ON r."customer_id" = f."customer_id"`;

/** RFM: scores from the cut-points, then the first segment whose boxes hold them. */
export function rfmAssignSql(
  i: AssignInput,
  columns: { r: string; f: string; m: string },
  cuts: RfmCuts,
  segments: readonly SegmentDef[],
  d: Dialect,
): string {
  const score = (col: string, c: number[], descending: boolean): string => {
    const v = `r.${ident(col)}`;
    const below = c.map((x) => `CASE WHEN ${d.num(x)} < ${v} THEN 1 ELSE 0 END`).join(' + ');
    return `CASE WHEN ${v} IS NULL THEN NULL ELSE ${descending ? '5 - ' : '1 + '}(${below}) END`;
  };
  const inBox = (b: RfmBox): string =>
    `("rs" BETWEEN ${b.r[0]} AND ${b.r[1]} AND "fs" BETWEEN ${b.f[0]} AND ${b.f[1]} AND "ms" BETWEEN ${b.m[0]} AND ${b.m[1]})`;
  const arms = segments.map((s, j) => {
    if (s.definition.kind !== 'rfm')
      throw new SegmentError(`Segment "${s.name}" is not an RFM segment.`, 'method');
    return `WHEN ${s.definition.boxes.map(inBox).join(' OR ')} THEN ${j}`;
  });
  const scores =
    `SELECT f."customer_id", ${score(columns.r, cuts.r, true)} AS "rs", ` +
    `${score(columns.f, cuts.f, false)} AS "fs", ${score(columns.m, cuts.m, false)} AS "ms" FROM ${from(i)}`;
  const none = `"rs" IS NULL OR "fs" IS NULL OR "ms" IS NULL`;
  return (
    `SELECT "customer_id", CASE WHEN ${none} THEN NULL ${arms.join(' ')} ELSE ${segments.length} END AS "segment_index"\n` +
    `FROM (${scores}) AS "scores"`
  );
}

/** Category labels by column, for the categories kept as levels (the column holds codes). */
export type Levels = Readonly<Record<string, readonly string[]>>;

/** A test on a category kept as levels: labels become their codes, as the engine's frame does. */
function levelLeafSql(rule: Rule, leaf: Leaf, labels: readonly string[], d: Dialect): string {
  const col = `r.${ident(leaf.feature)}`;
  const n = normalizeLeaf(rule, leaf, true);
  const codes = (vs: (number | string)[]) =>
    vs.map((v) => labels.indexOf(String(v))).filter((c) => c >= 0);
  switch (n.op) {
    case 'is missing':
      return `${col} IS NULL`;
    case '=':
    case '!=': {
      const [c] = codes([n.v]);
      if (c === undefined) return n.op === '=' ? 'FALSE' : `${col} IS NOT NULL`;
      return `${col} ${n.op === '=' ? '=' : '<>'} ${d.num(c)}`;
    }
    case 'in':
    case 'not in': {
      const cs = codes(n.vs);
      if (!cs.length) return n.op === 'in' ? 'FALSE' : `${col} IS NOT NULL`;
      return `${col} ${n.op === 'in' ? 'IN' : 'NOT IN'} (${cs.map(d.num).join(', ')})`;
    }
    default:
      throw new Error(`"${n.op}" cannot test a category`);
  }
}

function leafSql(rule: Rule, leaf: Leaf, d: Dialect, levels: Levels): string {
  const labels = levels[leaf.feature];
  if (labels) return levelLeafSql(rule, leaf, labels, d);
  const col = `r.${ident(leaf.feature)}`;
  const n = normalizeLeaf(rule, leaf, false);
  const num = (x: number | string): string => d.num(x as number);
  switch (n.op) {
    case 'is missing':
      return `${col} IS NULL`;
    case 'between':
      return `${col} BETWEEN ${num(n.lo)} AND ${num(n.hi)}`;
    case 'in':
      return n.vs.length === 0 ? 'FALSE' : `${col} IN (${n.vs.map(num).join(', ')})`;
    case 'not in':
      return n.vs.length === 0
        ? `${col} IS NOT NULL`
        : `${col} NOT IN (${n.vs.map(num).join(', ')})`;
    default:
      return `${col} ${n.op === '!=' ? '<>' : n.op} ${num(n.v)}`;
  }
}

/** One rule condition as SQL over the raw feature columns (`r.<feature>`). */
export function conditionSql(rule: Rule, cond: Condition, d: Dialect, levels: Levels = {}): string {
  if ('feature' in cond) return leafSql(rule, cond, d, levels);
  const all = 'all' in cond;
  const parts = (all ? cond.all : cond.any).map((c) => conditionSql(rule, c, d, levels));
  if (parts.length === 0) return all ? 'TRUE' : 'FALSE';
  // A missing value makes a test NULL rather than false; without NOT in the language, a NULL
  // never turns into a match, so SQL agrees with the engine, where such a test is false.
  return `(${parts.join(all ? ' AND ' : ' OR ')})`;
}

/** Rules: the first segment whose condition holds, else the rest bucket. */
export function rulesAssignSql(
  i: AssignInput,
  segments: readonly SegmentDef[],
  d: Dialect,
  levels: Levels = {},
): string {
  const rules = segmentRules(segments);
  const arms = rules.map((r, j) => `WHEN ${conditionSql(r, r.when, d, levels)} THEN ${j}`);
  const choice = arms.length
    ? `CASE ${arms.join(' ')} ELSE ${rules.length} END`
    : `${rules.length}`;
  return `SELECT f."customer_id", ${choice} AS "segment_index"\nFROM ${from(i)}`;
}

/**
 * Clusters: the nearest centroid over the float32-rounded transformed features. k-prototypes
 * clusters (their definitions carry categories) add gamma times the number of categories that
 * differ from the centroid's modes, after the numeric sum, as the engine does; a missing category
 * differs from every mode. `categories` are the clustering's categories and `levels` their labels.
 */
export function clustersAssignSql(
  i: AssignInput,
  columns: readonly string[],
  segments: readonly SegmentDef[],
  d: Dialect,
  categories: readonly string[] = [],
  levels: Levels = {},
): string {
  const dim = columns.length;
  const cc = clusterCentroids(segments, dim, columns);
  const mixed = isMixed(segments) ? mixedTerms(segments, categories, levels, d) : null;
  const x = (j: number): string => `"x${j}"`;
  const dist = (c: number): string => {
    const numeric = columns
      .map((_, j) => {
        const diff = `(${x(j)} - ${d.num(cc.centroids[c * dim + j])})`;
        return `${diff} * ${diff}`;
      })
      .join(' + ');
    return mixed ? `${numeric} + ${mixed.term(c)}` : numeric;
  };
  const xs = columns.map((col, j) => `${d.cast(`f.${ident(col)}`, 'FLOAT')} AS ${x(j)}`);
  const cs = categories.map((col, l) => `r.${ident(col)} AS "c${l}"`);
  const rounded = mixed
    ? `SELECT f."customer_id", ${[...xs, ...cs].join(', ')} FROM ${from(i)}`
    : `SELECT f."customer_id", ${xs.join(', ')} FROM ${ident(i.features)} AS f`;
  if (cc.k === 1)
    return `SELECT "customer_id", ${cc.owner[0]} AS "segment_index" FROM (${rounded}) AS "x"`;
  const ds = Array.from({ length: cc.k }, (_, c) => `${dist(c)} AS "d${c}"`);
  const names = Array.from({ length: cc.k }, (_, c) => `"d${c}"`);
  const nearest = names.map((n, c) => `WHEN ${n} = "dmin" THEN ${cc.owner[c]}`).join(' ');
  return (
    `SELECT "customer_id", CASE ${nearest} END AS "segment_index"\n` +
    `FROM (SELECT "customer_id", ${names.join(', ')}, least(${names.join(', ')}) AS "dmin"\n` +
    `  FROM (SELECT "customer_id", ${ds.join(',\n    ')}\n    FROM (${rounded}) AS "x") AS "distances") AS "nearest"`
  );
}

/** `gamma * (mismatches)` of each centroid, over the category codes `"c0"`, `"c1"`, ... */
function mixedTerms(
  segments: readonly SegmentDef[],
  categories: readonly string[],
  levels: Levels,
  d: Dialect,
): { term: (c: number) => string } {
  const space = {
    cat: new Int32Array(0),
    dc: categories.length,
    columns: categories.slice(),
    levels: categories.map((f) => levels[f] ?? []),
  };
  const { cat, gamma } = categoricalPrototypes(segments, space);
  const dc = categories.length;
  return {
    term: (c) => {
      const mismatches = categories.map(
        (_, l) => `CASE WHEN "c${l}" = ${d.num(cat[c * dc + l])} THEN 0 ELSE 1 END`,
      );
      return `${d.num(gamma)} * (${mismatches.join(' + ')})`;
    },
  };
}

/** `(index, id, name)` rows naming each segment, the rest bucket last when there is one. */
export function segmentNamesSql(
  segments: readonly SegmentDef[],
  rest: { id: string; name: string } | null,
  d: Dialect = duckdb,
): string {
  const rows = segments.map((s, j) => [String(j), literal(s.id), literal(s.name)]);
  if (rest) rows.push([String(segments.length), literal(rest.id), literal(rest.name)]);
  return d.values(rows, '"n"', ['"segment_index"', '"segment_id"', '"segment_name"']);
}
