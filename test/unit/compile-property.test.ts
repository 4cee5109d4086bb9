/**
 * Property test: random configs (features, transforms, missing policies, windows, each method,
 * and edits such as merges, reordering, moved centroids, cut-points on exact data values and
 * hostile names) go through the in-memory engine the studio drags with and through the compiled
 * SQL on native DuckDB and on PostgreSQL; every customer must land in the same segment.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import path from 'node:path';
import { createRng, type Rng } from '../../src/lib/random';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import { combineDefinitions } from '../../src/lib/segment/edits';
import type { Condition, Leaf, SegmentDef } from '../../src/lib/segment/model';
import { CATEGORY_OPS, RULE_OPS } from '../../src/lib/segment/leaf-value';
import {
  MISSING_POLICIES,
  TRANSFORM_KINDS,
  type FeatureDef,
  type FeatureSpec,
  type Transform,
} from '../../src/lib/features/spec';
import { startPostgres, type PgServer } from './pg-server';
import { fixturesDir } from './engines';
import {
  computeSession,
  expectSameEverywhere,
  loadFiles,
  type Loaded,
  type Session,
} from './studio-path';

/** How many random configs each run tries (fixed seeds: the same configs every run). */
const CASES = 24;
const HOSTILE = [
  "x'); DROP TABLE t; --",
  'Robert"); DROP TABLE students;--',
  'naïve café ☕',
  'O\'Brien\'s "best"',
  'a\\b',
  '$1 $$ %s',
  'spend > 1000 & < 5',
];

const pickOf = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function transform(rng: Rng): Transform {
  const kind = pickOf(rng, TRANSFORM_KINDS);
  if (kind !== 'winsorize' || rng.next() < 0.5) return { kind };
  return { kind, lower: 0.05 + rng.int(10) / 100, upper: 0.8 + rng.int(15) / 100 };
}

const EXPRS = [
  'sum(qty * price) / count_distinct("order")',
  'max(price) - min(price)',
  'count() * 2 + avg(qty)',
  'median(price)',
  'CASE WHEN sum(qty) > 10 THEN 1 ELSE 0 END',
  'round(avg(price), 1)',
  'age * 2 + 1',
  'sum(qty) > 5',
];

function randomSpec(rng: Rng): FeatureSpec {
  const def = (
    id: string,
    kind: FeatureDef['kind'],
    extra: Partial<FeatureDef> = {},
  ): FeatureDef => ({
    id,
    kind,
    transform: transform(rng),
    // `drop` only where few customers lack a value, so someone is always left.
    missing: pickOf(
      rng,
      MISSING_POLICIES.filter((m) => m !== 'keep' && (m !== 'drop' || kind === 'frequency')),
    ),
    ...extra,
  });
  const features = [
    def('recency', 'recency'),
    def('frequency', 'frequency'),
    def('monetary', 'monetary'),
  ];
  const optional: (() => FeatureDef)[] = [
    () => def('aov', 'aov'),
    () => def('tenure', 'tenure'),
    () => def('gap', 'avg_days_between'),
    () => def('gap_median', 'median_days_between'),
    () => def('products', 'distinct_products'),
    () => def('cats', 'distinct_categories'),
    () => def('share', 'category_share', { topN: 2 + rng.int(3), transform: { kind: 'none' } }),
    () => def('returns', 'return_rate'),
    () => def('trend', 'spend_trend', { windowDays: 30 + rng.int(200) }),
    () => def('months', 'active_months', rng.next() < 0.3 ? { windowDays: 90 + rng.int(300) } : {}),
    () => def('age', 'attribute_numeric', { column: 'age' }),
    () => def('score', 'attribute_numeric', { column: 'score' }),
    () =>
      def('region', 'attribute_category', {
        column: 'region',
        topN: 2 + rng.int(3),
        transform: { kind: 'none' },
      }),
    () => def('tenure_years', 'attribute_date_age', { column: 'signup' }),
    () =>
      def('region_level', 'attribute_category', {
        column: 'region',
        encoding: 'levels',
        topN: 1 + rng.int(4),
        transform: { kind: 'none' },
        missing: 'keep',
      }),
    () => def('custom', 'custom', { expr: pickOf(rng, EXPRS) }),
  ];
  const n = 2 + rng.int(5);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(rng.int(optional.length));
  for (const i of chosen) features.push(optional[i]());
  const spec: FeatureSpec = { asOf: rng.next() < 0.3 ? '2024-09-15' : null, features };
  if (rng.next() < 0.25) spec.window = { days: 200 + rng.int(400) };
  return spec;
}

/** A value customers really have (so thresholds land exactly on data), or a round one. */
function threshold(rng: Rng, values: Float64Array): number {
  const finite = values.filter(Number.isFinite);
  if (!finite.length || rng.next() < 0.2) return rng.int(100);
  return finite[rng.int(finite.length)];
}

function randomLeaf(rng: Rng, s: Session): Leaf {
  const names = Object.keys(s.inputs.columns);
  const feature = pickOf(rng, names);
  const labels = s.inputs.categories?.levels[feature];
  if (labels) {
    const op = pickOf(rng, CATEGORY_OPS);
    const some = () => labels.filter(() => rng.next() < 0.4);
    if (op === 'is missing') return { feature, op };
    if (op === 'in' || op === 'not in') return { feature, op, value: some() };
    return { feature, op, value: pickOf(rng, labels) };
  }
  const values = s.inputs.columns[feature] as Float64Array;
  const op = pickOf(rng, RULE_OPS);
  if (op === 'is missing') return { feature, op };
  if (op === 'between') {
    const [a, b] = [threshold(rng, values), threshold(rng, values)];
    return { feature, op, value: [Math.min(a, b), Math.max(a, b)] };
  }
  if (op === 'in' || op === 'not in')
    return { feature, op, value: Array.from({ length: rng.int(4) }, () => threshold(rng, values)) };
  return { feature, op, value: threshold(rng, values) };
}

