import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/lib/features/compute';
import type { FeatureDef, FeatureSpec } from '../../src/lib/features/spec';
import { dayNo, refFeatures, scope } from './features-ref';
import { fixtureCustomers, fixtureDb, fixtureLines, fixtureSource } from './features-fixture';

type Db = Awaited<ReturnType<typeof fixtureDb>>;
let db: Db;
beforeAll(async () => {
  db = await fixtureDb();
});
afterAll(() => db.close());

const f = (id: string, kind: FeatureDef['kind'], more: Partial<FeatureDef> = {}): FeatureDef => ({
  id,
  kind,
  transform: { kind: 'none' },
  missing: 'zero',
  ...more,
});

const behavioural = (extra: Partial<FeatureDef> = {}): FeatureDef[] => [
  f('recency', 'recency', extra),
  f('tenure', 'tenure', extra),
  f('frequency', 'frequency', extra),
  f('monetary', 'monetary', extra),
  f('aov', 'aov', extra),
  f('avg_gap', 'avg_days_between', extra),
  f('median_gap', 'median_days_between', extra),
  f('products', 'distinct_products', extra),
  f('categories', 'distinct_categories', extra),
  f('share', 'category_share', { topN: 2, ...extra }),
  f('returns', 'return_rate', extra),
  f('months', 'active_months', extra),
];

async function rawRows(table: string): Promise<Map<string, Record<string, number | null>>> {
  const t = await db.query(`SELECT * FROM "${table}"`);
  return new Map(t.toArray().map((r) => [String(r.customer_id), r.toJSON()]));
}

function expectClose(actual: unknown, expected: number | null, label: string): void {
  if (expected === null) expect(actual, label).toBeNull();
  else expect(Number(actual), label).toBeCloseTo(expected, 9);
}

/** Positive spend per category over the scoped lines, top n, ties by name. */
function topCategories(asOf: number, n: number, windowDays?: number): string[] {
  const by = new Map<string, number>();
  for (const lines of scope(fixtureLines(), asOf, windowDays).values()) {
    for (const l of lines) {
      const a = l.qty === null || l.price === null ? null : l.qty * l.price;
      if (a !== null && a > 0 && l.cat) by.set(l.cat, (by.get(l.cat) ?? 0) + a);
    }
  }
  return [...by]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map((x) => x[0]);
}

async function compareWithReference(
  spec: FeatureSpec,
  window?: number,
  target = 'feat',
): Promise<void> {
  const asOf = dayNo(spec.asOf ?? '');
  const r = await computeFeatures(db, spec, fixtureSource(), target);
  const categories = topCategories(asOf, 2, window);
  expect(r.resolved.features.find((x) => x.id === 'share')?.categories).toEqual(categories);
  const byCustomer = scope(fixtureLines(), asOf, window);
  const everyone = new Set([
    ...scope(fixtureLines(), asOf).keys(),
    ...fixtureCustomers().map((c) => c.id),
  ]);
  const raw = await rawRows(r.rawTable);
  expect([...raw.keys()].sort()).toEqual([...everyone].sort());
  for (const cid of everyone) {
    const want = refFeatures(byCustomer.get(cid) ?? [], { asOf, categories });
    const got = raw.get(cid) ?? {};
    for (const [k, v] of Object.entries(want)) {
      if (k === 'trend') continue;
      expectClose(got[k], v, `${cid} ${k}`);
    }
  }
  const readRows = [...byCustomer.values()].reduce((a, l) => a + l.length, 0);
  expect(r.rowsRead.recency).toBe(readRows);
}

