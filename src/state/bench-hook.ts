import { flushSync } from 'svelte';
import type { Studio } from './studio.svelte';
import { defaultSpec } from '../lib/features/from-tables';
import {
  computeFeatures,
  featureColumns,
  featureMatrix,
  type FeatureMatrix,
  type FeatureResult,
  type FeatureSource,
} from '../lib/features';
import { createRng } from '../lib/random';
import { buildInputs, withRfmColumns } from '../lib/segment/inputs';
import { fitQuintiles } from '../lib/config/build';
import { plantedClusters, plantedMixed, type PlantedMixedOptions } from '../lib/kmeans/synthetic';
import type { KMeansPool } from '../lib/kmeans/client';
import { isMemoryError, tooLargeForTab } from '../lib/db/limits';
import { defaultSegmentsConfig } from '../lib/segment/config';
import { assignSegments } from '../lib/segment/pipeline';
import { exportBench } from './bench-export';

/**
 * Hooks for `npm run bench` (installed only with `?bench` in the URL): load synthetic customers
 * at any size and reach the studio's state from a scripted browser.
 */
export function installBenchHook(studio: Studio, createPool: () => Promise<KMeansPool>): void {
  (globalThis as Record<string, unknown>).__segmentStudio = {
    studio,
    flushSync,
    loadSynthetic: (n: number, seed = 1) => loadSynthetic(studio, n, seed),
    sweep: (n: number, d: number, kMin: number, kMax: number) =>
      sweep(createPool, n, d, kMin, kMax),
    sweepPrototypes: (...args: MixedSweepArgs) => sweepPrototypes(createPool, ...args),
    fitPrototypes: (...args: MixedFitArgs) => fitPrototypes(createPool, ...args),
    /** Times the studio's feature computation on relations already in its database. */
    computeFeatures: async (spec: unknown, source: FeatureSource) => {
      const db = await studio.db();
      const t0 = performance.now();
      const r = await computeFeatures(db, spec, source, 'bench_features');
      return { ms: performance.now() - t0, customers: r.customers };
    },
    segment: (spec: unknown, source: FeatureSource, install = false) =>
      segment(studio, spec, source, install),
    exportBench: (opts: Parameters<typeof exportBench>[1]) => exportBench(studio, opts),
  };
}

/**
 * Times the studio's path from a transactions relation already in its database to every
 * customer's RFM segment (features, the arrays the segment methods read, quintiles, assignment);
 * a failure comes back as its message, a memory failure as the message the studio shows. With
 * `install` the features become the studio's own, as loadSynthetic's do, for the steps to use.
 */
async function segment(studio: Studio, spec: unknown, source: FeatureSource, install: boolean) {
  const db = await studio.db();
  const t0 = performance.now();
  try {
    const r = await computeFeatures(db, spec, source, 'bench_features');
    const t1 = performance.now();
    const raw = await featureColumns(db, r.rawTable, r.rawColumns);
    const matrix = await featureMatrix(db, r.table, r.columns);
    const inputs = buildInputs(r, raw, matrix, fitQuintiles(raw.columns));
    const { assignment } = assignSegments(defaultSegmentsConfig(), withRfmColumns(inputs, {}));
    const t2 = performance.now();
    if (install) {
      studio.features.result = r;
      studio.features.inputs = inputs;
      studio.segments.featuresChanged();
      flushSync();
    } else {
      await db.exec('DROP TABLE IF EXISTS bench_features; DROP TABLE IF EXISTS bench_features_raw');
    }
    return { customers: assignment.length, featuresMs: t1 - t0, ms: t2 - t0, error: null };
  } catch (err) {
    const message = isMemoryError(err)
      ? tooLargeForTab('These features')
      : err instanceof Error
        ? err.message
        : String(err);
    return { customers: 0, featuresMs: 0, ms: performance.now() - t0, error: message };
  }
}

const NAMES = [
  'recency',
  'frequency',
  'monetary',
  'tenure',
  'aov',
  'distinct_products',
  'return_rate',
  'active_months',
];

