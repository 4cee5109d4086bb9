/**
 * `compileScript(config, dialect)`: the whole segmentation as one self-contained SQL script that
 * recomputes, from the raw tables, the cleaning, the features, the transforms (fitted constants
 * inlined) and the assignment, and leaves `segment_assignment(customer_id, segment_id,
 * segment_name)`. Everything comes from the config and its frozen model; nothing is refitted.
 */
import { isWarehouse, type Dialect } from '../sql/dialect';
import { portScript } from '../sql/dialects/port';
import { ident, literal } from '../sql/quote';
import type { StudioConfig, TableConfig } from '../config/schema';
import { buildFeatureSql } from '../features/build';
import { sourceFromTables, type SourceTable } from '../features/from-tables';
import { specColumns, specLevels } from '../features/spec';
import type { FeatureSource } from '../features/source';
import { applyTransformsSql } from '../features/transforms';
import { normalisedSelect } from '../ingest/roles';
import { columnOfKind } from '../segment/columns';
import { rfmColumnNames } from '../segment/inputs';
import { isMixed } from '../segment/prototypes';
import {
  clustersAssignSql,
  rfmAssignSql,
  rulesAssignSql,
  segmentNamesSql,
  type AssignInput,
} from './assign';
import { duckdbExtension, duckdbRawSelect, postgresCreateTable, postgresLoad } from './sources';
import { REST_IDS } from '../config/validate-segments';
import { RFM_OTHERS } from '../segment/rfm';
import { EVERYONE_ELSE } from '../segment/rules';

/** A config that cannot become a script, with the reason for the user. */
export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}

/** What goes into the header. */
export interface CompileOptions {
  /** When the script is made (ISO 8601), e.g. `new Date().toISOString()`. */
  generatedAt: string;
  /** What made it, e.g. "Segment Studio 0.2.0". */
  app: string;
  /**
   * DuckDB: how the raw files are held, as tables (the default, read once) or as views read by
   * the cleaning (one copy of the rows fewer: the command-line tool's choice for large files).
   */
  rawAs?: 'TABLE' | 'VIEW';
  /**
   * How the cleaned relations are held: tables (the default) or views the features read
   * through. Views save writing every row once more, which pays where re-reading is cheap
   * (Parquet) and the features read each source once or twice.
   */
  cleanAs?: 'TABLE' | 'VIEW';
}

/** Names of the script's own relations; the result's name is fixed. */
export const SCRIPT_TABLES = {
  raw: 'segment_studio_features_raw',
  features: 'segment_studio_features',
  result: 'segment_assignment',
} as const;

/**
 * The name of a relation the script makes from table `t`. PostgreSQL cuts identifiers at 63
 * bytes, so longer names get a numbered one instead; warehouses, whose table names allow fewer
 * characters (BigQuery: no parentheses), always get a plain numbered one.
 */
const relationName = (
  t: TableConfig,
  i: number,
  what: 'clean' | 'all rows',
  d: Dialect,
): string => {
  if (isWarehouse(d)) return `segment_studio_${what.replace(' ', '_')}_${i + 1}`;
  const name = `${t.id} (${what})`;
  return new TextEncoder().encode(name).length <= 63 ? name : `table ${i + 1} (${what})`;
};

/** The feature source of the config's tables, named as the script creates them. */
function scriptSource(
  tables: readonly TableConfig[],
  config: StudioConfig,
  d: Dialect,
): FeatureSource {
  const src: SourceTable[] = tables.map((t, i) => ({
    id: t.id,
    label: t.file,
    view: relationName(t, i, 'clean', d),
    allRowsView: relationName(t, i, 'all rows', d),
    columns: t.columns.map((c) => ({ ...c })),
    // What the studio's quality checks told it: this table's ids never repeat.
    ...(t.oneRowPerCustomer ? { quality: [{ id: 'duplicate_ids', count: 0 }] } : {}),
  }));
  const ds = config.dataset!;
  const source = sourceFromTables(src, ds.transactions, ds.customers);
  if (typeof source === 'string') throw new CompileError(source);
  const tx = src.find((t) => t.view === source.transactions);
  return tx ? { ...source, columns: tx.columns.map((c) => c.name) } : source;
}

