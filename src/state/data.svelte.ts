/** The Data step's actions: loading files, URLs and the demo, and editing columns. */
import type { ColumnInfo, ColumnRole, DateFormat } from '../lib/ingest/types';
import { loadFile, tableNameFor } from '../lib/ingest/load';
import { toIngestError } from '../lib/ingest/errors';
import { isMemoryError, tooLargeForTab } from '../lib/db/limits';
import { withSignal } from '../lib/db/signal';
import { inferColumns } from '../lib/ingest/roles';
import { dropRelation } from '../lib/ingest/cleaned-relation';
import type { CleaningChoice } from '../lib/ingest/cleaning';
import { generateDemo } from '../lib/ingest/demo';
import { DEMO_COLUMNS } from '../lib/ingest/demo-roles';
import { withRole } from '../lib/ingest/infer-table';
import { readLevels } from '../lib/ingest/levels';
import { fetchDataUrl } from '../lib/ingest/url';
import { ident } from '../lib/sql/quote';
import { isAbort } from './job.svelte';
import { DataTables } from './data-tables.svelte';
import { withPreview, writeRelations, type LoadedTable, type StudioDb } from './loaded-table';

export type { LoadedTable, StudioDb } from './loaded-table';
export type { ColumnError } from './data-tables.svelte';

/** A file needs this many data rows: one row cannot make segments. */
const MIN_ROWS = 2;

/** What a config records of a column beyond its role (cleared before applying one). */
const RECORDED = ['dateFormat', 'floatId', 'levels', 'levelsGuess'] as const;

