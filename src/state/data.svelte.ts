import type { Table } from 'apache-arrow';
import type { IngestDb, QueryOptions } from '../lib/db/types';
import { ident } from '../lib/sql/quote';
import type { ColumnInfo, ColumnRole, DateFormat, TableInfo } from '../lib/ingest/types';
import { loadFile, tableNameFor } from '../lib/ingest/load';
import { toIngestError } from '../lib/ingest/errors';
import { isMemoryError, tooLargeForTab } from '../lib/db/limits';
import { inferColumns } from '../lib/ingest/roles';
import {
  dropRelation,
  writeCleanedRelation,
  type RelationKind,
} from '../lib/ingest/cleaned-relation';
import type { CleaningChoice } from '../lib/ingest/cleaning';
import { sameChoice } from '../lib/ingest/cleaning-labels';
import {
  describeView,
  qualityWithEffects,
  type CheckWithEffect,
} from '../lib/ingest/table-summary';
import { generateDemo } from '../lib/ingest/demo';
import { DEMO_COLUMNS } from '../lib/ingest/demo-roles';
import { fetchDataUrl } from '../lib/ingest/url';
import type { Preview } from '../lib/ingest/preview';
import { Job, isAbort } from './job.svelte';
import { contentHash } from '../lib/config/fingerprint';
import type { CsvReader } from '../lib/config/schema';
import type { TablePart } from '../lib/config/build';
import type { Notices } from './notices.svelte';

/** The Db the studio needs: SQL with cancel/progress, plus file registration. */
export type StudioDb = IngestDb & { query(sql: string, opts?: QueryOptions): Promise<Table> };

/** A loaded table as the UI shows it. */
export interface LoadedTable extends TableInfo {
  warnings: string[];
  sheets?: string[];
  sheet?: string;
  ambiguousDates: string[];
  cleaning: CleaningChoice[];
  /** Rows the cleaned view keeps. */
  viewRows: number;
  preview: Preview | null;
  quality: CheckWithEffect[] | null;
  /** Missing values per column of the raw table. */
  missing: { column: string; count: number }[];
  /** The normalised view of all rows, before cleaning (return rates read cancellations). */
  allRowsView: string;
  /** Whether `view` and `allRowsView` are stored tables or views (large data). */
  relationKind: RelationKind;
  /** Kept to re-read another sheet of the same workbook. */
  source?: { name: string; file?: File; bytes?: Uint8Array };
  /** How a CSV file was read (delimiter, header, encoding, date formats), for the config. */
  reader?: CsvReader;
  /** The file's content hash (`sha256-4m:...`), filled in shortly after loading. */
  hash?: string;
}

const PREVIEW_ROWS = 20;

/** The Data step: loaded tables, their roles and cleaning. Actions are methods. */
export class DataState {
  tables = $state.raw<LoadedTable[]>([]);
  activeId = $state<string | null>(null);
  job = $state.raw<Job | null>(null);
  /** True while any table is being changed (roles, cleaning). */
  busy = $state(false);
  /** Bumped whenever a table is added, removed or re-viewed: computed features may be out of date. */
  version = $state(0);

  constructor(
    private readonly getDb: () => Promise<StudioDb>,
    private readonly notices: Notices,
  ) {}

  /** The table on screen. */
  get active(): LoadedTable | undefined {
    return this.tables.find((t) => t.id === this.activeId) ?? this.tables[0];
  }

  /** Loads dropped or picked files one after another; each becomes its own table. */
  async loadFiles(files: Iterable<File>): Promise<void> {
    for (const file of files) await this.loadOne({ name: file.name, file });
  }

  /** Loads `?data=<url>` or a URL the user typed. Same-origin or CORS-enabled servers only. */
  async loadUrl(url: string): Promise<void> {
    const job = this.startJob(`Downloading ${url}`);
    if (!job) return;
    let got: { name: string; bytes: Uint8Array };
    try {
      got = await fetchDataUrl(url, { signal: job.signal, onProgress: (f) => job.progress(f) });
    } catch (err) {
      this.fail(err, url);
      this.endJob(job);
      return;
    }
    this.endJob(job);
    await this.loadOne({ name: got.name, bytes: got.bytes });
  }