/** n synthetic customers with RFM-like skew; raw and transformed (standardised) matrices. */
function loadSynthetic(studio: Studio, n: number, seed: number): void {
  const rng = createRng(seed);
  const d = NAMES.length;
  const raw = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const loyal = rng.next() < 0.3;
    const f = 1 + Math.floor(-Math.log(1 - rng.next()) * (loyal ? 12 : 2));
    const row = i * d;
    raw[row] = Math.floor(-Math.log(1 - rng.next()) * (loyal ? 40 : 200));
    raw[row + 1] = f;
    raw[row + 2] = f * Math.exp(3.5 + rng.normal() * 0.8);
    raw[row + 3] = raw[row] + Math.floor(rng.next() * 700);
    raw[row + 4] = raw[row + 2] / f;
    raw[row + 5] = Math.floor(f * (1 + rng.next() * 4));
    raw[row + 6] = rng.next() < 0.8 ? 0 : rng.next() * 0.3;
    raw[row + 7] = Math.min(24, f);
  }
  const transformed = new Float32Array(n * d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) sum += raw[i * d + j];
    const mean = sum / n;
    for (let i = 0; i < n; i++) sq += (raw[i * d + j] - mean) ** 2;
    const sd = Math.sqrt(sq / n) || 1;
    for (let i = 0; i < n; i++) transformed[i * d + j] = (raw[i * d + j] - mean) / sd;
  }
  const columns = NAMES.map((name) => ({ name, feature: name }));
  const ids = Array.from({ length: n }, (_, i) => String(i));
  const rawColumns: Record<string, Float64Array> = {};
  NAMES.forEach((name, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = raw[i * d + j];
    rawColumns[name] = col;
  });
  const m: FeatureMatrix = { ids, matrix: transformed, n, d };
  const result = {
    table: 'synthetic',
    rawTable: 'synthetic_raw',
    columns,
    rawColumns: columns,
    fitted: {},
    rowsRead: {},
    customers: n,
    asOf: '2024-01-01',
    resolved: defaultSpec(),
    sql: [],
  } as unknown as FeatureResult;
  studio.features.result = result;
  studio.features.inputs = buildInputs(
    result,
    { ids, columns: rawColumns, n },
    m,
    fitQuintiles(rawColumns),
  );
  studio.segments.featuresChanged();
  flushSync();
}

/** Times a k sweep over planted clusters in the worker pool, as the Clusters step runs it. */
function sweep(
  createPool: () => Promise<KMeansPool>,
  n: number,
  d: number,
  kMin: number,
  kMax: number,
) {
  const data = plantedClusters(n, d, 6, 7);
  return timeSweep(
    createPool,
    (pool) => pool.load(data.matrix),
    (pool) => pool.sweep(kMin, kMax, { seed: 42, nInit: 1 }).result,
  );
}

/** Rows, numeric and categorical columns, k and the shape of six planted groups. */
export type MixedFitArgs = [
  n: number,
  dn: number,
  dc: number,
  k: number,
  shape?: PlantedMixedOptions,
];
/** As MixedFitArgs, with a range of k. */
export type MixedSweepArgs = [
  n: number,
  dn: number,
  dc: number,
  kMin: number,
  kMax: number,
  shape?: PlantedMixedOptions,
];

/** Times a k-prototypes sweep over planted mixed-type groups (six) in the worker pool. */
function sweepPrototypes(
  createPool: () => Promise<KMeansPool>,
  ...[n, dn, dc, kMin, kMax, shape]: MixedSweepArgs
) {
  const data = plantedMixed(n, dn, dc, 6, 7, shape);
  return timeSweep(
    createPool,
    (pool) => pool.loadMixed(data.matrix),
    (pool) => pool.sweepPrototypes(kMin, kMax, { seed: 42, nInit: 1 }).result,
  );
}

/** One k-prototypes fit in a worker: its time, cost and labels (to compare with Node's). */
async function fitPrototypes(
  createPool: () => Promise<KMeansPool>,
  ...[n, dn, dc, k, shape]: MixedFitArgs
) {
  const data = plantedMixed(n, dn, dc, 6, 7, shape);
  const pool = await createPool();
  await pool.loadMixed(data.matrix);
  const t0 = performance.now();
  const r = await pool.fitPrototypes(k, { seed: 42 }).result;
  const ms = performance.now() - t0;
  pool.dispose();
  return { ms, cost: r.cost, labels: Array.from(r.labels), num: Array.from(r.num) };
}

/** Pool start + load, then the sweep; the pool is disposed after. */
async function timeSweep(
  createPool: () => Promise<KMeansPool>,
  load: (pool: KMeansPool) => Promise<void>,
  run: (pool: KMeansPool) => Promise<{ recommended: { k: number } }>,
) {
  const t0 = performance.now();
  const pool = await createPool();
  await load(pool);
  const tLoaded = performance.now();
  const result = await run(pool);
  const t1 = performance.now();
  pool.dispose();
  return {
    ms: t1 - t0,
    loadMs: tLoaded - t0,
    workers: pool.size,
    recommended: result.recommended.k,
  };
}
