import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/lib/features/compute';
import { buildFeatureSql } from '../../src/lib/features/build';
import { availableFeatures } from '../../src/lib/features/catalogue';
import { FeatureError } from '../../src/lib/features/errors';
import { validateSpec, type FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource, TransactionRoles } from '../../src/lib/features/source';
import { fixtureDb, fixtureSource } from './features-fixture';

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
  db = await fixtureDb();
});
afterAll(() => db.close());

const rfm = (asOf: string | null = '2024-04-01'): FeatureSpec => ({
  asOf,
  features: ['recency', 'frequency', 'monetary'].map((k) => ({
    id: k,
    kind: k as 'recency',
    transform: { kind: 'none' },
    missing: 'zero',
  })),
});

async function errorOf(p: Promise<unknown>): Promise<FeatureError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FeatureError) return e;
    throw e;
  }
  throw new Error('expected a FeatureError');
}

const withTx = (transactions: string, roles: Partial<TransactionRoles> = {}): FeatureSource => ({
  transactions,
  roles: { ...fixtureSource().roles!, ...roles },
});

describe('bad data gives a FeatureError naming the column and the fix', () => {
  it('dates stored as text', async () => {
    await db.exec(
      `CREATE VIEW text_dates AS SELECT * REPLACE (CAST("when" AS VARCHAR) AS "when") FROM tx`,
    );
    const e = await errorOf(computeFeatures(db, rfm(), withTx('text_dates'), 'x'));
    expect(e.message).toMatch(
      /date column "when" holds VARCHAR values, not dates: set its date format/,
    );
    expect(e.where).toBe('when');
  });
  it('dates that all failed to parse', async () => {
    await db.exec(
      `CREATE VIEW null_dates AS SELECT * REPLACE (try_strptime(CAST("when" AS VARCHAR), '%d/%m/%Y') AS "when") FROM tx`,
    );
    const e = await errorOf(computeFeatures(db, rfm(), withTx('null_dates'), 'x'));
    expect(e.message).toMatch(
      /no date in column "when" could be parsed \(all 22 values are empty\): check its date format/,
    );
  });
  it('no usable amount column', async () => {
    const none = withTx('tx', { quantity: undefined, unitPrice: undefined });
    const e = await errorOf(computeFeatures(db, rfm(), none, 'x'));
    expect(e.message).toMatch(
      /feature "monetary" \(monetary\) needs an amount column, or quantity and unit price/,
    );
    await db.exec(
      `CREATE VIEW text_amount AS SELECT *, CAST("Price (£)" AS VARCHAR) AS amt FROM tx`,
    );
    const text = withTx('text_amount', {
      quantity: undefined,
      unitPrice: undefined,
      amount: 'amt',
    });
    expect((await errorOf(computeFeatures(db, rfm(), text, 'x'))).message).toMatch(
      /amount column "amt" holds VARCHAR values, not numbers/,
    );
    await db.exec(`CREATE VIEW empty_amount AS SELECT *, CAST(NULL AS DOUBLE) AS amt FROM tx`);
    const empty = withTx('empty_amount', {
      quantity: undefined,
      unitPrice: undefined,
      amount: 'amt',
    });
    expect((await errorOf(computeFeatures(db, rfm(), empty, 'x'))).message).toMatch(
      /amount column "amt" is empty in every row: map a usable amount column/,
    );
  });
  it('customer ids of mixed types', async () => {
    await db.exec(
      `CREATE VIEW mixed_ids AS SELECT * REPLACE (CASE WHEN "select" = 'c1' THEN '17850.0' ELSE '12345' END AS "select") FROM tx`,
    );
    expect((await errorOf(computeFeatures(db, rfm(), withTx('mixed_ids'), 'x'))).message).toMatch(
      /customer id column "select" in mixed_ids mixes ids written as decimals .* normalise the ids in ingest/,
    );
    await db.exec(
      `CREATE VIEW float_ids AS SELECT * REPLACE (CAST(length("select") AS DOUBLE) AS "select") FROM tx`,
    );
    expect((await errorOf(computeFeatures(db, rfm(), withTx('float_ids'), 'x'))).message).toMatch(
      /customer id column "select" is DOUBLE: ids must be text or whole numbers/,
    );
  });
  it('an as-of date before all data', async () => {
    const e = await errorOf(computeFeatures(db, rfm('2020-01-01'), fixtureSource(), 'x'));
    expect(e.message).toBe(
      'the as-of date 2020-01-01 is not after the first transaction (2022-06-30 in "when"): pick a later date or leave it empty for 2024-04-02',
    );
  });
  it('a missing role column and a missing customer attribute', async () => {
    const e = await errorOf(computeFeatures(db, rfm(), withTx('tx', { orderId: 'nope' }), 'x'));
    expect(e.message).toMatch(/order id column "nope" is not in tx: pick another column/);
    const spec = rfm();
    spec.features.push({
      id: 'age',
      kind: 'attribute_numeric',
      column: 'age',
      transform: { kind: 'none' },
      missing: 'zero',
    });
    const e2 = await errorOf(computeFeatures(db, spec, fixtureSource(), 'x'));
    expect(e2.message).toMatch(
      /feature "age": column "age" is not an attribute of the customer table customers/,
    );
  });
  it('an expression naming an unknown function, never executed', async () => {
    const spec = rfm();
    spec.features.push({
      id: 'bad',
      kind: 'custom',
      expr: "sum(read_csv('/etc/passwd'))",
      transform: { kind: 'none' },
      missing: 'zero',
    });
    const e = await errorOf(computeFeatures(db, spec, fixtureSource(), 'x'));
    expect(e.message).toMatch(/^unknown function read_csv\(\).* at position 4$/);
  });
});

