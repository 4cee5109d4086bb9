/**
 * Hand-run check of roles, quality report and cleaning on the real Online Retail file
 * (../shared/data, not part of the repo): `npx tsx test/bench/realdata-check.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createNodeDb } from '../../src/lib/db/node';
import { previewCleaning } from '../../src/lib/ingest/cleaning';
import { generateDemo } from '../../src/lib/ingest/demo';
import { qualityReport } from '../../src/lib/ingest/quality';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';

const file = new URL('../../../shared/data/online_retail_uci_2010-2011.csv', import.meta.url)
  .pathname;
if (!existsSync(file)) {
  console.log(`skipped: ${file} not found`);
  process.exit(0);
}
const db = await createNodeDb();
// registerFile with bytes: registerPath in db/node.ts passes protocol 2 (BROWSER_FILEREADER), not 1.
await db.registerFile('retail.csv', new Uint8Array(readFileSync(file)));
let t0 = performance.now();
await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv('retail.csv')`);
console.log(`load ${(performance.now() - t0).toFixed(0)} ms`);

t0 = performance.now();
const { columns, ambiguousDates } = await inferColumns(db, 't');
console.log(`inferColumns ${(performance.now() - t0).toFixed(0)} ms`, { ambiguousDates });
console.table(columns);

t0 = performance.now();
const report = await qualityReport(db, 't', columns);
console.log(
  `qualityReport ${(performance.now() - t0).toFixed(0)} ms; rows ${report.rows}; asOf ${report.asOf}`,
);
console.table(
  report.checks.map((c) => ({
    id: c.id,
    count: c.count,
    affected: c.affectedRows,
    label: c.label,
  })),
);

const expected: Record<string, number> = {
  missing_customer_id: 135_080,
  'negative:Quantity': 10_624,
  cancellations: 9_288,
  'zero_price:UnitPrice': 2_515,
  'negative_price:UnitPrice': 2,
  'missing:Description': 1_454,
};
for (const [id, want] of Object.entries(expected)) {
  const got = report.checks.find((c) => c.id === id)?.count;
  console.log(`${got === want ? 'OK  ' : 'FAIL'} ${id}: ${got} (README ${want})`);
}

const choices = report.checks
  .filter((c) => c.count > 0 && c.cleaning && !c.id.startsWith('missing:'))
  .map((c) => c.cleaning!);
t0 = performance.now();
console.log(
  'preview',
  await previewCleaning(db, 't', columns, choices),
  `${(performance.now() - t0).toFixed(0)} ms`,
);
await db.exec(normalisedViewSql('t', 'v', columns, choices));
const v = (
  await db.query(
    'SELECT count(*)::DOUBLE AS n, count(DISTINCT CustomerID)::DOUBLE AS customers, min(InvoiceDate) AS lo, max(InvoiceDate) AS hi, any_value(CustomerID) AS id FROM v',
  )
).get(0)!;
console.log('view', {
  n: v.n,
  customers: v.customers,
  lo: new Date(Number(v.lo)),
  hi: new Date(Number(v.hi)),
  id: v.id,
});
// The same dates written as other public copies of the file write them, then re-detected.
for (const [fmt, want] of [
  ['%-m/%-d/%Y %-H:%M', 'mdy'],
  ['%d/%m/%Y %H:%M', 'dmy'],
] as const) {
  await db.exec(
    `CREATE OR REPLACE TABLE txt AS SELECT strftime(InvoiceDate, '${fmt}') AS InvoiceDate FROM t`,
  );
  t0 = performance.now();
  const r = await inferColumns(db, 'txt');
  const col = r.columns[0];
  await db.exec(normalisedViewSql('txt', 'txt_v', r.columns, []));
  const sum = `sum(epoch(InvoiceDate))::DOUBLE AS s, count(InvoiceDate)::DOUBLE AS n`;
  const got = (await db.query(`SELECT ${sum} FROM txt_v`)).get(0)!;
  const orig = (await db.query(`SELECT ${sum} FROM t`)).get(0)!;
  const ok = col.dateFormat === want && got.s === orig.s && got.n === orig.n;
  console.log(
    `${ok ? 'OK  ' : 'FAIL'} text dates ${fmt}: ${col.dateFormat} ambiguous=${Boolean(col.dateAmbiguous)}` +
      ` parsed=${got.n}/${orig.n} same instants=${got.s === orig.s} (${(performance.now() - t0).toFixed(0)} ms)`,
  );
}
t0 = performance.now();
generateDemo();
console.log(`generateDemo full size ${(performance.now() - t0).toFixed(0)} ms`);
db.close();
