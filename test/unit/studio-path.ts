/**
 * The studio's own path in Node, with the same library code and the same engine (DuckDB-WASM):
 * load files, infer roles, clean, compute features, fit the model, and assign segments in
 * memory. What a compiled script must reproduce for every customer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeDb } from '../../src/lib/db/node';
import { loadFile, tableNameFor } from '../../src/lib/ingest/load';
import { inferColumns } from '../../src/lib/ingest/roles';
import { writeCleanedRelation } from '../../src/lib/ingest/cleaned-relation';
import { qualityWithEffects } from '../../src/lib/ingest/table-summary';
import type { CleaningChoice } from '../../src/lib/ingest/cleaning';
import type { ColumnInfo } from '../../src/lib/ingest/types';
import {
  computeFeatures,
  featureColumns,
  featureMatrix,
  type FeatureResult,
  type FeatureSpec,
} from '../../src/lib/features';
import { sourceFromTables, type SourceTable } from '../../src/lib/features/from-tables';
import { buildConfig, fitQuintiles, frozenModel, type TablePart } from '../../src/lib/config/build';
import type { StudioConfig } from '../../src/lib/config/schema';
import { REST_IDS } from '../../src/lib/config/validate-segments';
import {
  buildInputs,
  clusterSpace,
  withRfmColumns,
  type BaseInputs,
} from '../../src/lib/segment/inputs';
import type { SegmentsConfig } from '../../src/lib/segment/config';
import { assignSegments } from '../../src/lib/segment/pipeline';
import { UNASSIGNED } from '../../src/lib/segment/model';
import { clusterSegmentsFrom } from '../../src/lib/segment/cluster-edits';
import { defaultSegmentsConfig } from '../../src/lib/segment/config';
import { fit } from '../../src/lib/kmeans/kmeans';
import { fitPrototypes } from '../../src/lib/kmeans/prototypes';
import { categorySpace, mixedMatrix } from '../../src/lib/segment/prototypes';
import { expect } from 'vitest';
import { compileScript } from '../../src/lib/compile/script';
import { checkConfig } from '../../src/lib/config/validate';
import { duckdb, postgres } from '../../src/lib/sql/dialects';
import { differences, fixturesDir, runNativeDuckdb, runPostgres, type Assignment } from './engines';
import type { PgServer } from './pg-server';

/** A file to load, as a user would, with the roles and cleaning they would set. */
export interface FileSpec {
  path: string;
  roles?: Record<string, ColumnInfo['role']>;
  cleaning?: CleaningChoice[];
}

/** A session after features: what the segment methods read, and the config parts. */
export interface Session {
  db: Awaited<ReturnType<typeof createNodeDb>>;
  tables: TablePart[];
  spec: FeatureSpec;
  result: FeatureResult;
  ids: string[];
  inputs: BaseInputs;
  model: StudioConfig['model'];
  transactions: string | null;
  customers: string | null;
}

/** Files loaded, roles set and cleaned, as in the Data step. */
export interface Loaded {
  db: Session['db'];
  tables: TablePart[];
  sources: SourceTable[];
}

/** Loads the files as the studio does. */
export async function loadFiles(files: FileSpec[]): Promise<Loaded> {
  const db = await createNodeDb();
  const tables: TablePart[] = [];
  const sources: SourceTable[] = [];
  for (const f of files) {
    const name = path.basename(f.path);
    const table = tableNameFor(name, new Set(tables.map((t) => t.id)));
    const loaded = await loadFile(
      db,
      { name, bytes: new Uint8Array(readFileSync(f.path)) },
      { table },
    );
    const { columns: inferred } = await inferColumns(db, table);
    const columns = inferred.map((c) => (f.roles?.[c.name] ? { ...c, role: f.roles[c.name] } : c));
    const cleaning = f.cleaning ?? [];
    const view = `${table} (clean)`;
    const allRowsView = `${table} (all rows)`;
    const kind = await writeCleanedRelation(
      db,
      table,
      view,
      columns,
      cleaning,
      loaded.rowCount,
      null,
    );
    await writeCleanedRelation(db, table, allRowsView, columns, [], loaded.rowCount, null, false);
    // The quality checks tell a customer table from order lines (do customer ids repeat?).
    const { quality } = await qualityWithEffects(db, table, columns, cleaning);
    sources.push({
      id: table,
      label: name,
      view,
      allRowsView,
      columns,
      relationKind: kind,
      quality,
    });
    tables.push({
      id: table,
      file: name,
      format: loaded.format,
      reader: loaded.csv ? { ...loaded.csv } : undefined,
      rows: loaded.rowCount,
      columns,
      cleaning,
      oneRowPerCustomer: quality.some((c) => c.id === 'duplicate_ids' && c.count === 0),
    });
  }
  return { db, tables, sources };
}

/** Loads the files and computes `spec` on them, as the studio does. */
export async function studioSession(
  files: FileSpec[],
  spec: FeatureSpec,
  pick: { transactions?: string; customers?: string } = {},
): Promise<Session> {
  return computeSession(await loadFiles(files), spec, pick);
}

