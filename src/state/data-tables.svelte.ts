/**
 * The loaded tables and what every change to them does: rebuild the cleaned relations, recount
 * the quality checks and the ids tables share, keep the last good state when the database
 * refuses. DataState (data.svelte.ts) adds loading and column edits on top.
 */
import { isMemoryError, tooLargeForTab } from '../lib/db/limits';
import { withSignal } from '../lib/db/signal';
import type { ColumnInfo } from '../lib/ingest/types';
import { toIngestError } from '../lib/ingest/errors';
import { dropRelation } from '../lib/ingest/cleaned-relation';
import type { CleaningChoice } from '../lib/ingest/cleaning';
import { sameChoice } from '../lib/ingest/cleaning-labels';
import { tableLinks, type TableLink } from '../lib/ingest/links';
import { ident } from '../lib/sql/quote';
import { contentHash } from '../lib/config/fingerprint';
import type { TablePart } from '../lib/config/build';
import { Job, isAbort } from './job.svelte';
import type { Notices } from './notices.svelte';
import {
  savedCsvName,
  tableChecks,
  tablePart,
  withPreview,
  writeRelations,
  type LoadedTable,
  type StudioDb,
} from './loaded-table';

/** A problem with one column's settings, shown next to that column's controls. */
export interface ColumnError {
  tableId: string;
  column: string;
  message: string;
}

/** The tables of the Data step and the actions every kind of change shares. */
export class DataTables {
  tables = $state.raw<LoadedTable[]>([]);
  activeId = $state<string | null>(null);
  job = $state.raw<Job | null>(null);
  /** True while any table is being changed (roles, cleaning). */
  busy = $state(false);
  /** Bumped whenever a table is added, removed or re-viewed: computed features may be out of date. */
  version = $state(0);
  /** The last column edit that could not be made. */
  columnError = $state.raw<ColumnError | null>(null);
  /** How many customer ids each pair of tables shares. */
  links = $state.raw<TableLink[]>([]);

  constructor(
    protected readonly getDb: () => Promise<StudioDb>,
    protected readonly notices: Notices,
  ) {}