describe('behavioural features match an independent TypeScript computation', () => {
  it('all customers, including one-order, same-day, all-cancelled, NULL amounts, no transactions', async () => {
    await compareWithReference({ asOf: '2024-04-01', features: behavioural() });
  });
  it('with a global window of 60 days', async () => {
    await compareWithReference(
      { asOf: '2024-04-01', window: { days: 60 }, features: behavioural() },
      60,
    );
  });
  it('with a per-feature window of 60 days', async () => {
    await compareWithReference(
      { asOf: '2024-04-01', features: behavioural({ windowDays: 60 }) },
      60,
    );
  });
  it('spend trend over 90- and 45-day periods', async () => {
    const spec: FeatureSpec = {
      asOf: '2024-04-01',
      features: [f('trend', 'spend_trend'), f('trend45', 'spend_trend', { windowDays: 45 })],
    };
    const r = await computeFeatures(db, spec, fixtureSource(), 'trend');
    const raw = await rawRows(r.rawTable);
    const asOf = dayNo('2024-04-01');
    const byCustomer = scope(fixtureLines(), asOf);
    for (const [cid, got] of raw) {
      const lines = byCustomer.get(cid) ?? [];
      expectClose(got.trend, refFeatures(lines, { asOf }).trend, `${cid} trend`);
      expectClose(got.trend45, refFeatures(lines, { asOf, trendDays: 45 }).trend, `${cid} trend45`);
    }
    expect(raw.get('c1')?.trend).not.toBeNull();
    expect(r.rowsRead.trend45).toBe(
      [...byCustomer.values()].flat().filter((l) => l.day >= asOf - 90).length,
    );
  });
  it('defaults the as-of date to the day after the last transaction', async () => {
    const r = await computeFeatures(
      db,
      { asOf: null, features: [f('recency', 'recency')] },
      fixtureSource(),
      'd',
    );
    expect(r.asOf).toBe('2024-04-02');
    expect((await rawRows(r.rawTable)).get('c6')?.recency).toBe(1);
  });
  it('reads returns from a separate relation when given', async () => {
    await db.exec(`CREATE OR REPLACE VIEW sales AS SELECT * FROM tx WHERE "a""b" >= 0`);
    const source = { ...fixtureSource(), transactions: 'sales', returnsRelation: 'tx' };
    const r = await computeFeatures(
      db,
      { asOf: '2024-04-01', features: [f('returns', 'return_rate')] },
      source,
      'ret',
    );
    const raw = await rawRows(r.rawTable);
    const asOf = dayNo('2024-04-01');
    const all = scope(fixtureLines(), asOf);
    for (const [cid, got] of raw) {
      expectClose(got.returns, refFeatures(all.get(cid) ?? [], { asOf }).returns, cid);
    }
    expect(raw.has('c4')).toBe(false);
    expect(r.rowsRead.returns).toBe([...all.values()].flat().length);
  });
});

describe('customer attributes and custom expressions', () => {
  it('keeps customers without transactions and derives attributes relative to the as-of date', async () => {
    const spec: FeatureSpec = {
      asOf: '2024-04-01',
      features: [
        f('age', 'attribute_numeric', { column: 'Age (yrs)' }),
        f('seg', 'attribute_category', { column: 'segment', topN: 2 }),
        f('born', 'attribute_date_age', { column: 'birth' }),
        f('aov2', 'custom', { expr: 'sum("a""b" * "Price (£)") / count_distinct("order id")' }),
        f('mix', 'custom', { expr: `"Age (yrs)" * 2 + count(CASE WHEN cat = 'toys' THEN 1 END)` }),
      ],
    };
    const r = await computeFeatures(db, spec, fixtureSource(), 'attr');
    expect(r.rawColumns.map((c) => c.name)).toEqual([
      'age',
      'seg__gold',
      'seg__bronze',
      'seg__other',
      'born',
      'aov2',
      'mix',
    ]);
    expect(r.rowsRead).toMatchObject({ age: 0, seg: 0, born: 0 });
    const raw = await rawRows(r.rawTable);
    const asOf = dayNo('2024-04-01');
    const byCustomer = scope(fixtureLines(), asOf);
    const customers = new Map(fixtureCustomers().map((c) => [c.id, c]));
    for (const [cid, got] of raw) {
      const c = customers.get(cid);
      const lines = byCustomer.get(cid) ?? [];
      expectClose(got.age, c?.['Age (yrs)'] ? Number(c['Age (yrs)']) : null, `${cid} age`);
      const seg = c?.segment || null;
      expectClose(got.seg__gold, seg === null ? null : seg === 'gold' ? 1 : 0, `${cid} gold`);
      expectClose(
        got.seg__other,
        seg === null ? null : seg === 'gold' || seg === 'bronze' ? 0 : 1,
        `${cid} other`,
      );
      expectClose(got.born, c?.birth ? (asOf - dayNo(c.birth)) / 365.25 : null, `${cid} born`);
      expectClose(got.aov2, refFeatures(lines, { asOf }).aov, `${cid} aov2`);
      const toys = lines.filter((l) => l.cat === 'toys').length;
      expectClose(
        got.mix,
        c?.['Age (yrs)'] && lines.length ? Number(c['Age (yrs)']) * 2 + toys : null,
        `${cid} mix`,
      );
    }
    expect(raw.has('c9') && raw.has('c10')).toBe(true);
  });
});