/** Computes `spec` on loaded files (replacing earlier features), as the Features step does. */
export async function computeSession(
  loaded: Loaded,
  spec: FeatureSpec,
  pick: { transactions?: string; customers?: string } = {},
): Promise<Session> {
  const { db, tables, sources } = loaded;
  const transactions = pick.transactions ?? null;
  const customers = pick.customers ?? null;
  const source = sourceFromTables(sources, transactions, customers);
  if (typeof source === 'string') throw new Error(source);
  const result = await computeFeatures(db, spec, source, 'features');
  const raw = await featureColumns(db, result.rawTable, result.rawColumns);
  const transformed = await featureMatrix(db, result.table, result.columns);
  const quintiles = fitQuintiles(raw.columns);
  return {
    db,
    tables,
    spec,
    result,
    ids: raw.ids,
    inputs: buildInputs(result, raw, transformed, quintiles),
    model: frozenModel(result, quintiles),
    transactions,
    customers,
  };
}

/** The config of a session with these segments. */
export function sessionConfig(s: Session, segmentation: SegmentsConfig): StudioConfig {
  return buildConfig({
    tables: s.tables,
    transactions: s.transactions,
    customers: s.customers,
    features: s.spec,
    segmentation,
    model: s.model,
  });
}

/**
 * k-means on the session's transformed features (missing-value indicators left out), as the
 * studio's "Run k-means" fits them, as a clusters segmentation.
 */
export function kmeansSegmentation(
  s: Session,
  k: number,
  opts: { seed: number; nInit: number },
): SegmentsConfig {
  const features = s.inputs.transformed.columns.filter((c) => !c.endsWith('__missing'));
  const { matrix: data, d } = clusterSpace(s.inputs, features)!;
  const r = fit({ data, n: s.inputs.n, d }, k, { ...opts, algorithm: 'hamerly' });
  const segments = clusterSegmentsFrom(Float64Array.from(r.centroids), k, d, features);
  return {
    ...defaultSegmentsConfig(),
    method: 'clusters',
    clusters: { features, k, ...opts, sweep: [2, 8], segments },
  };
}

/**
 * k-prototypes on the session's transformed numbers (indicators left out) and the categories
 * `categorical` (kept as levels), as the studio's "Run k-prototypes" fits them.
 */
export function kprotoSegmentation(
  s: Session,
  k: number,
  categorical: string[],
  opts: { seed: number; nInit: number },
): SegmentsConfig {
  const features = s.inputs.transformed.columns.filter((c) => !c.endsWith('__missing'));
  const num = clusterSpace(s.inputs, features)!;
  const cats = categorySpace(s.inputs, categorical);
  if (!cats) throw new Error(`no categories kept as levels among ${categorical.join(', ')}`);
  const r = fitPrototypes(mixedMatrix(num, cats, s.inputs.n), k, opts);
  const segments = clusterSegmentsFrom(r.num, k, num.d, num.columns, undefined, {
    cat: r.cat,
    space: cats,
    gamma: r.gamma,
  });
  return {
    ...defaultSegmentsConfig(),
    method: 'clusters',
    clusters: { features: num.columns, categorical, k, ...opts, sweep: [2, 8], segments },
  };
}

/** The in-memory engine's assignment of a config, keyed by customer id like a script's. */
export function engineAssignment(s: Session, cfg: SegmentsConfig): Assignment {
  // As the Segments state reads them: the RFM columns the config names, the frozen quintiles
  // (re-applying never refits), and the clustering columns it chose.
  const inputs = withRfmColumns(s.inputs, cfg.rfm.columns ?? {});
  const r = assignSegments(cfg, {
    ...inputs,
    cluster: clusterSpace(inputs, cfg.clusters.features),
    clusterCategories: categorySpace(inputs, cfg.clusters.categorical ?? []),
  });
  const segs = cfg[cfg.method].segments;
  const rest = cfg.method === 'clusters' ? null : REST_IDS[cfg.method];
  const out: Assignment = new Map();
  s.ids.forEach((id, i) => {
    const a = r.assignment[i];
    out.set(id, a === UNASSIGNED ? null : a < segs.length ? segs[a].id : rest);
  });
  return out;
}

/**
 * Checks that a segmentation's config is valid, then that the in-memory engine, its DuckDB script
 * on native DuckDB and its PostgreSQL script (in schema `schema`) give every customer the same
 * segment. Returns the engine's assignment.
 */
export async function expectSameEverywhere(
  pg: PgServer,
  s: Session,
  seg: SegmentsConfig,
  schema: string,
  dir = fixturesDir(),
): Promise<Assignment> {
  const opts = { generatedAt: '2026-12-03T00:00:00Z', app: 'Segment Studio (test)' };
  const config = sessionConfig(s, seg);
  const checked = checkConfig(JSON.parse(JSON.stringify(config)));
  expect(checked.ok ? [] : checked.problems).toEqual([]);
  const engine = engineAssignment(s, seg);
  expect(engine.size).toBe(s.inputs.n);
  const native = await runNativeDuckdb(compileScript(config, duckdb, opts), dir);
  expect(differences(engine, native)).toEqual([]);
  const script = compileScript(config, postgres, opts);
  const onPg = runPostgres(pg, config, script, dir, schema);
  expect(differences(engine, onPg)).toEqual([]);
  return engine;
}
