/**
 * The warehouse dialects (Spark SQL, Trino, BigQuery): the port pass's exact rewrites, hostile
 * names kept inert in each quoting, every generated script accepted by a maintained parser for
 * its dialect (dt-sql-parser's Spark and Trino grammars, sql-parser-cst's BigQuery grammar), and
 * the rewrites' meaning checked by running their DuckDB-readable forms on native DuckDB. The
 * warehouses themselves are not run here: only DuckDB and PostgreSQL are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { parse as parseCst } from 'sql-parser-cst';
import { compileScript } from '../../src/lib/compile/script';
import { bigquery, duckdb, spark, trino } from '../../src/lib/sql/dialects';
import {
  dateArithmetic,
  filterIntoAggregate,
  orderedRowNumber,
  portScript,
  rewriteAll,
  sparkTrunc,
  unionDistinct,
} from '../../src/lib/sql/dialects/port';
import { ident, literal } from '../../src/lib/sql/quote';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { SegmentDef } from '../../src/lib/segment/model';
import type { FeatureSpec } from '../../src/lib/features/spec';
import type { StudioConfig } from '../../src/lib/config/schema';
import { differences, fixturesDir, runNativeDuckdb } from './engines';
import {
  computeSession,
  engineAssignment,
  loadFiles,
  sessionConfig,
  studioSession,
  type Loaded,
  type Session,
} from './studio-path';

const opts = { generatedAt: '2026-12-03T00:00:00Z', app: 'Segment Studio (test)' };
const WAREHOUSES = { spark, trino, bigquery } as const;

/** The parser's complaints about a script, as `line:column message` (none when it is valid). */
function problems(name: keyof typeof WAREHOUSES, sql: string): string[] {
  if (name === 'bigquery') {
    try {
      parseCst(sql, { dialect: 'bigquery' });
      return [];
    } catch (e) {
      return [String(e).split('\n').slice(0, 6).join(' | ')];
    }
  }
  const parser = name === 'spark' ? new SparkSQL() : new TrinoSQL();
  return parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
}

describe('portScript, exactly', () => {
  const cases: [string, keyof typeof WAREHOUSES, string, string][] = [
    [
      'date minus days',
      'spark',
      `x >= DATE '2024-01-31' - 30`,
      `x >= date_sub(DATE '2024-01-31', 30)`,
    ],
    [
      'date minus days',
      'trino',
      `x >= DATE '2024-01-31' - 30`,
      `x >= (DATE '2024-01-31' - INTERVAL '30' DAY)`,
    ],
    [
      'date minus days',
      'bigquery',
      `x >= DATE '2024-01-31' - 30`,
      `x >= DATE_SUB(DATE '2024-01-31', INTERVAL 30 DAY)`,
    ],
    [
      'FILTER into the aggregate',
      'bigquery',
      `sum(x) FILTER (WHERE d < 3), count(*) FILTER (WHERE y), count(DISTINCT o) FILTER (WHERE (a AND b))`,
      `sum(CASE WHEN d < 3 THEN x END), count(CASE WHEN y THEN 1 END), count(DISTINCT CASE WHEN (a AND b) THEN o END)`,
    ],
    ['FILTER kept', 'spark', `sum(x) FILTER (WHERE d < 3)`, `sum(x) FILTER (WHERE d < 3)`],
    [
      'month truncation',
      'bigquery',
      `count(DISTINCT date_trunc('month', CAST(t."d" AS DATE)))`,
      'count(DISTINCT DATE_TRUNC(CAST(t.`d` AS DATE), MONTH))',
    ],
    [
      'timestamp literals',
      'bigquery',
      `x < TIMESTAMP '1900-01-01 00:00:00.000'`,
      `x < DATETIME '1900-01-01 00:00:00.000'`,
    ],
    [
      'bare UNION',
      'bigquery',
      'SELECT 1 UNION SELECT 2 UNION ALL SELECT 3',
      'SELECT 1 UNION DISTINCT SELECT 2 UNION ALL SELECT 3',
    ],
    ['starts_with', 'spark', `starts_with(upper(x), 'C')`, `startswith(upper(x), 'C')`],
    [
      'numeric trunc',
      'spark',
      'q = trunc(q)',
      'q = (CASE WHEN (q) < 0 THEN ceil((q)) ELSE floor((q)) END)',
    ],
    ['numeric trunc', 'trino', 'q = trunc(q)', 'q = truncate(q)'],
    [
      'row_number needs an order',
      'spark',
      'row_number() OVER (PARTITION BY "a", "b") AS x, lag(d) OVER (PARTITION BY c ORDER BY d)',
      'row_number() OVER (PARTITION BY `a`, `b` ORDER BY `a`, `b`) AS x, lag(d) OVER (PARTITION BY c ORDER BY d)',
    ],
    [
      'comments and strings untouched',
      'bigquery',
      `-- sum(x) FILTER (WHERE y) 'it''s'\nSELECT 'DATE ''2024-01-01'' - 3 UNION'`,
      `-- sum(x) FILTER (WHERE y) 'it''s'\nSELECT 'DATE \\'2024-01-01\\' - 3 UNION'`,
    ],
  ];
  for (const [what, d, input, output] of cases)
    it(`${d}: ${what}`, () => {
      expect(portScript(input, d)).toBe(output);
    });

  const HOSTILE = [
    'a"b',
    'x`y',
    'back\\slash',
    "it's",
    'two\nlines',
    'x"; DROP TABLE t; --',
    'naïve ☕',
  ];
  it('hostile names and strings stay inert in every quoting', () => {
    const sql = (n: string) => `SELECT ${ident(n)} FROM t WHERE c = ${literal(n)}`;
    expect(portScript(sql('x`y'), 'spark')).toBe("SELECT `x``y` FROM t WHERE c = 'x`y'");
    expect(portScript(sql('x`y'), 'bigquery')).toBe("SELECT `x\\`y` FROM t WHERE c = 'x`y'");
    expect(portScript(sql("it's"), 'spark')).toBe("SELECT `it's` FROM t WHERE c = 'it\\'s'");
    expect(portScript(sql('back\\slash'), 'spark')).toBe(
      "SELECT `back\\slash` FROM t WHERE c = 'back\\\\slash'",
    );
    expect(portScript(sql('two\nlines'), 'bigquery')).toBe(
      "SELECT `two\\nlines` FROM t WHERE c = 'two\\nlines'",
    );
    expect(portScript(sql('a"b'), 'trino')).toBe(sql('a"b'));
    for (const n of HOSTILE)
      for (const d of Object.keys(WAREHOUSES) as (keyof typeof WAREHOUSES)[])
        expect(problems(d, portScript(sql(n), d))).toEqual([]);
  });

  it('BigQuery reads back exactly the names and strings that went in', () => {
    for (const n of HOSTILE) {
      const cst = parseCst(
        portScript(`SELECT ${ident(n)} FROM t WHERE c = ${literal(n)}`, 'bigquery'),
        {
          dialect: 'bigquery',
        },
      );
      const found: { type: string; name?: string; value?: string }[] = [];
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === 'object') {
          const o = x as { type?: string; name?: string; value?: string };
          if (o.type === 'identifier' || o.type === 'string_literal') found.push(o as never);
          Object.values(o).forEach(walk);
        }
      };
      walk(cst);
      expect(
        found.find((f) => f.type === 'identifier' && f.name !== 't' && f.name !== 'c')?.name,
      ).toBe(n);
      expect(found.find((f) => f.type === 'string_literal')?.value).toBe(n);
    }
  });
});

