/**
 * The studio's assignment (DuckDB-WASM + the in-memory engine), the compiled DuckDB script on
 * native DuckDB and the compiled PostgreSQL script on a real PostgreSQL server must agree for
 * every customer, for RFM, rules and clusters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { SegmentDef } from '../../src/lib/segment/model';
import type { FeatureSpec } from '../../src/lib/features';
import { startPostgres, type PgServer } from './pg-server';
import { fixturesDir, type Assignment } from './engines';
import { expectSameEverywhere, studioSession, type Session } from './studio-path';

let pg: PgServer;
let schemas = 0;

/** Compiles `seg` both ways, runs both, and checks them against the engine. */
const agree = (s: Session, seg: SegmentsConfig): Promise<Assignment> =>
  expectSameEverywhere(pg, s, seg, `t${++schemas}`);

const counts = (a: Assignment): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of a.values()) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
};

const fixture = (name: string) => path.join(fixturesDir(), name);

beforeAll(() => {
  pg = startPostgres();
});
afterAll(() => pg?.stop());

describe('retail extract: cleaning, money, windows, transforms', () => {
  let s: Session;
  const spec: FeatureSpec = {
    asOf: null,
    features: [
      { id: 'recency', kind: 'recency', transform: { kind: 'rank' }, missing: 'indicator' },
      { id: 'frequency', kind: 'frequency', transform: { kind: 'log1p' }, missing: 'median' },
      { id: 'monetary', kind: 'monetary', transform: { kind: 'zscore' }, missing: 'median' },
      { id: 'aov', kind: 'aov', transform: { kind: 'winsorize' }, missing: 'mean' },
      { id: 'tenure', kind: 'tenure', transform: { kind: 'minmax' }, missing: 'zero' },
      { id: 'months', kind: 'active_months', transform: { kind: 'none' }, missing: 'median' },
      { id: 'returns', kind: 'return_rate', transform: { kind: 'none' }, missing: 'zero' },
      {
        id: 'trend',
        kind: 'spend_trend',
        windowDays: 60,
        transform: { kind: 'none' },
        missing: 'zero',
      },
      { id: 'gap', kind: 'median_days_between', transform: { kind: 'rank' }, missing: 'drop' },
      {
        id: 'country',
        kind: 'category_share',
        topN: 3,
        transform: { kind: 'none' },
        missing: 'zero',
      },
    ],
  };
  beforeAll(async () => {
    s = await studioSession(
      [
        {
          path: fixture('retail-extract.csv'),
          roles: { Country: 'category' },
          cleaning: [
            { kind: 'drop_cancellations', column: 'InvoiceNo', prefix: 'C' },
            { kind: 'drop_missing', column: 'CustomerID' },
            { kind: 'drop_zero_price', column: 'UnitPrice' },
          ],
        },
      ],
      spec,
    );
  });
  afterAll(() => s?.db.close());

  it('RFM with quintile cut-points', async () => {
    const a = await agree(s, defaultSegmentsConfig());
    expect(Object.keys(counts(a)).length).toBeGreaterThan(4);
  });

  it('RFM with cut-points set on customers’ exact values', async () => {
    const m = Array.from(s.inputs.rfm!.m).sort((x, y) => x - y);
    const pick = (q: number) => m[Math.floor(q * (m.length - 1))];
    const seg = defaultSegmentsConfig();
    seg.rfm.cuts = { m: [pick(0.1), pick(0.3), pick(0.5), pick(0.9)], f: [1, 2, 3, 5] };
    await agree(s, seg);
  });

  it('ordered rules, merged, with thresholds on exact values and missing values', async () => {
    const aov = s.inputs.columns.aov;
    const at = aov[7];
    const rules: SegmentDef[] = [
      rule('big', 'Big spenders', {
        all: [{ feature: 'monetary', op: '>=', value: s.inputs.columns.monetary[3] }],
      }),
      rule('mid', "x'); DROP TABLE t; --", {
        any: [
          { feature: 'aov', op: 'between', value: [at, at * 2] },
          {
            all: [
              { feature: 'trend', op: '<', value: 0 },
              { feature: 'returns', op: '>', value: 0 },
            ],
          },
        ],
      }),
      rule('loyal', 'Loyal "regulars"', {
        all: [{ feature: 'months', op: 'in', value: [3, 4, 5] }],
      }),
      rule('gap', 'No second visit', { all: [{ feature: 'gap', op: 'is missing' }] }),
      rule('uk', 'Mostly UK', { all: [{ feature: 'country__United Kingdom', op: '=', value: 1 }] }),
    ];
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: { segments: rules },
    };
    const a = await agree(s, seg);
    expect(Object.keys(counts(a)).length).toBeGreaterThan(3);
  });

  it('clusters: nearest centroid over float32 features, merged clusters, exact ties', async () => {
    const t = (
      s.inputs as unknown as { transformed: { matrix: Float32Array; d: number; columns: string[] } }
    ).transformed;
    const columns = ['recency', 'frequency', 'monetary', 'aov', 'tenure'];
    const idx = columns.map((c) => t.columns.indexOf(c));
    const point = (i: number) => idx.map((j) => t.matrix[i * t.d + j]);
    const mid = (i: number, k: number) => point(i).map((x, j) => (x + point(k)[j]) / 2);
    const n = s.inputs.n;
    const [i1, i2, i3, i4] = [1, 2, 3, 4].map((q) => Math.floor((q * n) / 5));
    const segments: SegmentDef[] = [
      cluster('a', [point(0), point(i1)], columns),
      cluster('b', [point(i2)], columns),
      // A centroid half-way between two customers: each of them is at the same distance from
      // the two neighbours' clusters' centroids only by chance; the duplicate below ties exactly.
      cluster('c', [mid(i3, i4)], columns),
      cluster('d', [mid(i3, i4)], columns),
      cluster('e', [point(n - 1).map((x) => x + 0.1)], columns),
    ];
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'clusters',
      clusters: { features: columns, k: 5, seed: 1, nInit: 1, sweep: [2, 8], segments },
    };
    const a = await agree(s, seg);
    expect(counts(a).d).toBeUndefined(); // ties go to the lower index
  });
});