/** One statement of a script, with what it does (for progress messages). */
export interface ScriptStatement {
  /** For people: "reading transactions", "features", "assignment", ... */
  label: string;
  sql: string;
}

/**
 * The statements creating each table's cleaned relation (DuckDB: after reading the raw file; the
 * other dialects expect the raw tables to exist), and the feature source over them. With
 * `allRows`, the uncleaned relation return rates read is created too.
 */
export function sourceStatements(
  config: StudioConfig,
  d: Dialect,
  allRows: boolean,
  { rawAs = 'TABLE', cleanAs = 'TABLE' }: Pick<CompileOptions, 'rawAs' | 'cleanAs'> = {},
): { source: FeatureSource; statements: ScriptStatement[] } {
  const tables = config.dataset?.tables ?? [];
  const source = scriptSource(tables, config, d);
  const statements: ScriptStatement[] = [];
  const add = (label: string, sql: string): void => {
    statements.push({ label, sql });
  };
  tables.forEach((t, i) => {
    if (d.name === 'duckdb')
      add(`reading ${t.id}`, d.createTemp(rawAs, ident(t.id), duckdbRawSelect(t)));
    const select = (cleaning: TableConfig['cleaning']) =>
      normalisedSelect(t.id, t.columns, cleaning, d);
    const clean = relationName(t, i, 'clean', d);
    add(`cleaning ${t.id}`, d.createTemp(cleanAs, ident(clean), select(t.cleaning)));
    if (allRows && source.returnsRelation === relationName(t, i, 'all rows', d))
      add(
        `all rows of ${t.id}`,
        d.createTemp(cleanAs, ident(relationName(t, i, 'all rows', d)), select([])),
      );
  });
  return { source, statements };
}

/** The script as its header comment and its statements, in order. */
export interface CompiledScript {
  header: string;
  statements: ScriptStatement[];
}

/**
 * The script's statements, in dialect `d`, and its header. Throws CompileError when the config
 * lacks data or a model.
 */