/** The Data step: loaded tables, their roles and cleaning. Actions are methods. */
export class DataState extends DataTables {
  /** The last load that failed (shown under the load controls), until the next load. */
  loadError = $state.raw<{ message: string; hint: string } | null>(null);
  /** True when loading the demo would replace tables the user loaded (so it asks first). */
  get demoReplacesUserData(): boolean {
    return this.tables.some((t) => t.format !== 'demo');
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
      got = await fetchDataUrl(url, {
        signal: job.signal,
        onProgress: (f) => job.progress(f),
        origins: { page: location.origin, allowed: __DATA_ORIGINS__ },
      });
    } catch (err) {
      this.failLoad(err, url);
      this.endJob(job);
      return;
    }
    this.endJob(job);
    await this.loadOne({ name: got.name, bytes: got.bytes });
  }

  /**
   * Loads the built-in demo retailer (customers + transactions), generated in the browser, in
   * place of every table loaded before (the UI asks first when those are the user's). The old
   * tables go only once the demo is in. With `deferQuality` the caller runs `checkQuality()` later.
   */
  async loadDemo(
    opts: { deferQuality?: boolean; data?: ReturnType<typeof generateDemo> } = {},
  ): Promise<void> {
    const job = this.startJob('Generating the demo retailer');
    if (!job) return;
    const before = this.tables;
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
          { deferQuality: opts.deferQuality, columns: DEMO_COLUMNS[label], stats: {} },
        );
      }
      for (const t of before) await this.removeTable(t.id);
      this.loadError = null;
    } catch (err) {
      this.failLoad(err, 'the demo data');
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

  /**
   * Changes a column's role; the view, preview and quality checks follow. A role one column holds
   * (customer id, order id, product category) moves: the column that had it gives it up. Making a
   * column ordinal reads its levels (in a guessed order when its values follow a known scale).
   */
  async setRole(tableId: string, column: string, role: ColumnRole): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    const col = t?.columns.find((c) => c.name === column);
    if (!t || !col) return;
    this.columnError = null;
    let levels: Pick<ColumnInfo, 'levels' | 'levelsGuess'> = {};
    if (role === 'ordinal') {
      this.busy = true;
      const got = col.levels
        ? col
        : await readLevels(await this.getDb(), t.table, col).finally(() => (this.busy = false));
      if (typeof got === 'string') {
        this.columnError = { tableId, column, message: got };
        return;
      }
      levels = { levels: got.levels, ...(got.levelsGuess ? { levelsGuess: got.levelsGuess } : {}) };
    }
    await this.rebuild(tableId, (now) => ({
      columns: withRole(now.columns, column, role).map((c) => {
        if (c.name !== column) return c;
        const { levels: _l, levelsGuess: _g, ...rest } = c;
        return role === 'ordinal' ? { ...rest, ...levels } : rest;
      }),
    }));
  }

  /**
   * Sets the order of an ordinal column's levels (lowest first). The values are unchanged, so the
   * cleaned relation stays; the order is the user's now, no longer a guess.
   */
  setLevels(tableId: string, column: string, levels: string[]): void {
    this.patch(tableId, (t) => ({
      ...t,
      columns: t.columns.map((c) => {
        if (c.name !== column || c.role !== 'ordinal') return c;
        const { levelsGuess: _g, ...rest } = c;
        return { ...rest, levels };
      }),
    }));
    this.touched();
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
   * Sets a table's column roles (with date formats, id spellings and ordinal levels) and its
   * cleaning at once, as a config records them. Returns false when the database refused (the
   * table stays as it was).
   */
  async applyTableConfig(
    tableId: string,
    columns: Pick<ColumnInfo, 'name' | 'role' | 'dateFormat' | 'floatId' | 'levels'>[],
    cleaning: CleaningChoice[],
  ): Promise<boolean> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return false;
    // A throwaway lookup, not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const byName = new Map(columns.map((c) => [c.name, c]));
    const configured = (cols: ColumnInfo[]) =>
      cols.map((c) => {
        const want = byName.get(c.name);
        if (!want) return c;
        const out: ColumnInfo = { ...c, role: want.role };
        // An ordinal the config gives no order (a version 2 config) keeps the order guessed at load.
        const keepGuess = want.role === 'ordinal' && !want.levels && c.role === 'ordinal';
        const drop = keepGuess ? (['dateFormat', 'floatId'] as const) : RECORDED;
        for (const k of drop) delete out[k];
        if (want.dateFormat) out.dateFormat = want.dateFormat;
        if (want.floatId) out.floatId = true;
        if (want.levels) out.levels = [...want.levels];
        return out;
      });
    const next = configured(t.columns);
    // Only what a config sets is compared (a guess such as levelsGuess is not a difference):
    // reopening a config on the tables it was made on rewrites nothing.
    const asSet = (c: ColumnInfo) => [c.name, c.role, c.dateFormat, !!c.floatId, c.levels];
    const same =
      JSON.stringify(next.map(asSet)) === JSON.stringify(t.columns.map(asSet)) &&
      JSON.stringify(cleaning) === JSON.stringify(t.cleaning);
    if (same) return true;
    return this.rebuild(tableId, (now) => ({ columns: configured(now.columns), cleaning }));
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
      // Cancel interrupts the statement running in DuckDB at every stage of the load.
      const live = withSignal(db, job.signal);
      const result = await loadFile(live, source, {
        table,
        sheet: opts.sheet,
        minRows: MIN_ROWS,
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
        live,
        {
          label: source.name,
          table: opts.replace?.table ?? table,
          format: result.whitespace ? 'whitespace' : result.format,
          rowCount: result.rowCount,
          warnings: result.warnings,
          sheets: result.sheets,
          sheet: opts.sheet ?? result.sheets?.[0],
          // A workbook's bytes are kept to read another sheet; a picked file's handle (no copy of
          // its bytes) so saved work can keep it in the browser's private storage.
          source:
            result.format === 'xlsx'
              ? source
              : source.file
                ? { name: source.name, file: source.file }
                : undefined,
          reader: result.csv ? { ...result.csv } : undefined,
        },
        { replaceId: opts.replace?.id },
      );
      this.loadError = null;
      performance.mark(`ingest:ready:${source.name}`);
      void this.hashFile(opts.replace?.id ?? table, source);
    } catch (err) {
      if (db) await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => {});
      this.failLoad(err, source.name);
    } finally {
      this.endJob(job);
    }
  }

  /** Infers roles, creates the view, reads the preview and quality, and lists the table. */
  private async register(
    db: StudioDb,
    base: Pick<LoadedTable, 'label' | 'table' | 'format' | 'rowCount' | 'warnings'> &
      Partial<Pick<LoadedTable, 'sheets' | 'sheet' | 'source' | 'reader'>>,
    opts: {
      replaceId?: string;
      deferQuality?: boolean;
      columns?: ColumnInfo[];
      stats?: LoadedTable['stats'];
    } = {},
  ): Promise<void> {
    const { replaceId, deferQuality = false } = opts;
    const { columns, ambiguousDates, stats } = opts.columns
      ? { columns: opts.columns, ambiguousDates: [], stats: opts.stats ?? {} }
      : await inferColumns(db, base.table);
    const view = `${base.table} (clean)`;
    const allRowsView = `${base.table} (all rows)`;
    const relationKind = await writeRelations(db, {
      ...base,
      view,
      allRowsView,
      columns,
      cleaning: [],
      relationKind: null,
    });
    const id = replaceId ?? base.table;
    const loaded = await withPreview(db, {
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
      stats,
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

  /** A load that failed: said under the load controls; the tables loaded before stay. */
  private failLoad(err: unknown, what: string): void {
    if (isAbort(err)) return this.fail(err, what);
    if (isMemoryError(err)) {
      this.loadError = {
        message: tooLargeForTab(`The rows of ${what}`),
        hint: 'Tables already loaded stay.',
      };
      return;
    }
    const e = toIngestError(err, what);
    this.loadError = { message: e.userMessage, hint: e.hint };
  }
}
