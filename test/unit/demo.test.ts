import { tableToIPC, type Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { DEMO_DESCRIPTION, generateDemo, PLANTED_GROUPS } from '../../src/lib/ingest/demo';
import { qualityReport } from '../../src/lib/ingest/quality';
import { inferColumns } from '../../src/lib/ingest/roles';

const bytes = (t: Table): Uint8Array => tableToIPC(t);
const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

describe('demo data', () => {
  const full = generateDemo();

  it('is deterministic: same seed, same bytes; another seed, other bytes', () => {
    const a = generateDemo({ customers: 500, seed: 7 });
    const b = generateDemo({ customers: 500, seed: 7 });
    const c = generateDemo({ customers: 500, seed: 8 });
    expect(equalBytes(bytes(a.customers), bytes(b.customers))).toBe(true);
    expect(equalBytes(bytes(a.transactions), bytes(b.transactions))).toBe(true);
    expect(equalBytes(bytes(a.transactions), bytes(c.transactions))).toBe(false);
  });

  it('has the documented size and shape', () => {
    expect(full.customers.numRows).toBe(20_000);
    expect(full.transactions.numRows).toBeGreaterThan(250_000);
    expect(full.transactions.numRows).toBeLessThan(350_000);
    expect(full.customers.schema.fields.map((f) => f.name)).toEqual([
      'customer_id',
      'age',
      'gender',
      'country',
      'signup_date',
      'channel',
      'planted_group',
    ]);
    expect(full.transactions.schema.fields.map((f) => f.name)).toEqual([
      'order_id',
      'customer_id',
      'order_date',
      'product_id',
      'category',
      'quantity',
      'unit_price',
    ]);
    expect(DEMO_DESCRIPTION).toMatch(/20,000 customers/);
  });

  it('plants every behaviour group at its share', () => {
    const groups = full.customers.getChild('planted_group')!.toArray() as string[];
    const counts = new Map<string, number>();
    for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    for (const g of PLANTED_GROUPS) {
      expect(counts.get(g.name)).toBeCloseTo(g.share * 20_000, -1);
    }
  });

  it('generates in well under the time budget', () => {
    const t0 = performance.now();
    generateDemo({ seed: 3 });
    const ms = performance.now() - t0;
    console.log(`generateDemo full size: ${ms.toFixed(0)} ms`);
    // Budget 1.5 s on an idle machine; the bound here leaves room for a loaded CI box.
    expect(ms).toBeLessThan(6000);
  });

  describe('in DuckDB', () => {
    let db: Awaited<ReturnType<typeof createNodeDb>>;
    beforeAll(async () => {
      db = await createNodeDb();
      const small = generateDemo({ customers: 2000, seed: 11 });
      await db.insertArrow('customers', small.customers);
      await db.insertArrow('transactions', small.transactions);
    });
    const one = async (sql: string): Promise<Record<string, unknown>> =>
      (await db.query(sql)).get(0)!.toJSON() as Record<string, unknown>;

    it('loads, with dates in 2023-2024 and ~2% cancellations with negative quantities', async () => {
      const r = await one(`SELECT count(*)::DOUBLE AS n,
        min(order_date)::VARCHAR AS lo, max(order_date)::VARCHAR AS hi,
        avg(CASE WHEN starts_with(order_id, 'C') THEN 1 ELSE 0 END) AS cancel_share,
        count(*) FILTER (WHERE starts_with(order_id, 'C') <> (quantity < 0))::DOUBLE AS mismatched,
        count(*) FILTER (WHERE customer_id NOT IN (SELECT customer_id FROM customers))::DOUBLE AS orphans
        FROM transactions`);
      expect(Number(r.n)).toBeGreaterThan(25_000);
      expect(String(r.lo) >= '2023-01-01').toBe(true);
      expect(String(r.hi) < '2025-01-01').toBe(true);
      expect(Number(r.cancel_share)).toBeGreaterThan(0.01);
      expect(Number(r.cancel_share)).toBeLessThan(0.035);
      expect(Number(r.mismatched)).toBe(0);
      expect(Number(r.orphans)).toBe(0);
    });

    it('behaves as planted: VIPs spend most, lapsed stopped a year ago, new ones joined late', async () => {
      const rows = (
        await db.query(`SELECT planted_group AS g, count(DISTINCT order_id)::DOUBLE / count(DISTINCT c.customer_id) AS orders,
          sum(quantity * unit_price) / count(DISTINCT c.customer_id) AS spend, max(order_date)::VARCHAR AS last,
          min(signup_date)::VARCHAR AS first_signup, avg(unit_price) AS price
          FROM customers c JOIN transactions t USING (customer_id) GROUP BY 1`)
      )
        .toArray()
        .map((r) => r.toJSON());
      const g = Object.fromEntries(rows.map((r) => [r.g, r]));
      expect(Object.keys(g).sort()).toEqual(PLANTED_GROUPS.map((p) => p.name).sort());
      for (const other of ['loyal', 'bargain', 'one_and_done', 'new_recent', 'lapsed']) {
        expect(Number(g.vip.spend)).toBeGreaterThan(2 * Number(g[other].spend));
      }
      expect(Number(g.one_and_done.orders)).toBe(1);
      expect(String(g.lapsed.last) < '2024-01-02').toBe(true);
      expect(String(g.one_and_done.last) < '2023-10-01').toBe(true);
      expect(String(g.new_recent.first_signup) >= '2024-09-01').toBe(true);
      expect(Number(g.bargain.price)).toBeLessThan(Number(g.loyal.price) / 2);
      expect(Number(g.bargain.orders)).toBeGreaterThan(Number(g.loyal.orders));
    });

    it('gets its roles inferred correctly', async () => {
      const t = await inferColumns(db, 'transactions');
      expect(Object.fromEntries(t.columns.map((c) => [c.name, c.role]))).toEqual({
        order_id: 'order_id',
        customer_id: 'customer_id',
        order_date: 'datetime',
        product_id: 'category',
        category: 'product_category',
        quantity: 'quantity',
        unit_price: 'unit_price',
      });
      const c = await inferColumns(db, 'customers');
      expect(Object.fromEntries(c.columns.map((x) => [x.name, x.role]))).toEqual({
        customer_id: 'customer_id',
        age: 'measure',
        gender: 'category',
        country: 'geo',
        signup_date: 'datetime',
        channel: 'category',
        planted_group: 'ignore',
      });
      const q = await qualityReport(db, 'customers', c.columns);
      expect(q.checks.find((x) => x.id === 'duplicate_ids')?.count).toBe(0);
    });
  });
});