  /**
   * Loads the built-in demo retailer (customers + transactions), generated in the browser. With
   * `deferQuality` the caller runs `checkQuality()` later.
   */
  async loadDemo(
    opts: { deferQuality?: boolean; data?: ReturnType<typeof generateDemo> } = {},
  ): Promise<void> {
    const job = this.startJob('Generating the demo retailer');
    if (!job) return;
    try {
      const db = await this.getDb();
      const demo = opts.data ?? generateDemo();
      for (const [label, data] of [
        ['customers', demo.customers],
        ['transactions', demo.transactions],
      ] as const) {
        job.progress(null, `Loading ${label}`);
        const table = tableNameFor(`demo_${label}`, this.usedNames());
        await db.insertArrow(table, data);
        await this.register(
          db,
          {
            label: `demo ${label}`,
            table,
            format: 'demo',
            rowCount: data.numRows,
            warnings: [],
          },
          // Our own generator's schema: no profiling scan needed (a unit test keeps them equal).
          { deferQuality: opts.deferQuality, columns: DEMO_COLUMNS[label] },
        );
      }
    } catch (err) {
      this.fail(err, 'the demo data');
    } finally {
      this.endJob(job);
    }
  }

  /** Re-reads another sheet of an Excel workbook into the same table. */
  async selectSheet(tableId: string, sheet: string): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t?.source || t.sheet === sheet) return;
    await this.loadOne(t.source, { replace: t, sheet });
  }

  /** Removes a table from the session (the source file is untouched). */
  async removeTable(tableId: string): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return;
    this.tables = this.tables.filter((x) => x.id !== tableId);
    if (this.activeId === tableId) this.activeId = this.tables[0]?.id ?? null;
    this.touched();
    try {
      const db = await this.getDb();
      await dropRelation(db, t.view, t.relationKind);
      await dropRelation(db, t.allRowsView, 'view');
      await db.exec(`DROP TABLE IF EXISTS ${ident(t.table)}`);
    } catch (err) {
      this.fail(err, t.label);
    }
  }

  /** Changes a column's role; the view, preview and quality checks follow. */
  async setRole(tableId: string, column: string, role: ColumnRole): Promise<void> {
    await this.editColumns(tableId, (c) => (c.name === column ? { ...c, role } : c));
  }

  /** Sets how a date column's text is parsed (answers the day/month question). */
  async setDateFormat(tableId: string, column: string, dateFormat: DateFormat): Promise<void> {
    await this.editColumns(tableId, (c) => (c.name === column ? { ...c, dateFormat } : c));
    this.patch(tableId, (t) => ({
      ...t,
      ambiguousDates: t.ambiguousDates.filter((n) => n !== column),
    }));
  }

  /**
   * Sets a table's column roles (with date formats and id spellings) and its cleaning at once,
   * as a config records them. Returns false when the database refused (the table stays as it was).
   */
  async applyTableConfig(
    tableId: string,
    columns: Pick<ColumnInfo, 'name' | 'role' | 'dateFormat' | 'floatId'>[],
    cleaning: CleaningChoice[],
  ): Promise<boolean> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return false;
    // A throwaway lookup, not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const byName = new Map(columns.map((c) => [c.name, c]));
    const next = t.columns.map((c) => {
      const want = byName.get(c.name);
      if (!want) return c;
      const out: ColumnInfo = { ...c, role: want.role };
      delete out.dateFormat;
      delete out.floatId;
      if (want.dateFormat) out.dateFormat = want.dateFormat;
      if (want.floatId) out.floatId = true;
      return out;
    });
    const same =
      JSON.stringify(next) === JSON.stringify(t.columns) &&
      JSON.stringify(cleaning) === JSON.stringify(t.cleaning);
    if (same) return true;
    return this.rebuild(tableId, { columns: next, cleaning });
  }

  /**
   * A loaded table's raw rows as CSV, named as a config names the file (demo tables exist only
   * in the browser; the exported SQL reads them from this file). Null when it failed (said).
   */
  async csvOf(tableId: string): Promise<{ name: string; bytes: Uint8Array } | null> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return null;
    try {
      const db = await this.getDb();
      const bytes = await db.csvBytes(`SELECT * FROM ${ident(t.table)}`);
      return { name: t.format === 'demo' ? `${t.table}.csv` : `${t.label}.csv`, bytes };
    } catch (err) {
      this.fail(err, `the CSV of ${t.label}`);
      return null;
    }
  }

  /** The loaded tables as a config records them. */
  tableParts(): TablePart[] {
    return this.tables.map((t) => ({
      id: t.id,
      file: t.format === 'demo' ? `${t.table}.csv` : t.label,
      format: t.format,
      reader: t.reader ?? (t.format === 'xlsx' && t.sheet ? { sheet: t.sheet } : undefined),
      rows: t.rowCount,
      hash: t.hash ?? null,
      columns: t.columns,
      cleaning: t.cleaning,
    }));
  }

  /** Hashes a loaded file in the background (chunks, so a large file is never whole in memory). */
  private async hashFile(
    tableId: string,
    source: { name: string; file?: File; bytes?: Uint8Array },
  ): Promise<void> {
    try {
      const size = source.file?.size ?? source.bytes?.length ?? 0;
      const hash = await contentHash(size, async (a, b) =>
        source.file
          ? new Uint8Array(await source.file.slice(a, b).arrayBuffer())
          : source.bytes!.subarray(a, b),
      );
      this.patch(tableId, (t) => ({ ...t, hash }));
    } catch {
      // A file that cannot be read again (moved, revoked) just has no hash in the config.
    }
  }

  /** Applies a cleaning option: the raw table stays, the view drops the rows. */
  async applyCleaning(tableId: string, choice: CleaningChoice): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t || t.cleaning.some((c) => sameChoice(c, choice))) return;
    await this.rebuild(tableId, { cleaning: [...t.cleaning, choice] });
  }

  /** Takes a cleaning option back. */
  async removeCleaning(tableId: string, choice: CleaningChoice): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return;
    await this.rebuild(tableId, { cleaning: t.cleaning.filter((c) => !sameChoice(c, choice)) });
  }

  private async editColumns(tableId: string, edit: (c: ColumnInfo) => ColumnInfo): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return;
    await this.rebuild(tableId, { columns: t.columns.map(edit) });
  }

  /** Recreates a table's view with new columns or cleaning; on failure the old state stays. */
  private async rebuild(
    tableId: string,
    change: Partial<Pick<LoadedTable, 'columns' | 'cleaning'>>,
  ): Promise<boolean> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return false;
    const next = { ...t, ...change };
    this.busy = true;
    try {
      const db = await this.getDb();
      next.relationKind = await this.writeRelations(db, next);
      const described = await this.describe(db, next);
      const found = await this.checks(db, described);
      this.patch(tableId, () => ({ ...described, ...found }));
      this.touched();
      return true;
    } catch (err) {
      this.fail(err, t.label);
      // Put the last good view back so later steps keep reading consistent data.
      const db = await this.getDb();
      await this.writeRelations(db, t).catch(() => {});
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async loadOne(
    source: { name: string; file?: File; bytes?: Uint8Array },
    opts: { replace?: LoadedTable; sheet?: string } = {},
  ): Promise<void> {
    const job = this.startJob(`Loading ${source.name}`);
    if (!job) return;
    performance.mark(`ingest:start:${source.name}`);
    const used = this.usedNames();
    const table = opts.replace ? `${opts.replace.table}__sheet` : tableNameFor(source.name, used);
    let db: StudioDb | undefined;
    try {
      db = await this.getDb();
      job.progress(null, 'Reading');
      const result = await loadFile(db, source, {
        table,
        sheet: opts.sheet,
        signal: job.signal,
        onProgress: (f, stage) => job.progress(f, stage),
      });
      performance.mark(`ingest:table:${source.name}`);
      if (opts.replace) {
        // Swap only once the new sheet loaded, so a failure leaves the old sheet in place.
        await dropRelation(db, opts.replace.view, opts.replace.relationKind);
        await dropRelation(db, opts.replace.allRowsView, 'view');
        await db.exec(`DROP TABLE IF EXISTS ${ident(opts.replace.table)}`);
        await db.exec(`ALTER TABLE ${ident(table)} RENAME TO ${ident(opts.replace.table)}`);
      }
      job.progress(null, 'Inferring column roles');
      await this.register(
        db,
        {
          label: source.name,
          table: opts.replace?.table ?? table,
          format: result.format,
          rowCount: result.rowCount,
          warnings: result.warnings,
          sheets: result.sheets,
          sheet: opts.sheet ?? result.sheets?.[0],
          source: result.format === 'xlsx' ? source : undefined,
          reader: result.csv ? { ...result.csv } : undefined,
        },
        { replaceId: opts.replace?.id },
      );
      performance.mark(`ingest:ready:${source.name}`);
      void this.hashFile(opts.replace?.id ?? table, source);
    } catch (err) {
      if (db) await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => {});
      this.fail(err, source.name);
    } finally {
      this.endJob(job);
    }
  }

  /** Infers roles, creates the view, reads the preview and quality, and lists the table. */
  private async register(
    db: StudioDb,
    base: Pick<LoadedTable, 'label' | 'table' | 'format' | 'rowCount' | 'warnings'> &
      Partial<Pick<LoadedTable, 'sheets' | 'sheet' | 'source' | 'reader'>>,
    opts: { replaceId?: string; deferQuality?: boolean; columns?: ColumnInfo[] } = {},
  ): Promise<void> {
    const { replaceId, deferQuality = false } = opts;
    const { columns, ambiguousDates } = opts.columns
      ? { columns: opts.columns, ambiguousDates: [] }
      : await inferColumns(db, base.table);
    const view = `${base.table} (clean)`;
    const allRowsView = `${base.table} (all rows)`;
    const relationKind = await this.writeRelations(db, {
      ...base,
      view,
      allRowsView,
      columns,
      cleaning: [],
      relationKind: null,
    });
    const id = replaceId ?? base.table;
    const loaded = await this.describe(db, {
      ...base,
      id,
      view,
      allRowsView,
      relationKind,
      columns,
      ambiguousDates,
      cleaning: [],
      viewRows: base.rowCount,
      preview: null,
      quality: null,
      missing: [],
    });
    this.tables = replaceId
      ? this.tables.map((t) => (t.id === replaceId ? loaded : t))
      : [...this.tables, loaded];
    this.activeId = id;
    this.touched();
    if (!deferQuality) await this.checkQuality();
    for (const col of ambiguousDates) {
      this.notices.warning(
        `In "${base.label}", the dates in "${col}" could be day/month or month/day.`,
        'Pick the order in the column list (Data step); the first guess is used until you do.',
      );
    }
  }

  /**
   * Writes the cleaned relation (a table up to a size, else a view) and the all-rows one. The
   * latter is always a view: only the return-rate feature reads it, so storing a second copy of
   * every row would cost each load a full write and twice the memory.
   */
  private async writeRelations(
    db: StudioDb,
    t: Pick<LoadedTable, 'table' | 'view' | 'allRowsView' | 'columns' | 'cleaning' | 'rowCount'> & {
      relationKind: RelationKind | null;
    },
  ): Promise<RelationKind> {
    const kind = await writeCleanedRelation(
      db,
      t.table,
      t.view,
      t.columns,
      t.cleaning,
      t.rowCount,
      t.relationKind,
    );
    await writeCleanedRelation(
      db,
      t.table,
      t.allRowsView,
      t.columns,
      [],
      t.rowCount,
      t.relationKind ? 'view' : null,
      false,
    );
    return kind;
  }

  /** Reads the preview and the view's row count (known without a scan when nothing is cleaned). */
  private async describe(db: StudioDb, t: LoadedTable): Promise<LoadedTable> {
    const known = t.cleaning.length === 0 ? t.rowCount : undefined;
    return { ...t, ...(await describeView(db, t.view, PREVIEW_ROWS, known)) };
  }

  /** The quality report, with the effect each cleaning option would have on top of those applied. */
  private checks(db: StudioDb, t: LoadedTable): ReturnType<typeof qualityWithEffects> {
    return qualityWithEffects(db, t.table, t.columns, t.cleaning);
  }

  /**
   * Runs the quality checks of every table that has none yet. They take several scans of the
   * data, so the demo start-up runs them after the features and segments are on screen.
   */
  async checkQuality(): Promise<void> {
    for (const t of this.tables.filter((x) => x.quality === null)) {
      try {
        const db = await this.getDb();
        const found = await this.checks(db, t);
        // Skip if the table was edited or removed meanwhile; the edit computed its own checks.
        const now = this.tables.find((x) => x.id === t.id);
        if (now && now.columns === t.columns && now.cleaning === t.cleaning)
          this.patch(t.id, (x) => ({ ...x, ...found }));
      } catch (err) {
        this.fail(err, `the quality checks of ${t.label}`);
      }
    }
  }

  private patch(tableId: string, f: (t: LoadedTable) => LoadedTable): void {
    this.tables = this.tables.map((t) => (t.id === tableId ? f(t) : t));
  }

  private touched(): void {
    this.version++;
  }

  private usedNames(): Set<string> {
    // A throwaway lookup, not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return new Set(this.tables.map((t) => t.table));
  }

  private startJob(label: string): Job | null {
    if (this.job) {
      this.notices.warning(
        `"${this.job.label}" is still running.`,
        'Wait for it to finish or cancel it, then try again.',
      );
      return null;
    }
    const job = new Job(label);
    this.job = job;
    return job;
  }

  private endJob(job: Job): void {
    if (this.job === job) this.job = null;
  }

  private fail(err: unknown, what: string): void {
    if (isAbort(err)) {
      this.notices.info(`Cancelled: ${what} was not loaded. Everything else is as it was.`);
      return;
    }
    if (isMemoryError(err)) {
      this.notices.error(tooLargeForTab(`The rows of ${what}`), 'Tables already loaded stay.');
      return;
    }
    const e = toIngestError(err, what);
    this.notices.error(e.userMessage, e.hint);
  }
}
