/**
 * Feature benchmark. Default: RFM + 10 behavioural features over the Online Retail file
 * (541,909 rows), timed with the Node DuckDB-WASM bundle and with native DuckDB at 1 thread
 * running the same generated SQL (both go through computeFeatures on the Db interface).
 * `--scale`: 10M synthetic transactions / 1M customers generated inside DuckDB.
 * Ends with one JSON line. Run: `npx tsx test/bench/features.ts [--scale]`.
 */
import { nativeDb } from './native-db';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeDb } from '../../src/lib/db/node';
import type { Db } from '../../src/lib/db/types';
import { computeFeatures, type FeatureResult } from '../../src/lib/features/compute';
import { featureMatrix } from '../../src/lib/features/matrix';
import type { FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource } from '../../src/lib/features/source';
import {
  SYNTH_SQL,
  scaleSource,
  benchFeatureSpec,
  benchSource,
  retailViewsSql,
} from './features-spec';

export { benchFeatureSpec } from './features-spec';

const root = path.resolve(import.meta.dirname, '../..');
const retail = path.resolve(root, '../shared/data/online_retail_uci_2010-2011.csv');

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

/** Sum of every feature value: a cheap cross-engine check that both computed the same table. */
async function checksum(db: Db, r: FeatureResult): Promise<number> {
  const cols = r.columns.map((c) => `sum("${c.name.replaceAll('"', '""')}")`).join(' + ');
  return Number((await db.query(`SELECT ${cols} AS s FROM "${r.table}"`)).get(0)?.toJSON().s);
}

async function best(
  db: Db,
  spec: FeatureSpec,
  source: FeatureSource,
  runs: number,
): Promise<[FeatureResult, number]> {
  let out: [FeatureResult, number] | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await time(() => computeFeatures(db, spec, source, 'features'));
    if (!out || r[1] < out[1]) out = r;
  }
  return out as [FeatureResult, number];
}

async function retailBench(): Promise<void> {
  if (!fs.existsSync(retail)) throw new Error(`benchmark needs ${retail}`);
  const wasm = await createNodeDb();
  const [, loadW] = await time(async () => {
    await wasm.registerFile('retail.csv', fs.readFileSync(retail));
    for (const s of retailViewsSql('retail.csv')) await wasm.exec(s);
  });
  const native = await nativeDb();
  const [, loadN] = await time(async () => {
    for (const s of retailViewsSql(retail)) await native.exec(s);
  });
  console.log(
    `load CSV: wasm ${loadW.toFixed(0)} ms, native-1t ${loadN.toFixed(0)} ms (not in the timings below)`,
  );
  const spec = benchFeatureSpec();
  const [rw, msW] = await best(wasm, spec, benchSource(), 2);
  const [rn, msN] = await best(native, spec, benchSource(), 2);
  const [m, msM] = await time(() => featureMatrix(wasm, rw.table, rw.columns));
  const [cw, cn] = [await checksum(wasm, rw), await checksum(native, rn)];
  console.log(
    `features: ${spec.features.length} (RFM + ${spec.features.length - 3}), ${rw.columns.length} columns, ${rw.customers} customers, as-of ${rw.asOf}`,
  );
  console.log(
    `computeFeatures (checks + raw + rows read + fit + apply), best of 2: wasm ${msW.toFixed(0)} ms, native-1t ${msN.toFixed(0)} ms`,
  );
  console.log(`featureMatrix (wasm): ${m.n} x ${m.d} in ${msM.toFixed(0)} ms`);
  console.log(
    `same result: customers ${rw.customers} vs ${rn.customers}, checksum ${cw.toFixed(6)} vs ${cn.toFixed(6)}`,
  );
  if (rw.customers !== rn.customers || Math.abs(cw - cn) > 1e-6 * Math.max(1, Math.abs(cw))) {
    throw new Error('wasm and native results differ');
  }
  wasm.close();
  const ratio = msW / msN;
  console.log(
    JSON.stringify({
      bench: 'features',
      ours_ms: Math.round(msW),
      anchor: 'duckdb-native-1t',
      anchor_ms: Math.round(msN),
      ratio: Number(ratio.toFixed(2)),
      target: 2,
    }),
  );
}

/** 10M lines / 1M customers: 4 lines per order, 2% negative (returns), 20 categories. */
async function scaleBench(): Promise<void> {
  const spec = benchFeatureSpec();
  spec.asOf = '2024-01-01';
  const source = scaleSource();
  const native = await nativeDb();
  await native.exec(SYNTH_SQL);
  const [rn, msN] = await time(() => computeFeatures(native, spec, source, 'features'));
  console.log(`scale native-1t: ${rn.customers} customers in ${msN.toFixed(0)} ms`);
  const rssN = process.resourceUsage().maxRSS / 1024;
  const wasm = await createNodeDb();
  const [, gen] = await time(() => wasm.exec(SYNTH_SQL));
  console.log(`scale wasm: generated 10M rows in ${gen.toFixed(0)} ms`);
  const [rw, msW] = await time(() => computeFeatures(wasm, spec, source, 'features'));
  const [m, msM] = await time(() => featureMatrix(wasm, rw.table, rw.columns));
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `scale wasm: ${rw.customers} customers, ${rw.columns.length} columns in ${msW.toFixed(0)} ms; featureMatrix ${m.n} x ${m.d} in ${msM.toFixed(0)} ms`,
  );
  console.log(
    `peak RSS: ${rssN.toFixed(0)} MB after native, ${rss.toFixed(0)} MB after wasm (whole process)`,
  );
  console.log(
    JSON.stringify({
      bench: 'features-scale',
      ours_ms: Math.round(msW),
      anchor: 'duckdb-native-1t',
      anchor_ms: Math.round(msN),
      ratio: Number((msW / msN).toFixed(2)),
      peak_rss_mb: Math.round(rss),
      rows: 10_000_000,
      customers: rw.customers,
    }),
  );
}

if (process.argv.includes('--scale')) await scaleBench();
else await retailBench();