  /** The table on screen. */
  get active(): LoadedTable | undefined {
    return this.tables.find((t) => t.id === this.activeId) ?? this.tables[0];
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

  /** Applies a cleaning option: the raw table stays, the view drops the rows. */
  async applyCleaning(tableId: string, choice: CleaningChoice): Promise<void> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t || t.cleaning.some((c) => sameChoice(c, choice))) return;
    await this.rebuild(tableId, (now) => ({
      cleaning: now.cleaning.some((c) => sameChoice(c, choice))
        ? now.cleaning
        : [...now.cleaning, choice],
    }));
  }

  /** Takes a cleaning option back. */
  async removeCleaning(tableId: string, choice: CleaningChoice): Promise<void> {
    await this.rebuild(tableId, (t) => ({
      cleaning: t.cleaning.filter((c) => !sameChoice(c, choice)),
    }));
  }

  /**
   * A loaded table's raw rows as CSV, named as a config names the file (demo tables and
   * whitespace-aligned text are read by the exported SQL from this file). Null when it failed.
   */
  async csvOf(tableId: string): Promise<{ name: string; bytes: Uint8Array } | null> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return null;
    try {
      const db = await this.getDb();
      const bytes = await db.csvBytes(`SELECT * FROM ${ident(t.table)}`);
      return { name: savedCsvName(t) ?? `${t.label}.csv`, bytes };
    } catch (err) {
      this.fail(err, `the CSV of ${t.label}`);
      return null;
    }
  }

  /** The loaded tables as a config records them. */
  tableParts(): TablePart[] {
    return this.tables.map(tablePart);
  }

  /**
   * Runs the quality checks of every table that has none yet. They take several scans of the
   * data, so the demo start-up runs them after the features and segments are on screen.
   */
  async checkQuality(): Promise<void> {
    for (const t of this.tables.filter((x) => x.quality === null)) {
      try {
        const db = await this.getDb();
        const found = await tableChecks(db, t);
        // Skip if the table was edited or removed meanwhile; the edit computed its own checks.
        const now = this.tables.find((x) => x.id === t.id);
        if (now && now.columns === t.columns && now.cleaning === t.cleaning)
          this.patch(t.id, (x) => ({ ...x, ...found }));
      } catch (err) {
        // A table removed while its checks ran has nothing left to report on.
        if (this.tables.some((x) => x.id === t.id))
          this.fail(err, `the quality checks of ${t.label}`);
      }
    }
  }

  /** Hashes a loaded file in the background (chunks, so a large file is never whole in memory). */
  protected async hashFile(
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

  protected async editColumns(tableId: string, edit: (c: ColumnInfo) => ColumnInfo): Promise<void> {
    await this.rebuild(tableId, (t) => ({ columns: t.columns.map(edit) }));
  }

  /**
   * Recreates a table's view with new columns or cleaning; on failure the old state stays.
   * `change` reads the table as it is when the rebuild runs, so edits made in quick succession
   * (two roles set while a file still loads) each build on the one before instead of undoing it.
   */
  protected async rebuild(tableId: string, change: TableChange): Promise<boolean> {
    // A change made while a file is still loading waits for it rather than being dropped; until it
    // runs, `idle()` counts it as work under way (a compute must not read the tables before it).
    this.pendingEdits++;
    try {
      await this.jobDone();
      return await this.rebuildNow(tableId, change);
    } finally {
      this.pendingEdits--;
    }
  }
  private pendingEdits = 0;

  private async rebuildNow(tableId: string, change: TableChange): Promise<boolean> {
    const t = this.tables.find((x) => x.id === tableId);
    if (!t) return false;
    const next = { ...t, ...change(t) };
    // On a large table this takes seconds: the job bar says what runs, and Cancel keeps the old.
    const job = this.startJob(`Applying the change to ${t.label}`);
    if (!job) return false;
    this.busy = true;
    try {
      // Cancel interrupts the statement running in DuckDB, not only the wait for it.
      const db = withSignal(await this.getDb(), job.signal);
      job.progress(null, 'rewriting the cleaned rows');
      next.relationKind = await writeRelations(db, next);
      job.signal.throwIfAborted();
      job.progress(0.4, 'reading the first rows');
      const described = await withPreview(db, next);
      job.signal.throwIfAborted();
      job.progress(0.5, 'quality checks');
      const found = await tableChecks(db, described);
      job.signal.throwIfAborted();
      this.patch(tableId, () => ({ ...described, ...found }));
      this.touched();
      return true;
    } catch (err) {
      if (isAbort(err)) this.notices.info(`Cancelled: ${t.label} is as it was before the change.`);
      else this.fail(err, t.label);
      // Put the last good view back so later steps keep reading consistent data.
      const db = await this.getDb();
      await writeRelations(db, t).catch(() => {});
      return false;
    } finally {
      this.busy = false;
      this.endJob(job);
    }
  }

  /** Recounts the customer ids the tables share; only the answer for the latest change is kept. */
  private async refreshLinks(): Promise<void> {
    const version = this.version;
    const tables = this.tables;
    if (tables.length < 2) {
      this.links = [];
      return;
    }
    try {
      const links = await tableLinks(await this.getDb(), tables);
      if (this.version === version) this.links = links;
    } catch {
      // A table removed mid-count: the next change counts again.
    }
  }

  protected patch(tableId: string, f: (t: LoadedTable) => LoadedTable): void {
    this.tables = this.tables.map((t) => (t.id === tableId ? f(t) : t));
  }

  protected touched(): void {
    this.version++;
    void this.refreshLinks();
  }

  protected usedNames(): Set<string> {
    // A throwaway lookup, not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return new Set(this.tables.map((t) => t.table));
  }

  /**
   * Resolves once no job runs (a load with its quality checks, another change): polled, a job
   * says when it ends. What the tables are (order lines or one row per customer) is only known
   * then.
   */
  async idle(): Promise<void> {
    while (this.settling) await pause();
  }

  /** True while a job runs or an edit waits to run one. */
  get settling(): boolean {
    return this.job !== null || this.pendingEdits > 0;
  }

  private async jobDone(): Promise<void> {
    while (this.job) await pause();
  }

  protected startJob(label: string): Job | null {
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

  protected endJob(job: Job): void {
    if (this.job === job) this.job = null;
  }

  protected fail(err: unknown, what: string): void {
    if (isAbort(err)) {
      this.notices.info(`Cancelled: ${what} was not loaded. Everything else is as it was.`);
      return;
    }
    if (isMemoryError(err)) {
      this.notices.error(tooLargeForTab(`The rows of ${what}`), 'Tables already loaded stay.', {
        topic: `data:${what}`,
      });
      return;
    }
    const e = toIngestError(err, what);
    this.notices.error(e.userMessage, e.hint, { topic: `data:${what}` });
  }
}

/** What an edit makes of a table's columns or cleaning, given the table as it is then. */
type TableChange = (t: LoadedTable) => Partial<Pick<LoadedTable, 'columns' | 'cleaning'>>;

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
