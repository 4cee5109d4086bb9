/**
 * `segment-studio fit`: refits a config at a new as-of date for scheduled re-segmentation. The
 * features are computed on native DuckDB with the studio's own code, the transforms and RFM
 * quintiles are fitted again, and k-means runs with the config's k, seed and restarts (as the
 * studio's "Run k-means" does). Rule and RFM segments keep their definitions. The result is a
 * new config, checked by the validator before it is written.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sourceStatements } from '../lib/compile/script';
import { fitQuintiles, frozenModel } from '../lib/config/build';
import type { StudioConfig, TableConfig } from '../lib/config/schema';
import { checkConfig } from '../lib/config/validate';
import { computeFeatures, featureColumns, featureMatrix, FeatureError } from '../lib/features';
import { isIsoDate } from '../lib/features/spec';
import { formatProblems } from '../lib/problems';
import { duckdb } from '../lib/sql/dialects';
import { ident } from '../lib/sql/quote';
import { readConfig, type ConfigSource } from './config-input';
import { CliError, EXIT, firstLine } from './errors';
import { checkOut } from './output';
import type { Progress } from './progress';
import { refitClusters } from './refit-clusters';
import { bindFiles } from './run-script';
import { APP } from './version';

/** Options of `fit`. */
export interface FitOptions extends ConfigSource {
  data: string[];
  out?: string;
  asOf?: string;
}

/** What `fit --json` prints. */
export interface FitResult {
  command: 'fit';
  out: string;
  asOf: string;
  customers: number;
  method: string;
  segments: { id: string; name: string }[];
  seconds: number;
}

/** Runs `fit`. */
export async function fit(opts: FitOptions, progress: Progress): Promise<FitResult> {
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf))
    throw new CliError(EXIT.usage, `--as-of ${opts.asOf}: expected a date such as 2024-01-31`);
  const out = checkOut(opts.out, ['.json']);
  const config = await readConfig(opts);
  const where = opts.config ?? 'the link';
  if (!config.dataset || config.dataset.tables.length === 0 || !config.features)
    throw new CliError(
      EXIT.config,
      `${where} names no data tables or features (a segments-only config): open it in the studio on your data, compute the features, and download the config again`,
    );
  const b = await bindFiles(config, opts.data, progress);
  try {
    const spec = { ...config.features, asOf: opts.asOf ?? null };
    const usesAllRows = spec.features.some((f) => f.kind === 'return_rate');
    const { source, statements } = sourceStatements(b.bound, duckdb, usesAllRows);
    for (const s of statements) {
      progress.step(s.label);
      try {
        await b.db.exec(s.sql);
      } catch (e) {
        throw new CliError(
          EXIT.data,
          `the data does not fit the config while ${s.label}: ${firstLine(e)}`,
        );
      }
    }
    progress.step('features and fitted transforms');
    let result;
    try {
      result = await computeFeatures(b.db, spec, source, 'features');
    } catch (e) {
      if (e instanceof FeatureError)
        throw new CliError(EXIT.data, `the features cannot be computed: ${e.message}`);
      throw e;
    }
    const raw = await featureColumns(b.db, result.rawTable, result.rawColumns);
    const model = frozenModel(result, fitQuintiles(raw.columns));
    let segmentation = structuredClone(config.segmentation);
    if (segmentation.clusters.segments.length > 0 || segmentation.method === 'clusters') {
      progress.step(`k-means, k = ${segmentation.clusters.k}`);
      const matrix = await featureMatrix(b.db, result.table, result.columns);
      segmentation = refitClusters(segmentation, result, raw, matrix, model.quintiles);
    }
    const refit: StudioConfig = {
      ...structuredClone(config),
      features: opts.asOf ? { ...config.features, asOf: opts.asOf } : config.features,
      segmentation,
      model,
      meta: { app: APP, savedAt: new Date().toISOString() },
    };
    refit.dataset!.tables = await refitTables(b, config);
    const checked = checkConfig(JSON.parse(JSON.stringify(refit)));
    if (!checked.ok)
      throw new CliError(
        EXIT.data,
        'the refitted config is not valid for this data (e.g. a rule names a category column the new data no longer has):',
        formatProblems(checked.problems, 50).split('\n'),
      );
    try {
      writeFileSync(out, `${JSON.stringify(checked.config, null, 2)}\n`);
    } catch (e) {
      throw new CliError(EXIT.output, `cannot write ${out}: ${firstLine(e)}`);
    }
    const segs = segmentation[segmentation.method].segments;
    return {
      command: 'fit',
      out,
      asOf: model.spec.asOf,
      customers: model.customers,
      method: segmentation.method,
      segments: segs.map((s) => ({ id: s.id, name: s.name })),
      seconds: Math.round(progress.elapsedMs) / 1000,
    };
  } finally {
    b.db.close();
  }
}

/** The dataset fingerprint of the data just fitted: its file names and row counts. */
async function refitTables(
  b: Awaited<ReturnType<typeof bindFiles>>,
  config: StudioConfig,
): Promise<TableConfig[]> {
  const tables: TableConfig[] = [];
  for (const [i, t] of config.dataset!.tables.entries()) {
    const bound = b.bound.dataset!.tables[i];
    const n = await b.db.query(`SELECT count(*) AS n FROM ${ident(t.id)}`);
    // How the new file was read, under its own name; the old hash was of other data.
    const copy: TableConfig = {
      ...structuredClone(bound),
      file: path.basename(bound.file),
      rows: Number(n.get(0)?.n),
    };
    delete copy.hash;
    tables.push(copy);
  }
  return tables;
}