function randomCondition(rng: Rng, s: Session, depth: number): Condition {
  if (depth > 2 || rng.next() < 0.5) return randomLeaf(rng, s);
  const kids = Array.from({ length: rng.int(4) }, () => randomCondition(rng, s, depth + 1));
  return rng.next() < 0.5 ? { all: kids } : { any: kids };
}

function nameOf(rng: Rng, i: number): string {
  return rng.next() < 0.4 ? `${pickOf(rng, HOSTILE)} ${i}` : `Segment ${i}`;
}

/** Merges, reorders and renames: the edits a user makes in the segment table. */
function edit(rng: Rng, segments: SegmentDef[]): SegmentDef[] {
  let out = segments.map((seg, i) => ({
    ...seg,
    name: rng.next() < 0.3 ? nameOf(rng, i) : seg.name,
  }));
  if (out.length > 2 && rng.next() < 0.5) {
    const [a, b] = [rng.int(out.length), rng.int(out.length)];
    if (a !== b) {
      const merged = {
        ...out[a],
        definition: combineDefinitions(out[a].definition, out[b].definition),
      };
      out = out.flatMap((seg, i) => (i === b ? [] : i === a ? [merged] : [seg]));
    }
  }
  if (out.length > 1 && rng.next() < 0.5) {
    const i = rng.int(out.length - 1);
    [out[i], out[i + 1]] = [out[i + 1], out[i]];
  }
  return out;
}

function randomSegmentation(rng: Rng, s: Session): SegmentsConfig {
  const seg = defaultSegmentsConfig();
  const method = pickOf(rng, ['rfm', 'rules', 'clusters'] as const);
  seg.method = method;
  if (method === 'rfm') {
    const rfm = s.inputs.rfm!;
    for (const [dim, values] of [
      ['r', rfm.r],
      ['f', rfm.f],
      ['m', rfm.m],
    ] as const) {
      if (rng.next() < 0.5) continue;
      seg.rfm.cuts[dim] = Array.from({ length: 4 }, () =>
        threshold(rng, values as Float64Array),
      ).sort((a, b) => a - b);
    }
    seg.rfm.segments = edit(rng, seg.rfm.segments);
  } else if (method === 'rules') {
    const rules = Array.from({ length: 1 + rng.int(5) }, (_, i): SegmentDef => ({
      id: `rule-${i}`,
      name: nameOf(rng, i),
      color: '#0072B2',
      definition: { kind: 'rule', when: randomCondition(rng, s, 0) },
    }));
    seg.rules.segments = edit(rng, rules);
  } else {
    const t = (
      s.inputs as unknown as { transformed: { matrix: Float32Array; d: number; columns: string[] } }
    ).transformed;
    const columns = t.columns.filter(() => rng.next() < 0.6);
    if (!columns.length) columns.push(t.columns[0]);
    const idx = columns.map((c) => t.columns.indexOf(c));
    const point = (i: number) => idx.map((j) => t.matrix[i * t.d + j]);
    const centroids: number[][] = [];
    for (let c = 0, k = 1 + rng.int(6); c < k; c++) {
      const p = point(rng.int(s.inputs.n));
      const r = rng.next();
      if (r < 0.2 && centroids.length) centroids.push(centroids[rng.int(centroids.length)].slice());
      else if (r < 0.5)
        centroids.push(p.map((x) => x + rng.normal() * 0.3)); // a moved centroid
      else centroids.push(p);
    }
    const segments = centroids.map((c, i): SegmentDef => ({
      id: `cluster-${i + 1}`,
      name: nameOf(rng, i),
      color: '#E69F00',
      definition: { kind: 'cluster', features: columns, centroids: [c] },
    }));
    seg.clusters = {
      ...seg.clusters,
      features: columns,
      k: Math.max(2, segments.length),
      segments: edit(rng, segments),
    };
  }
  return seg;
}

let pg: PgServer;
let loaded: Loaded;

beforeAll(async () => {
  pg = startPostgres();
  const file = (name: string) => path.join(fixturesDir(), name);
  loaded = await loadFiles([
    {
      path: file('property-tx.csv'),
      roles: { category: 'category', product: 'category' },
      cleaning: [{ kind: 'drop_cancellations', column: 'order', prefix: 'C' }],
    },
    {
      path: file('property-customers.csv'),
      roles: {
        id: 'customer_id',
        age: 'measure',
        region: 'category',
        signup: 'datetime',
        score: 'measure',
      },
    },
  ]);
});
afterAll(() => {
  pg?.stop();
  loaded?.db.close();
});

describe('random configs: engine = native DuckDB = PostgreSQL', () => {
  for (let i = 0; i < CASES; i++) {
    it(`case ${i}`, async () => {
      const rng = createRng(7000 + i);
      const spec = randomSpec(rng);
      const s = await computeSession(loaded, spec);
      const seg = randomSegmentation(rng, s);
      await expectSameEverywhere(pg, s, seg, `p${i}`);
    });
  }
});
