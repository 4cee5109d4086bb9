/** Shared setup of the feature tests: the hostile-named fixture tables and their typed lines. */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeDb } from '../../src/lib/db/node';
import type { FeatureSource } from '../../src/lib/features/source';
import { dayNo, parseCsv, type Line } from './features-ref';

const dir = path.resolve(import.meta.dirname, '../fixtures');

/** A Node Db with tables `tx` (from features-tx.csv) and `customers`. */
export async function fixtureDb(): Promise<Awaited<ReturnType<typeof createNodeDb>>> {
  const db = await createNodeDb();
  for (const f of ['features-tx.csv', 'features-customers.csv']) {
    await db.registerFile(f, fs.readFileSync(path.join(dir, f)));
  }
  await db.exec(`CREATE TABLE tx AS SELECT * FROM read_csv('features-tx.csv', header = true)`);
  await db.exec(
    `CREATE TABLE customers AS SELECT * FROM read_csv('features-customers.csv', header = true)`,
  );
  return db;
}

/** The fixture source: every column name is hostile. */
export function fixtureSource(): FeatureSource {
  return {
    transactions: 'tx',
    roles: {
      customerId: 'select',
      datetime: 'when',
      orderId: 'order id',
      quantity: 'a"b',
      unitPrice: 'Price (£)',
      category: 'cat',
      product: 'prod',
    },
    customers: {
      relation: 'customers',
      customerId: 'id',
      columns: [
        { name: 'Age (yrs)', kind: 'numeric' },
        { name: 'segment', kind: 'categorical' },
        { name: 'birth', kind: 'date' },
      ],
    },
  };
}

const num = (s: string): number | null => (s === '' ? null : Number(s));
const str = (s: string): string | null => (s === '' ? null : s);

/** The transaction lines of features-tx.csv, parsed by hand. */
export function fixtureLines(): Line[] {
  const [, ...rows] = parseCsv(fs.readFileSync(path.join(dir, 'features-tx.csv'), 'utf8'));
  return rows.map(([cid, ts, order, qty, price, cat, prod]) => ({
    cid,
    day: dayNo(ts),
    ts,
    order,
    qty: num(qty),
    price: num(price),
    cat: str(cat),
    prod: str(prod),
  }));
}

/** Rows of features-customers.csv as records. */
export function fixtureCustomers(): Record<string, string>[] {
  const [head, ...rows] = parseCsv(
    fs.readFileSync(path.join(dir, 'features-customers.csv'), 'utf8'),
  );
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}