describe('hostile names, customer attributes, text dates and numbers', () => {
  let s: Session;
  beforeAll(async () => {
    s = await studioSession(
      [
        {
          path: fixture('features-tx.csv'),
          roles: {
            select: 'customer_id',
            when: 'datetime',
            'order id': 'order_id',
            'a"b': 'quantity',
            'Price (£)': 'unit_price',
            cat: 'category',
            prod: 'category',
          },
        },
        {
          path: fixture('features-customers.csv'),
          roles: {
            id: 'customer_id',
            'Age (yrs)': 'measure',
            segment: 'category',
            birth: 'datetime',
            signup: 'datetime',
          },
        },
      ],
      {
        asOf: '2024-04-02',
        features: [
          { id: 'recency', kind: 'recency', transform: { kind: 'none' }, missing: 'indicator' },
          { id: 'frequency', kind: 'frequency', transform: { kind: 'none' }, missing: 'zero' },
          { id: 'monetary', kind: 'monetary', transform: { kind: 'rank' }, missing: 'zero' },
          {
            id: 'age',
            kind: 'attribute_numeric',
            column: 'Age (yrs)',
            transform: { kind: 'none' },
            missing: 'median',
          },
          {
            id: 'tier',
            kind: 'attribute_category',
            column: 'segment',
            transform: { kind: 'none' },
            missing: 'zero',
          },
          {
            id: 'born',
            kind: 'attribute_date_age',
            column: 'birth',
            transform: { kind: 'zscore' },
            missing: 'mean',
          },
          {
            id: 'per_order',
            kind: 'custom',
            expr: 'sum("a""b" * "Price (£)") / count_distinct("order id")',
            transform: { kind: 'none' },
            missing: 'zero',
          },
        ],
      },
    );
  });
  afterAll(() => s?.db.close());

  it('RFM and rules agree on every customer', async () => {
    await agree(s, defaultSegmentsConfig());
    const rules: SegmentDef[] = [
      rule('gold', 'Tier "gold" & < 5 > 2', {
        all: [{ feature: 'tier__gold', op: '=', value: 1 }],
      }),
      rule('old', 'Over 40', {
        any: [
          { feature: 'age', op: '>', value: 40 },
          { feature: 'born', op: '>=', value: 40 },
        ],
      }),
      rule('big', 'Big orders', { all: [{ feature: 'per_order', op: '>=', value: 20 }] }),
    ];
    await agree(s, { ...defaultSegmentsConfig(), method: 'rules', rules: { segments: rules } });
  });
});

function rule(
  id: string,
  name: string,
  when: SegmentDef['definition'] extends infer D
    ? D extends { kind: 'rule'; when: infer W }
      ? W
      : never
    : never,
): SegmentDef {
  return { id, name, color: '#0072B2', definition: { kind: 'rule', when } };
}

function cluster(id: string, centroids: number[][], features: string[]): SegmentDef {
  return {
    id,
    name: `Cluster ${id}`,
    color: '#E69F00',
    definition: { kind: 'cluster', features, centroids },
  };
}

describe('a customer attribute read from the transactions (one file)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await studioSession(
      [
        {
          path: fixture('retail-extract.csv'),
          roles: { Country: 'category' },
          cleaning: [{ kind: 'drop_missing', column: 'CustomerID' }],
        },
      ],
      {
        asOf: null,
        features: [
          { id: 'recency', kind: 'recency', transform: { kind: 'none' }, missing: 'median' },
          { id: 'frequency', kind: 'frequency', transform: { kind: 'none' }, missing: 'median' },
          { id: 'monetary', kind: 'monetary', transform: { kind: 'none' }, missing: 'median' },
          {
            id: 'country',
            kind: 'tx_attribute',
            column: 'Country',
            encoding: 'levels',
            topN: 3,
            transform: { kind: 'none' },
            missing: 'keep',
          },
        ],
      },
    );
  });
  afterAll(() => s?.db.close());

  it('is the most frequent value, and rules on it agree everywhere ("country = UK and monetary > x")', async () => {
    const levels = s.inputs.categories!.levels.country;
    expect(levels[0]).toBe('United Kingdom');
    const m = Array.from(s.inputs.columns.monetary).sort((a, b) => a - b);
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: {
        segments: [
          {
            id: 'uk-big',
            name: 'UK, big spenders',
            color: '#0072B2',
            definition: {
              kind: 'rule',
              when: {
                all: [
                  { feature: 'country', op: '=', value: 'United Kingdom' },
                  { feature: 'monetary', op: '>', value: m[Math.floor(m.length / 2)] },
                ],
              },
            },
          },
          {
            id: 'abroad',
            name: 'Abroad',
            color: '#E69F00',
            definition: {
              kind: 'rule',
              when: { all: [{ feature: 'country', op: '!=', value: 'United Kingdom' }] },
            },
          },
        ],
      },
    };
    const a = await agree(s, seg);
    expect(new Set(a.values())).toEqual(new Set(['uk-big', 'abroad', 'everyone-else']));
  });
});