const rule = (id: string, name: string, when: unknown): SegmentDef =>
  ({ id, name, color: '#0072B2', definition: { kind: 'rule', when } }) as SegmentDef;

/** Configs over every feature kind, cleaning choice and method. */
describe('generated scripts parse, and the rewrites keep their meaning', () => {
  let loaded: Loaded;
  let s: Session;
  let retail: Session;
  const configs: {
    what: string;
    config: StudioConfig;
    session: () => Session;
    seg: SegmentsConfig;
  }[] = [];
  const spec: FeatureSpec = {
    asOf: null,
    window: { days: 500 },
    features: [
      { id: 'recency', kind: 'recency', transform: { kind: 'rank' }, missing: 'indicator' },
      { id: 'frequency', kind: 'frequency', transform: { kind: 'log1p' }, missing: 'zero' },
      { id: 'monetary', kind: 'monetary', transform: { kind: 'zscore' }, missing: 'median' },
      { id: 'aov', kind: 'aov', transform: { kind: 'winsorize' }, missing: 'mean' },
      { id: 'tenure', kind: 'tenure', transform: { kind: 'minmax' }, missing: 'median' },
      { id: 'gap', kind: 'avg_days_between', transform: { kind: 'none' }, missing: 'median' },
      {
        id: 'gap_median',
        kind: 'median_days_between',
        transform: { kind: 'none' },
        missing: 'median',
      },
      { id: 'products', kind: 'distinct_products', transform: { kind: 'none' }, missing: 'zero' },
      { id: 'cats', kind: 'distinct_categories', transform: { kind: 'none' }, missing: 'zero' },
      {
        id: 'share',
        kind: 'category_share',
        topN: 2,
        transform: { kind: 'none' },
        missing: 'zero',
      },
      { id: 'returns', kind: 'return_rate', transform: { kind: 'none' }, missing: 'zero' },
      {
        id: 'trend',
        kind: 'spend_trend',
        windowDays: 60,
        transform: { kind: 'none' },
        missing: 'zero',
      },
      {
        id: 'months',
        kind: 'active_months',
        windowDays: 200,
        transform: { kind: 'none' },
        missing: 'zero',
      },
      {
        id: 'age',
        kind: 'attribute_numeric',
        column: 'age',
        transform: { kind: 'none' },
        missing: 'median',
      },
      {
        id: 'region',
        kind: 'attribute_category',
        column: 'region',
        topN: 2,
        transform: { kind: 'none' },
        missing: 'zero',
      },
      {
        id: 'years',
        kind: 'attribute_date_age',
        column: 'signup',
        transform: { kind: 'none' },
        missing: 'mean',
      },
      {
        id: 'custom',
        kind: 'custom',
        expr: 'median(price) + sum(qty * price) / count_distinct("order")',
        transform: { kind: 'none' },
        missing: 'zero',
      },
    ],
  };

  beforeAll(async () => {
    const file = (name: string) => path.join(fixturesDir(), name);
    loaded = await loadFiles([
      {
        path: file('property-tx.csv'),
        roles: { category: 'category', product: 'category' },
        cleaning: [
          { kind: 'drop_cancellations', column: 'order', prefix: 'C' },
          { kind: 'drop_duplicates' },
          { kind: 'drop_future', column: 'ts', asOf: '2024-12-31' },
        ],
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
    s = await computeSession(loaded, spec);
    retail = await studioSession(
      [
        {
          path: file('retail-extract.csv'),
          cleaning: [
            { kind: 'drop_missing', column: 'CustomerID' },
            { kind: 'drop_outliers', column: 'Quantity', limit: 1000 },
            { kind: 'drop_implausible_dates', column: 'InvoiceDate' },
          ],
        },
      ],
      { asOf: null, features: spec.features.slice(0, 5) },
    );
    const t = (
      s.inputs as unknown as { transformed: { matrix: Float32Array; d: number; columns: string[] } }
    ).transformed;
    const columns = ['recency', 'monetary', 'share__other', 'region__other'].filter((c) =>
      t.columns.includes(c),
    );
    const point = (i: number) => columns.map((c) => t.matrix[i * t.d + t.columns.indexOf(c)]);
    const segs: Record<string, SegmentsConfig> = {
      rfm: defaultSegmentsConfig(),
      rules: {
        ...defaultSegmentsConfig(),
        method: 'rules',
        rules: {
          segments: [
            rule('a', 'x\'); DROP TABLE t; -- `b` \\ "c"', {
              all: [
                { feature: 'monetary', op: '>=', value: 100 },
                { feature: 'gap', op: 'is missing' },
              ],
            }),
            rule('b', 'In list', {
              any: [
                { feature: 'months', op: 'in', value: [1, 2] },
                { feature: 'age', op: 'between', value: [20, 40] },
              ],
            }),
            rule('c', 'Not in', {
              all: [
                { feature: 'frequency', op: 'not in', value: [1] },
                { feature: 'trend', op: '!=', value: 0 },
              ],
            }),
          ],
        },
      },
      clusters: {
        ...defaultSegmentsConfig(),
        method: 'clusters',
        clusters: {
          features: columns,
          k: 3,
          seed: 1,
          nInit: 1,
          sweep: [2, 8],
          segments: [0, 5, 9].map((i, c) => ({
            id: `c${c}`,
            name: `Cluster ${c}`,
            color: '#E69F00',
            definition: { kind: 'cluster' as const, features: columns, centroids: [point(i)] },
          })),
        },
      },
    };
    for (const [what, seg] of Object.entries(segs))
      configs.push({
        what: `every feature kind, ${what}`,
        config: sessionConfig(s, seg),
        session: () => s,
        seg,
      });
    configs.push({
      what: 'float ids, outliers, implausible dates, RFM',
      config: sessionConfig(retail, defaultSegmentsConfig()),
      session: () => retail,
      seg: defaultSegmentsConfig(),
    });
  });
  afterAll(() => {
    loaded?.db.close();
    retail?.db.close();
  });

  for (const d of Object.keys(WAREHOUSES) as (keyof typeof WAREHOUSES)[])
    it(`${d}: every script is valid ${WAREHOUSES[d].label}`, () => {
      expect(configs.length).toBe(4);
      for (const c of configs) {
        const script = compileScript(c.config, WAREHOUSES[d], opts);
        expect(script).toContain(`for ${WAREHOUSES[d].label}.`);
        if (d !== 'trino') expect(script).not.toMatch(/FROM "|AS "/);
        expect({ what: c.what, problems: problems(d, script) }).toEqual({
          what: c.what,
          problems: [],
        });
      }
    });

  it('the rewritten forms, run on DuckDB, give the engine’s assignment', async () => {
    const readable = [
      dateArithmetic((date, days) => `(${date} - INTERVAL '${days}' DAY)`),
      filterIntoAggregate,
      unionDistinct,
      sparkTrunc,
      orderedRowNumber,
    ];
    for (const c of configs) {
      const original = compileScript(c.config, duckdb, opts);
      const rewritten = rewriteAll(original, readable);
      expect(rewritten).not.toBe(original);
      const native = await runNativeDuckdb(rewritten, fixturesDir());
      expect({
        what: c.what,
        diff: differences(engineAssignment(c.session(), c.seg), native),
      }).toEqual({
        what: c.what,
        diff: [],
      });
    }
  });
});