export function compileStatements(
  config: StudioConfig,
  d: Dialect,
  opts: CompileOptions,
): CompiledScript {
  const { dataset, model } = config;
  if (!dataset || dataset.tables.length === 0)
    throw new CompileError('This config names no data: load the data and compute features first.');
  if (!model) throw new CompileError('Compute the features first: the SQL needs the fitted model.');
  const usesAllRows = model.spec.features.some((f) => f.kind === 'return_rate');
  const statements: ScriptStatement[] = d.preamble().map((sql) => ({ label: 'helpers', sql }));
  const relations = sourceStatements(config, d, usesAllRows, opts);
  const source = relations.source;
  statements.push(...relations.statements);
  const add = (label: string, sql: string): void => {
    statements.push({ label, sql });
  };
  const raw = buildFeatureSql(model.spec, source, d);
  add('features', d.createTemp('TABLE', ident(SCRIPT_TABLES.raw), raw.sql));
  const applied = applyTransformsSql(SCRIPT_TABLES.raw, model.transforms, d);
  add('transforms', d.createTemp('TABLE', ident(SCRIPT_TABLES.features), applied.sql));
  const { select, rest } = assignment(
    config,
    applied.columns.map((c) => c.name),
    d,
  );
  const segments = config.segmentation[config.segmentation.method].segments;
  add(
    'assignment',
    d.createTable(
      ident(SCRIPT_TABLES.result),
      `SELECT a."customer_id", n."segment_id", n."segment_name"\n` +
        `FROM (${select}) AS a\n` +
        `LEFT JOIN ${segmentNamesSql(segments, rest, d)} ON n."segment_index" = a."segment_index"\n` +
        `ORDER BY a."customer_id"`,
    ),
  );
  add(
    'summary',
    `SELECT "segment_id", "segment_name", count(*) AS "customers" FROM ${ident(SCRIPT_TABLES.result)} GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  return { header: header(config, d, opts), statements };
}

/** The script, in dialect `d`. Throws CompileError when the config lacks data or a model. */
export function compileScript(config: StudioConfig, d: Dialect, opts: CompileOptions): string {
  const { header: head, statements } = compileStatements(config, d, opts);
  const script = `${head}\n${statements.map((s) => `${s.sql};`).join('\n\n')}\n`;
  return isWarehouse(d) ? portScript(script, d.name as 'spark' | 'trino' | 'bigquery') : script;
}

function assignment(
  config: StudioConfig,
  transformed: string[],
  d: Dialect,
): { select: string; rest: { id: string; name: string } | null } {
  const model = config.model!;
  const seg = config.segmentation;
  const input: AssignInput = { features: SCRIPT_TABLES.features, raw: SCRIPT_TABLES.raw };
  if (seg.method === 'rfm') {
    const rawCols = specColumns(model.spec);
    const kind = (k: 'recency' | 'frequency' | 'monetary') => columnOfKind(model.spec, rawCols, k);
    const [r, f, m] = [kind('recency'), kind('frequency'), kind('monetary')];
    const names = rfmColumnNames(r && f && m ? { r, f, m } : null, seg.rfm.columns);
    if (!names)
      throw new CompileError('RFM needs recency, frequency and monetary columns: choose them.');
    const cut = (dim: 'r' | 'f' | 'm'): number[] => {
      const q = seg.rfm.cuts[dim] ?? model.quintiles[names[dim]];
      if (!q) throw new CompileError(`the model has no cut-points for ${names[dim]}`);
      return q;
    };
    return {
      select: rfmAssignSql(
        input,
        names,
        { r: cut('r'), f: cut('f'), m: cut('m') },
        seg.rfm.segments,
        d,
      ),
      rest: { id: REST_IDS.rfm, name: RFM_OTHERS },
    };
  }
  if (seg.method === 'rules') {
    return {
      select: rulesAssignSql(input, seg.rules.segments, d, specLevels(model.spec)),
      rest: { id: REST_IDS.rules, name: EVERYONE_ELSE },
    };
  }
  if (seg.clusters.segments.length === 0)
    throw new CompileError('Run k-means first: there are no clusters yet.');
  const columns = seg.clusters.features.length ? seg.clusters.features : transformed;
  const categories = seg.clusters.categorical ?? [];
  return {
    select: clustersAssignSql(
      input,
      columns,
      seg.clusters.segments,
      d,
      categories,
      specLevels(model.spec),
    ),
    rest: null,
  };
}

/** Comment lines; a line break inside a name would end the comment, so none survives. */
const comment = (lines: string[]): string =>
  lines.map((l) => `-- ${l.replace(/[\r\n\u0085\u2028\u2029]/g, ' ')}`.trimEnd()).join('\n');

const count = (n: number): string => n.toLocaleString('en');

function header(config: StudioConfig, d: Dialect, opts: CompileOptions): string {
  const model = config.model!;
  const seg = config.segmentation;
  const segments = seg[seg.method].segments;
  const method = {
    rfm: 'RFM scores',
    rules: 'ordered rules',
    clusters: isMixed(seg.clusters.segments) ? 'k-prototypes clusters' : 'k-means clusters',
  }[seg.method];
  const lines = [
    `Segment Studio segmentation: ${method}, ${segments.length} segments, for ${d.label}.`,
    `Made by ${opts.app} on ${opts.generatedAt}.`,
    `As-of date ${model.spec.asOf}; model fitted on ${count(model.customers)} customers.`,
    '',
    'Data it was made on (the dataset fingerprint):',
  ];
  for (const t of config.dataset!.tables) {
    lines.push(
      `  ${ident(t.id)} <- ${t.file} (${t.format}): ${count(t.rows)} rows, ${t.columns.length} columns${t.hash ? `, ${t.hash}` : ''}`,
    );
    lines.push(`    ${t.columns.map((c) => `${c.name} ${c.type} (${c.role})`).join(', ')}`);
  }
  lines.push('');
  if (d.name === 'duckdb') {
    lines.push(
      'Run it with the DuckDB command-line tool in the folder that holds the files above:',
      '  duckdb segmentation.duckdb < segmentation.duckdb.sql',
    );
    if (config.dataset!.tables.some((t) => t.format === 'demo'))
      lines.push(
        'The demo tables are read from the CSV files the studio saves them as (Data step).',
      );
    const extensions = [
      ...new Set(config.dataset!.tables.map(duckdbExtension).filter((e) => e !== null)),
    ];
    for (const e of extensions)
      lines.push(
        `${e === 'excel' ? 'Excel files need' : 'Windows-1252 text needs'} DuckDB's ${e} extension: run INSTALL ${e}; LOAD ${e}; first.`,
      );
  } else if (isWarehouse(d)) {
    lines.push(...warehouseHowTo(config.dataset!.tables, d));
  } else {
    lines.push(
      'The raw tables must exist under these names, with these columns. For example, with psql:',
    );
    for (const t of config.dataset!.tables) {
      lines.push(`  ${postgresCreateTable(t)}`);
      const load = postgresLoad(t);
      if (load) lines.push(...load.map((l) => `  ${l}`));
      else lines.push(`  (load ${t.file}, ${t.format}, into it with a tool of your choice)`);
    }
    lines.push(
      'Then: psql -v ON_ERROR_STOP=1 -f segmentation.postgres.sql',
      'Helper functions are created in pg_temp and vanish with the session.',
    );
  }
  lines.push(
    '',
    `Result: table ${SCRIPT_TABLES.result}(customer_id, segment_id, segment_name), one row per customer.`,
    'Sums of money are exact (decimals with 6 places); RFM: a value equal to a cut-point takes the',
    'lower score; rules: first match wins, a missing value matches only "is missing"; clusters: the',
    'nearest centroid over the features rounded to float32, ties to the lowest index.',
    `Segments: ${segments.map((s) => `${literal(s.id)} = ${literal(s.name)}`).join(', ') || 'none'}.`,
  );
  return comment(lines);
}

