import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { computeFeatures } from '../../src/lib/features/compute';
import type { FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource } from '../../src/lib/features/source';
import { dayNo, parseCsv, refFeatures, scope, type Line } from './features-ref';

const root = path.resolve(import.meta.dirname, '../..');
const real = path.resolve(root, '../shared/data/online_retail_uci_2010-2011.csv');
// SEGMENT_TEST_EXTRACT=1 runs the fresh-clone path even where the real file exists.
const useReal = fs.existsSync(real) && !process.env.SEGMENT_TEST_EXTRACT;
const file = useReal ? real : path.join(root, 'test/fixtures/retail-extract.csv');
const ASOF = '2011-12-10';

let db: Awaited<ReturnType<typeof createNodeDb>>;
let lines: (Line & { invoice: string })[];
beforeAll(async () => {
  db = await createNodeDb();
  const bytes = fs.readFileSync(file);
  // registerFile, not registerPath: the node Db's registerPath passes the wrong protocol id.
  await db.registerFile('retail.csv', bytes);
  await db.exec(`CREATE TABLE retail AS SELECT * FROM read_csv('retail.csv', header = true)`);
  // Test-local normalisation: CustomerID is a float string such as 17850.0.
  await db.exec(
    `CREATE VIEW clean AS SELECT *, regexp_replace(CAST(CustomerID AS VARCHAR), '\\.0$', '') AS cid FROM retail WHERE CustomerID IS NOT NULL AND NOT starts_with(CAST(InvoiceNo AS VARCHAR), 'C')`,
  );
  await db.exec(`CREATE VIEW clean_pos AS SELECT * FROM clean WHERE UnitPrice > 0`);
  const [head, ...rows] = parseCsv(bytes.toString('utf8'));
  const at = (n: string): number => head.indexOf(n);
  lines = rows
    .filter((r) => r.length === head.length)
    .map((r) => ({
      invoice: r[at('InvoiceNo')],
      cid: r[at('CustomerID')].replace(/\.0$/, ''),
      day: dayNo(r[at('InvoiceDate')]),
      ts: r[at('InvoiceDate')],
      order: r[at('InvoiceNo')],
      qty: Number(r[at('Quantity')]),
      price: Number(r[at('UnitPrice')]),
      cat: null,
      prod: r[at('StockCode')],
    }));
}, 120_000);
afterAll(() => db.close());

const source = (transactions: string): FeatureSource => ({
  transactions,
  roles: {
    customerId: 'cid',
    datetime: 'InvoiceDate',
    orderId: 'InvoiceNo',
    quantity: 'Quantity',
    unitPrice: 'UnitPrice',
  },
});
const rfm: FeatureSpec = {
  asOf: ASOF,
  features: (['recency', 'frequency', 'monetary'] as const).map((k) => ({
    id: k,
    kind: k,
    transform: { kind: 'none' as const },
    missing: 'zero' as const,
  })),
};

describe(`Online Retail RFM (${useReal ? 'full file' : 'committed extract'})`, () => {
  it('counts customers after dropping cancellations, then non-positive prices', async () => {
    const clean = lines.filter((l) => l.cid !== '' && !l.invoice.startsWith('C'));
    const expected = new Set(clean.map((l) => l.cid)).size;
    const expectedPos = new Set(clean.filter((l) => (l.price ?? 0) > 0).map((l) => l.cid)).size;
    expect(expectedPos).toBeLessThan(expected);
    const a = await computeFeatures(db, rfm, source('clean'), 'rfm');
    const b = await computeFeatures(db, rfm, source('clean_pos'), 'rfm_pos');
    expect(a.customers).toBe(expected);
    expect(b.customers).toBe(expectedPos);
    if (useReal) {
      expect([a.customers, b.customers]).toEqual([4339, 4338]);
      expect(a.rowsRead.recency).toBe(397_924);
    }
    expect(a.rowsRead.recency).toBe(clean.length);
  });

  it('matches RFM computed in TypeScript for sample customers', async () => {
    const clean = lines.filter((l) => l.cid !== '' && !l.invoice.startsWith('C'));
    const by = scope(clean, dayNo(ASOF));
    const r = await computeFeatures(db, rfm, source('clean'), 'rfm2');
    const t = await db.query(`SELECT * FROM "${r.rawTable}"`);
    const got = new Map(t.toArray().map((x) => [String(x.customer_id), x.toJSON()]));
    const sample = useReal
      ? ['12346', '12347', '13256', '17850', '14646', '18287']
      : [...by.keys()];
    for (const cid of sample) {
      const want = refFeatures(by.get(cid) ?? [], { asOf: dayNo(ASOF) });
      const row = got.get(cid);
      expect(row, cid).toBeDefined();
      expect(row?.recency, `${cid} recency`).toBe(want.recency);
      expect(row?.frequency, `${cid} frequency`).toBe(want.frequency);
      const m = want.monetary ?? NaN;
      expect(Math.abs(Number(row?.monetary) - m), `${cid} monetary`).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(m)),
      );
    }
  });
});