describe('validateSpec rejects untrusted specs with the field named', () => {
  const ok = rfm();
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'x', /^spec: must be an object/],
    ['bad date', { ...ok, asOf: '2024-02-30' }, /^asOf: must be a date YYYY-MM-DD/],
    ['extra field', { ...ok, sql: 'DROP TABLE t' }, /^spec: unknown field "sql"/],
    [
      'unknown kind',
      { ...ok, features: [{ ...ok.features[0], kind: 'evil' }] },
      /^features\[0\]\.kind: unknown kind "evil"/,
    ],
    [
      'bad id',
      { ...ok, features: [{ ...ok.features[0], id: 'a"; DROP' }] },
      /^features\[0\]\.id: must be lower-case/,
    ],
    ['reserved id', { ...ok, features: [{ ...ok.features[0], id: 'customer_id' }] }, /reserved/],
    [
      'duplicate id',
      { ...ok, features: [ok.features[0], ok.features[0]] },
      /^features\[1\]\.id: duplicate id "recency"/,
    ],
    [
      'bad transform',
      { ...ok, features: [{ ...ok.features[0], transform: { kind: 'log1p', lower: 0.1 } }] },
      /transform\.lower: only applies to winsorize/,
    ],
    [
      'bad percentile',
      { ...ok, features: [{ ...ok.features[0], transform: { kind: 'winsorize', upper: 2 } }] },
      /transform\.upper: must be a percentile/,
    ],
    [
      'expr on non-custom',
      { ...ok, features: [{ ...ok.features[0], expr: '1' }] },
      /expr: only for custom/,
    ],
    [
      'custom without expr',
      { ...ok, features: [{ ...ok.features[0], kind: 'custom' }] },
      /expr: is required/,
    ],
    [
      'attribute without column',
      { ...ok, features: [{ ...ok.features[0], kind: 'attribute_numeric' }] },
      /column: is required/,
    ],
    ['window', { ...ok, window: { days: -1 } }, /^window\.days: must be a whole number/],
    [
      'missing policy',
      { ...ok, features: [{ ...ok.features[0], missing: 'ignore' }] },
      /missing: must be one of drop/,
    ],
  ];
  for (const [name, value, re] of cases) {
    it(name, () => expect(() => validateSpec(value)).toThrow(re));
  }
  it('returns a clean copy of a valid spec', () => {
    expect(validateSpec(JSON.parse(JSON.stringify(ok)))).toEqual(ok);
  });
});

describe('catalogue', () => {
  it('offers only what the roles support', () => {
    const kinds = (s: Parameters<typeof availableFeatures>[0]) =>
      availableFeatures(s).map((e) => e.kind);
    const bare = kinds({ roles: { customerId: 'c', datetime: 'd' } });
    expect(bare).toContain('recency');
    expect(bare).not.toContain('monetary');
    expect(bare).not.toContain('attribute_numeric');
    expect(bare).not.toContain('return_rate');
    expect(kinds({ roles: { customerId: 'c', datetime: 'd', quantity: 'q' } })).toContain(
      'return_rate',
    );
    expect(
      kinds({ roles: { customerId: 'c', datetime: 'd', quantity: 'q', unitPrice: 'p' } }),
    ).toContain('aov');
    expect(kinds(fixtureSource())).toEqual(
      expect.arrayContaining(['category_share', 'distinct_products', 'attribute_category']),
    );
  });
});