/** How to make the raw tables and run the script on a warehouse (header lines). */
function warehouseHowTo(tables: readonly TableConfig[], d: Dialect): string[] {
  const how: Record<string, string[]> = {
    spark: [
      'Create each raw table (or a temporary view) under the name above, e.g. for a CSV file:',
      "  CREATE TEMPORARY VIEW `name` USING csv OPTIONS (path 'file.csv', header 'true', inferSchema 'true');",
      'then run this script in one session (spark-sql -f, or spark.sql() per statement), with',
      'spark.sql.ansi.enabled=false (the default before Spark 4). Intermediate results are temporary views.',
    ],
    trino: [
      'Create each raw table under the name above in the session catalog and schema (e.g. a',
      'Hive or Iceberg table over the file), then: trino --catalog C --schema S -f segmentation.trino.sql',
      'Intermediate tables (segment_studio_*) are created in that schema and replaced on every run.',
    ],
    bigquery: [
      'Load each raw table under the name above into a dataset (bq load --autodetect ...), then run',
      'the script as one query with that dataset as default: bq query --use_legacy_sql=false',
      '--dataset_id=PROJECT:DATASET < segmentation.bigquery.sql. Column names with spaces or symbols',
      'need BigQuery flexible column names. Intermediate tables are temporary (script session).',
    ],
  };
  return [
    `The raw tables must exist under these names, with these columns (types as DuckDB named them; use ${d.label}'s equivalents).`,
    ...how[d.name],
    `Only DuckDB and PostgreSQL scripts are executed by Segment Studio's tests; this ${d.label} script is`,
    'checked by a SQL parser for the dialect. See docs/segmentation-config.md for what differs.',
    ...(tables.some((t) => t.columns.some((c) => /TIMESTAMP/.test(c.type))) && d.name === 'bigquery'
      ? ['TIMESTAMP columns are read as DATETIME (no time zone), as DuckDB reads them.']
      : []),
  ];
}
