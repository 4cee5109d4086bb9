/**
 * A customer table alone (no transactions): features from its columns, categories kept as levels,
 * rules on categories, RFM scored from the table's own columns, and clusters on standardised
 * numbers: the in-memory engine, native DuckDB and PostgreSQL agree for every customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { SegmentDef } from '../../src/lib/segment/model';
import { defaultCustomerSpec, sourceFromTables } from '../../src/lib/features/from-tables';
import { featureLevels, type FeatureSpec } from '../../src/lib/features/spec';
import { startPostgres, type PgServer } from './pg-server';
import { fixturesDir } from './engines';
import {
  computeSession,
  expectSameEverywhere,
  loadFiles,
  type Loaded,
  type Session,
} from './studio-path';

let pg: PgServer;
let loaded: Loaded;
let s: Session;
let spec: FeatureSpec;
let schemas = 0;

const rule = (id: string, name: string, when: unknown): SegmentDef =>
  ({ id, name, color: '#0072B2', definition: { kind: 'rule', when } }) as SegmentDef;

beforeAll(async () => {
  pg = startPostgres();
  loaded = await loadFiles([
    {
      path: path.join(fixturesDir(), 'customers-only.csv'),
      roles: {
        customer_id: 'customer_id',
        gender: 'category',
        region: 'category',
        plan: 'category',
        signup_date: 'datetime',
        age: 'measure',
        income: 'measure',
        days_since_order: 'measure',
        orders: 'measure',
        spend: 'measure',
      },
    },
  ]);
  const source = sourceFromTables(loaded.sources, null, null);
  if (typeof source === 'string') throw new Error(source);
  spec = defaultCustomerSpec(source);
  s = await computeSession(loaded, spec);
});
afterAll(() => {
  pg?.stop();
  loaded?.db.close();
});

describe('a customer table alone', () => {
  it('starts from its columns: numbers standardised, categories as levels, dates as ages', () => {
    expect(spec.features.map((f) => [f.id, f.kind, f.transform.kind, f.encoding ?? null])).toEqual([
      ['age', 'attribute_numeric', 'zscore', null],
      ['income', 'attribute_numeric', 'zscore', null],
      ['gender', 'attribute_category', 'none', 'levels'],
      ['region', 'attribute_category', 'none', 'levels'],
      ['plan', 'attribute_category', 'none', 'levels'],
      ['signup_date', 'attribute_date_age', 'zscore', null],
      ['days_since_order', 'attribute_numeric', 'zscore', null],
      ['orders', 'attribute_numeric', 'zscore', null],
      ['spend', 'attribute_numeric', 'zscore', null],
    ]);
    expect(s.inputs.n).toBe(300);
    const region = s.model!.spec.features.find((f) => f.id === 'region')!;
    expect(featureLevels(region)).toEqual([...region.categories!, '(other)']);
    const plan = s.inputs.categories!.levels.plan;
    expect([...plan.slice(0, 3)].sort()).toEqual(['basic', 'plus', 'premium']);
    expect(plan[3]).toBe('(other)');
  });

  it('rules on categories and numbers agree everywhere', async () => {
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: {
        segments: [
          rule('rich-premium', 'Premium, high income', {
            all: [
              { feature: 'plan', op: '=', value: 'premium' },
              { feature: 'income', op: '>=', value: 90000 },
            ],
          }),
          rule('north-east', "North & East 'n' others", {
            any: [
              { feature: 'region', op: 'in', value: ['North', 'East', '(other)'] },
              { feature: 'gender', op: 'is missing' },
            ],
          }),
          rule('not-f', 'Not F', {
            all: [
              { feature: 'gender', op: '!=', value: 'F' },
              { feature: 'age', op: 'between', value: [30, 50] },
            ],
          }),
        ],
      },
    };
    const a = await expectSameEverywhere(pg, s, seg, `c${++schemas}`);
    expect(new Set(a.values()).size).toBe(4);
  });

  it('RFM scores the table’s own columns: days since the last order, orders, spend', async () => {
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      rfm: {
        ...defaultSegmentsConfig().rfm,
        columns: { r: 'days_since_order', f: 'orders', m: 'spend' },
      },
    };
    const a = await expectSameEverywhere(pg, s, seg, `c${++schemas}`);
    expect(new Set(a.values()).size).toBeGreaterThan(4);
  });

  it('clusters on the standardised numbers agree everywhere', async () => {
    const t = s.inputs.transformed;
    const columns = ['age', 'income', 'orders', 'spend'];
    const point = (i: number) => columns.map((c) => t.matrix[i * t.d + t.columns.indexOf(c)]);
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'clusters',
      clusters: {
        ...defaultSegmentsConfig().clusters,
        features: columns,
        segments: [0, 100, 200].map((i, j) => ({
          id: `c${j}`,
          name: `Cluster ${j}`,
          color: '#E69F00',
          definition: { kind: 'cluster', features: columns, centroids: [point(i)] },
        })),
      },
    };
    await expectSameEverywhere(pg, s, seg, `c${++schemas}`);
  });

  it('k-prototypes on numbers and categories agree everywhere, a tie going to the first', async () => {
    const t = s.inputs.transformed;
    const columns = ['age', 'income', 'spend'];
    const categorical = ['region', 'plan'];
    const { levels, codes } = s.inputs.categories!;
    const point = (i: number) => columns.map((c) => t.matrix[i * t.d + t.columns.indexOf(c)]);
    const mode = (i: number) => categorical.map((c) => levels[c][codes[c][i]]);
    // Rows 7 and 7 again: two identical prototypes, so every customer nearest them ties and the
    // lower index must win in every engine.
    const rows = [0, 7, 7, 150];
    for (const gamma of [0.37, 2.5]) {
      const seg: SegmentsConfig = {
        ...defaultSegmentsConfig(),
        method: 'clusters',
        clusters: {
          ...defaultSegmentsConfig().clusters,
          features: columns,
          categorical,
          gamma,
          segments: rows.map((i, j) => ({
            id: `p${j}`,
            name: `Prototype ${j}`,
            color: '#E69F00',
            definition: {
              kind: 'cluster',
              features: columns,
              centroids: [point(i)],
              categorical: { features: categorical, modes: [mode(i)], gamma },
            },
          })),
        },
      };
      const a = await expectSameEverywhere(pg, s, seg, `c${++schemas}`);
      const used = new Set(a.values());
      expect(used.has('p1')).toBe(true);
      expect(used.has('p2')).toBe(false);
    }
  });

  it('refuses a rule comparing a category with a number, or naming a level it does not have', async () => {
    const { checkConfig } = await import('../../src/lib/config/validate');
    const { sessionConfig } = await import('./studio-path');
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: {
        segments: [
          rule('a', 'A', { all: [{ feature: 'plan', op: '>', value: 1 }] }),
          rule('b', 'B', { all: [{ feature: 'region', op: 'in', value: ['Mordor'] }] }),
        ],
      },
    };
    const r = checkConfig(JSON.parse(JSON.stringify(sessionConfig(s, seg))));
    expect(r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'segmentation.rules.segments[0].definition.when.all[0].op: ">" compares numbers; a category takes =, !=, in, not in or is missing',
      expect.stringMatching(
        /^segmentation\.rules\.segments\[1\]\.definition\.when\.all\[0\]\.value\[0\]: "Mordor" is not a category here/,
      ),
    ]);
  });

  it('refuses k-prototypes clusters whose categories, modes or gamma do not fit the data', async () => {
    const { checkConfig } = await import('../../src/lib/config/validate');
    const { sessionConfig } = await import('./studio-path');
    const def = (categorical: unknown, i: number) =>
      ({
        id: `p${i}`,
        name: `P${i}`,
        color: '#000000',
        definition: { kind: 'cluster', features: ['age'], centroids: [[0]], categorical },
      }) as SegmentDef;
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'clusters',
      clusters: {
        ...defaultSegmentsConfig().clusters,
        features: ['age'],
        categorical: ['plan', 'income'],
        gamma: -1,
        segments: [
          def({ features: ['plan'], modes: [['gold']], gamma: 1 }, 0),
          def({ features: ['plan'], modes: [['basic'], ['plus']], gamma: 0.5 }, 1),
          def({ features: ['plan', 'region'], modes: [['basic']], gamma: 1 }, 2),
        ],
      },
    };
    const r = checkConfig(JSON.parse(JSON.stringify(sessionConfig(s, seg))));
    expect(r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'segmentation.clusters.categorical[1]: "income" is not a category kept as levels in this segmentation',
      expect.stringMatching(/^segmentation\.clusters\.gamma: /),
      'segmentation.clusters.segments[0].definition.categorical.modes[0][0]: "gold" is not a level of "plan"',
      'segmentation.clusters.segments[1].definition.categorical.modes: has 2 modes for 1 centroids',
      'segmentation.clusters.segments[2].definition.categorical.modes[0]: has 1 labels for 2 categories',
    ]);
  });
});