describe('buildFeatureSql exact text', () => {
  it('quotes every name and writes the as-of date as a DATE literal', () => {
    const source: FeatureSource = {
      transactions: 'my "tx"',
      roles: { customerId: 'select', datetime: 'when', amount: 'Price (£)' },
    };
    const spec = rfm('2011-12-10');
    spec.features = spec.features.slice(0, 3);
    spec.features[1].windowDays = 30;
    const { sql, columns } = buildFeatureSql(spec, source);
    const cid = 'CAST(t."select" AS VARCHAR)';
    const day = 'CAST(t."when" AS DATE)';
    const base = `${cid} IS NOT NULL AND ${day} < DATE '2011-12-10'`;
    expect(sql).toBe(
      `WITH "a" AS (\n  SELECT ${cid} AS cid,\n` +
        `    date_diff('day', max(${day}), DATE '2011-12-10') AS "f0_0",\n` +
        `    count(DISTINCT CAST(t."when" AS TIMESTAMP)) FILTER (WHERE ${day} >= DATE '2011-12-10' - 30) AS "f1_0",\n` +
        `    CASE WHEN count(*) = 0 THEN 0 ELSE sum(CAST(CAST(t."Price (£)" AS DOUBLE) AS DECIMAL(38,6))) END AS "f2_0"\n` +
        `  FROM "my ""tx""" AS t\n  WHERE ${base}\n  GROUP BY 1\n),\n` +
        `"ids" AS (SELECT cid FROM "a")\n` +
        `SELECT "ids".cid AS "customer_id",\n  CAST("a"."f0_0" AS DOUBLE) AS "recency",\n` +
        `  CAST(CASE WHEN "a"."cid" IS NULL THEN 0 ELSE "a"."f1_0" END AS DOUBLE) AS "frequency",\n` +
        `  CAST(CASE WHEN "a"."cid" IS NULL THEN 0 ELSE "a"."f2_0" END AS DOUBLE) AS "monetary"\n` +
        `FROM "ids"\nLEFT JOIN "a" ON "a".cid = "ids".cid\nORDER BY "customer_id"`,
    );
    expect(columns).toEqual([
      { name: 'recency', feature: 'recency' },
      { name: 'frequency', feature: 'frequency' },
      { name: 'monetary', feature: 'monetary' },
    ]);
  });
  it('refuses an unresolved spec', () => {
    expect(() => buildFeatureSql(rfm(null), fixtureSource())).toThrow(/asOf must be resolved/);
  });
});

describe('customer tables and untrusted strings', () => {
  it('rejects customer ids written as decimals when the transaction ids are not', async () => {
    await db.exec(
      `CREATE TABLE float_customers AS SELECT * REPLACE (CAST(row_number() OVER () AS VARCHAR) || '.0' AS id) FROM customers`,
    );
    const source = fixtureSource();
    source.customers = { relation: 'float_customers', customerId: 'id', columns: [] };
    expect((await errorOf(computeFeatures(db, rfm(), source, 'x'))).message).toMatch(
      /customer ids are written differently in float_customers \("id"\) and tx \("select"\)/,
    );
  });
  it('rejects NUL characters in spec strings', () => {
    const spec = rfm();
    spec.features.push({
      id: 'c',
      kind: 'custom',
      expr: 'count()\u0000',
      transform: { kind: 'none' },
      missing: 'zero',
    });
    expect(() => validateSpec(spec)).toThrow(/features\[3\]\.expr: may not contain a NUL/);
  });
  it('hints at an aggregate when a transactions column is used bare next to a customer table', async () => {
    const spec = rfm();
    spec.features.push({
      id: 'c',
      kind: 'custom',
      expr: 'cat',
      transform: { kind: 'none' },
      missing: 'zero',
    });
    expect((await errorOf(computeFeatures(db, spec, fixtureSource(), 'x'))).message).toBe(
      'column "cat" must be inside an aggregate such as sum(cat) at position 0',
    );
  });
});
