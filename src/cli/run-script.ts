/**
 * The shared start of `apply`, `report` and `fit`: the config read and checked, the --data files
 * described and matched to its tables, and the compiled DuckDB script run on native DuckDB.
 */
import { compileStatements, CompileError, SCRIPT_TABLES } from '../lib/compile/script';
import type { StudioConfig } from '../lib/config/schema';
import { duckdb } from '../lib/sql/dialects';
import { ident, literal } from '../lib/sql/quote';
import { bindData, describeDataFile } from './data-files';
import { CliError, EXIT, firstLine } from './errors';
import { openNativeDb, type NativeDb } from './native-db';
import type { Progress } from './progress';
import { readConfig, requireModel, type ConfigSource } from './config-input';
import { checkOut } from './output';
import { APP } from './version';

/** The config with its tables bound to the --data files, in an open database. */
export interface Bound {
  db: NativeDb;
  /** The config as given. */
  config: StudioConfig;
  /** A copy reading the --data files. */
  bound: StudioConfig;
  notes: string[];
}

/** Opens native DuckDB, describes the files and matches them to the config's tables. */
export async function bindFiles(
  config: StudioConfig,
  data: readonly string[],
  progress: Progress,
): Promise<Bound> {
  if (data.length === 0)
    throw new CliError(EXIT.usage, 'give the data with --data FILE (once per table)');
  const db = await openNativeDb();
  try {
    const files = [];
    for (const f of data) {
      progress.step(`describing ${f}`);
      files.push(await describeDataFile(db, f));
    }
    const { config: bound, notes } = await bindData(db, config, files);
    for (const n of notes) progress.note(n);
    return { db, config, bound, notes };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Parquet is read column by column at little cost, so the cleaned rows stay views the features
 * read through (at 50M rows, writing them out took as long as the features); text formats are
 * parsed once into tables, as the features may read a source more than once.
 */
function cleanRelations(config: StudioConfig): 'TABLE' | 'VIEW' {
  return config.dataset!.tables.every((t) => t.format === 'parquet') ? 'VIEW' : 'TABLE';
}

/**
 * Drops what the script made on the way (raw and cleaned relations, the feature tables), leaving
 * `segment_assignment`: sorting and hashing millions of ids went three times slower beside them.
 */
export async function dropIntermediates(db: NativeDb): Promise<void> {
  const t = await db.query(
    `SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_name <> ${literal(SCRIPT_TABLES.result)}`,
  );
  // Views first: a view may read a table dropped after it, never the other way round.
  const rows = t.toArray().sort((a, c) => (a.kind === c.kind ? 0 : a.kind === 'VIEW' ? -1 : 1));
  for (const r of rows)
    await db.exec(
      `DROP ${r.kind === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(String(r.name))}`,
    );
}

/** Engine messages that mean the data does not fit what the config recorded. */
const DATA_ERROR =
  /Conversion Error|Could not convert|CSV Error|Invalid Input Error|IO Error|No files found|Parser Error.*(csv|json)/i;

/** Runs the compiled DuckDB script of the bound config; `segment_assignment` is left behind. */
export async function runScript(b: Bound, progress: Progress): Promise<void> {
  let script;
  try {
    script = compileStatements(b.bound, duckdb, {
      generatedAt: new Date().toISOString(),
      app: APP,
      rawAs: 'VIEW',
      cleanAs: cleanRelations(b.bound),
    });
  } catch (e) {
    if (e instanceof CompileError) throw new CliError(EXIT.config, e.message);
    throw e;
  }
  const steps = script.statements.filter((s) => s.label !== 'summary');
  for (const [i, s] of steps.entries()) {
    progress.step(`[${i + 1}/${steps.length}] ${s.label}`);
    try {
      await b.db.exec(s.sql);
    } catch (e) {
      const message = firstLine(e);
      if (DATA_ERROR.test(message))
        throw new CliError(
          EXIT.data,
          `the data does not fit the config while ${s.label}: ${message}`,
          [
            'the config records each column’s type as the studio read it; check that this file is an export of the same kind',
          ],
        );
      throw new CliError(EXIT.unexpected, `${s.label} failed: ${message}`);
    }
  }
}

/** Customers per segment of `segment_assignment`, in the config's segment order. */
export async function segmentCounts(
  b: Bound,
): Promise<{ id: string | null; name: string | null; customers: number }[]> {
  const t = await b.db.query(
    'SELECT "segment_id" AS id, "segment_name" AS name, count(*) AS n FROM "segment_assignment" GROUP BY 1, 2',
  );
  const got = t.toArray().map((r) => ({
    id: r.id === null ? null : String(r.id),
    name: r.name === null ? null : String(r.name),
    customers: Number(r.n),
  }));
  const seg = b.config.segmentation;
  const order = seg[seg.method].segments.map((s) => s.id);
  const rank = (id: string | null) =>
    id === null ? 1e9 : order.indexOf(id) < 0 ? 1e8 : order.indexOf(id);
  return got.sort((a, c) => rank(a.id) - rank(c.id));
}

/**
 * The shared start of `apply` and `report`: --out checked (one of `extensions`), the config
 * read, the files bound and the script run. The caller closes `bound.db`.
 */
export async function applyConfig(
  opts: ConfigSource & { data: string[]; out?: string },
  extensions: readonly string[],
  progress: Progress,
): Promise<{ out: string; bound: Bound }> {
  const out = checkOut(opts.out, extensions);
  const config = await readConfig(opts);
  requireModel(config, opts.config ?? 'the link');
  const bound = await bindFiles(config, opts.data, progress);
  try {
    // Nothing here reads a table's order (the output and the digest sort): DuckDB may then
    // write in parallel without keeping it, which saves time and memory on large files.
    await bound.db.exec('SET preserve_insertion_order = false');
    await runScript(bound, progress);
  } catch (e) {
    bound.db.close();
    throw e;
  }
  return { out, bound };
}
