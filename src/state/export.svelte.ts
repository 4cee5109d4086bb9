import { vectorOf } from '../lib/ingest/vector';
import { Int32, makeVector, Table, Utf8 } from 'apache-arrow';
import { exportColumns, exportSelect, type ExportPlan } from '../lib/export/query';
import { writeExportFile, type EncoderFactory } from '../lib/export/run';
import type { ByteSink } from '../lib/export/sink';
import { FORMAT_FILES, type ExportFormat } from '../lib/export/formats';
import { fileNameProblem, segmentFilePart } from '../lib/export/filename';
import { checkSalt, saltFromBytes, SALT_BYTES } from '../lib/export/pseudonym';
import { summaryCsv } from '../lib/export/summary';
import { PII_LABELS } from '../lib/export/pii';
import { ident, literal } from '../lib/sql/quote';
import { isAbort } from './job.svelte';
import type { FeaturesState } from './features.svelte';
import type { SegmentsState } from './segments.svelte';
import type { DataState } from './data.svelte';
import type { PrivacyState } from './privacy.svelte';
import type { StudioDb } from './loaded-table';

const ASSIGN_TABLE = '__export_assign';
const SEGMENTS_TABLE = '__export_segments';

/** Where export files go; the Export step makes one (a save dialog, a folder, or downloads). */
export interface SaveTarget {
  /** Opens one file to write; rejects when the browser or the user refuses it. */
  open(name: string, type: string): Promise<ByteSink>;
  /** Where several files went, when it is one place (`segments.zip`), for the status line. */
  label?: string;
  /** All files are written (e.g. a ZIP archive of them is closed and offered). */
  finish?(): Promise<void>;
  /** The export stopped: anything not complete is discarded. */
  abort?(): Promise<void>;
}

/** Why a save could not start or finish, in the user's words (thrown by SaveTarget.open/sinks). */
export class SaveError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

/** A column of the customer table that may be joined into the export. */
export interface ExtraColumn {
  name: string;
  numeric: boolean;
  /** What kind of personal data it looks like, if any. */
  pii: string | null;
}

/** The running export, as the progress bar shows it. */
export interface ExportProgress {
  file: string;
  rows: number;
  total: number;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL.*)$/i;

/**
 * The Export step: what to write (format, one file or one per segment, extra columns, privacy)
 * and the running export with its progress and cancel. Rows come from DuckDB and stream into the
 * target a batch at a time.
 */
export class ExportState {
  format = $state<ExportFormat>('csv');
  perSegment = $state(false);
  baseName = $state('segments');
  /** Customer-table columns ticked to join in. */
  extras = $state.raw<readonly string[]>([]);
  /** Leave out columns flagged as personal data. */
  dropPersonal = $state(true);
  /** Replace customer ids with a salted SHA-256 hash. */
  pseudonymise = $state(false);
  /** The salt of pseudonymised exports (made when first switched on, or pasted by the user). */
  salt = $state<string | null>(null);
  /** True until the user has confirmed keeping the salt: it is shown once. */
  saltVisible = $state(false);
  progress = $state.raw<ExportProgress | null>(null);
  /** The last export's result (a sentence) or problem. */
  status = $state<string | null>(null);
  error = $state.raw<{ message: string; hint: string } | null>(null);
  private controller: AbortController | null = null;

  constructor(
    private readonly segments: SegmentsState,
    private readonly features: FeaturesState,
    private readonly data: DataState,
    private readonly privacy: PrivacyState,
    private readonly getDb: () => Promise<StudioDb>,
    /** Encodes Parquet (in a worker, in the browser); absent: on this thread. */
    readonly parquetEncoder?: EncoderFactory,
  ) {}

  /** True while an export runs. */
  get running(): boolean {
    return this.progress !== null;
  }

  /** Why nothing can be exported yet, or null. */
  get unavailable(): string | null {
    const seg = this.segments;
    if (!this.features.result || !this.features.inputs)
      return 'There are no segments yet: compute features and make segments in the Segments step first.';
    if (this.features.stale)
      return 'The features are out of date with the data: open the Segments step to recompute them first.';
    if (!seg.result || !seg.counts || seg.rows.length === 0)
      return 'There are no segments yet: make segments in the Segments step first.';
    if (seg.result.assignment.length !== this.features.inputs.n)
      return 'The segments are being recomputed: try again in a moment.';
    return null;
  }

  /** The customer table's columns that may be joined in (not its id), with personal-data flags. */
  get extraColumns(): ExtraColumn[] {
    const source = this.features.source;
    const cust = typeof source === 'string' ? undefined : source.customers;
    if (!cust) return [];
    const table = this.data.tables.find((t) => t.view === cust.relation);
    if (!table) return [];
    return table.columns
      .filter((c) => c.name !== cust.customerId && c.role !== 'ignore')
      .map((c) => {
        const flag = this.privacy.flag(table.id, c.name);
        return {
          name: c.name,
          numeric: NUMERIC.test(c.type),
          pii: flag ? PII_LABELS[flag.kind] : null,
        };
      });
  }

  /** Ticks or unticks a customer column. */
  toggleExtra(name: string): void {
    this.extras = this.extras.includes(name)
      ? this.extras.filter((n) => n !== name)
      : [...this.extras, name];
  }

  /** Switches pseudonymous ids on or off; the first switch on makes a salt and shows it. */
  setPseudonymise(on: boolean): void {
    this.pseudonymise = on;
    if (on && this.salt === null) {
      this.salt = saltFromBytes(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
      this.saltVisible = true;
    }
  }

  /** Uses a salt the user kept from an earlier export (same salt: same hashes). */
  setSalt(salt: string): string | null {
    const problem = checkSalt(salt.trim());
    if (!problem) this.salt = salt.trim();
    return problem;
  }

  /** The user has kept the salt: it is hidden from now on. */
  hideSalt(): void {
    this.saltVisible = false;
  }

  /** The file name problem, or null. */
  get nameProblem(): string | null {
    return fileNameProblem(this.baseName);
  }

  /** Stops the running export; the file being written is discarded. */
  cancel(): void {
    this.controller?.abort();
  }

  /**
   * Exports the assignment. `target` is asked for first, before any other waiting, so a save
   * dialog still counts as an answer to the click. Problems end as `error`, never as a file
   * presented as complete.
   */
  async exportAssignments(target: (kind: 'file' | 'folder') => Promise<SaveTarget>): Promise<void> {
    if (this.running) return;
    this.status = null;
    this.error = null;
    const refused = this.unavailable ?? this.nameProblem;
    if (refused) {
      this.error = { message: refused, hint: '' };
      return;
    }
    const salt = this.pseudonymise ? this.salt : null;
    if (this.pseudonymise && !salt) {
      this.error = {
        message: 'Pseudonymous ids need a salt.',
        hint: 'Switch the option off and on again to make one.',
      };
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    const rows = this.segments.rows;
    const total = this.features.inputs!.n;
    this.progress = { file: 'Choosing where to save…', rows: 0, total };
    const saved: string[] = [];
    let dest: SaveTarget | null = null;
    try {
      dest = await target(this.perSegment ? 'folder' : 'file');
      const plan = await this.preparePlan(salt);
      const { ext, type } = FORMAT_FILES[this.format];
      const columns = exportColumns(plan);
      const files = this.perSegment
        ? rows.map((r, i) => ({
            name: `${this.baseName.trim()}-${segmentFilePart(i, r.name)}.${ext}`,
            segment: i,
          }))
        : [{ name: `${this.baseName.trim()}.${ext}`, segment: undefined }];
      let before = 0;
      const db = await this.getDb();
      for (const f of files) {
        controller.signal.throwIfAborted();
        this.progress = { file: f.name, rows: before, total };
        const sink = await dest!.open(f.name, type);
        const n = await writeExportFile(
          db,
          {
            sql: exportSelect({ ...plan, segment: f.segment }),
            columns,
            format: this.format,
            safe: true,
          },
          sink,
          {
            signal: controller.signal,
            parquet: this.parquetEncoder,
            onRows: (r) => (this.progress = { file: f.name, rows: before + r, total }),
          },
        );
        before += n;
        saved.push(f.name);
      }
      await dest.finish?.();
      const customers = `${before.toLocaleString('en')} customers`;
      this.status =
        saved.length === 1
          ? `Saved ${saved[0]}: ${customers}.`
          : `Saved ${saved.length} files, one per segment${dest.label ? ` (in ${dest.label})` : ''}: ${customers} in all.`;
    } catch (err) {
      await dest?.abort?.().catch(() => undefined);
      this.error = this.describe(err, dest?.finish ? [] : saved);
    } finally {
      this.progress = null;
      this.controller = null;
      // The copies of the assignment are only for this export.
      void this.getDb()
        .then(async (db) => {
          for (const t of [ASSIGN_TABLE, SEGMENTS_TABLE])
            await db.exec(`DROP TABLE IF EXISTS ${ident(t)}`);
        })
        .catch(() => undefined);
    }
  }

  /** The segment table as CSV text (sizes, shares, value share, feature means). */
  summaryCsv(): string {
    const profile = this.segments.profile;
    const features = profile ? Object.keys(profile.overallMean) : [];
    return summaryCsv(
      this.segments.rows.map((r, i) => ({
        id: r.id,
        name: r.name,
        count: r.count,
        share: r.share,
        valueShare: r.valueShare,
        means: profile?.segments[i]?.mean ?? {},
      })),
      features,
    );
  }

  /** Puts the assignment and segment names into DuckDB and returns the export's plan. */
  private async preparePlan(salt: string | null): Promise<ExportPlan> {
    const db = await this.getDb();
    const result = this.features.result!;
    const inputs = this.features.inputs!;
    const assignment = this.segments.result!.assignment;
    const rows = this.segments.rows;
    // The assignment is in the feature table's row order: check the ends line up before joining.
    const ends = await db.query(
      `SELECT count(*)::INTEGER AS n, min(CASE WHEN rowid = 0 THEN customer_id END) AS first, min(CASE WHEN rowid = ${literal(inputs.n - 1)} THEN customer_id END) AS last FROM ${ident(result.rawTable)}`,
    );
    const row = ends.get(0)?.toJSON() as { n: number; first: string; last: string } | undefined;
    if (
      !row ||
      row.n !== inputs.n ||
      row.first !== inputs.ids[0] ||
      row.last !== inputs.ids[inputs.n - 1]
    )
      throw new Error(
        'the feature table changed since the segments were made; open the Segments step to recompute them',
      );
    // RFM: each customer's scores go out with the segment (Int32: Arrow's Uint8 would do, but
    // DuckDB reads it as UTINYINT and the CSV writer then needs a cast anyway).
    const scores = this.segments.config.method === 'rfm' ? this.segments.rfmScores : null;
    const int32 = (data: Int32Array) => makeVector({ type: new Int32(), data });
    await db.insertArrow(
      ASSIGN_TABLE,
      new Table({
        seg: int32(assignment),
        ...(scores
          ? {
              r_score: int32(Int32Array.from(scores.r)),
              f_score: int32(Int32Array.from(scores.f)),
              m_score: int32(Int32Array.from(scores.m)),
            }
          : {}),
      }),
    );
    await db.insertArrow(
      SEGMENTS_TABLE,
      new Table({
        idx: makeVector({ type: new Int32(), data: Int32Array.from(rows, (_, i) => i) }),
        segment_id: vectorOf(
          rows.map((r) => r.id),
          new Utf8(),
        ),
        segment_name: vectorOf(
          rows.map((r) => r.name),
          new Utf8(),
        ),
      }),
    );
    const source = this.features.source;
    const cust = typeof source === 'string' ? undefined : source.customers;
    const allowed = this.extraColumns.filter(
      (c) => this.extras.includes(c.name) && !(this.dropPersonal && c.pii),
    );
    return {
      assignTable: ASSIGN_TABLE,
      segmentsTable: SEGMENTS_TABLE,
      features: {
        table: result.rawTable,
        columns: result.rawColumns.map((c) => ({ name: c.name, levels: c.levels })),
      },
      customers:
        cust && allowed.length
          ? { relation: cust.relation, idColumn: cust.customerId, columns: allowed }
          : undefined,
      salt: salt ?? undefined,
      scores: scores !== null && scores.r.length === inputs.n,
    };
  }

  private describe(err: unknown, saved: string[]): { message: string; hint: string } {
    const kept = saved.length
      ? ` The files finished before it (${saved.join(', ')}) are complete.`
      : '';
    if (err instanceof SaveError) return { message: err.message + kept, hint: err.hint };
    if (isAbort(err))
      return {
        message: `Export cancelled: the file being written was discarded.${kept}`,
        hint: 'Nothing half-written was saved.',
      };
    const message = err instanceof Error ? err.message : String(err);
    return {
      message: `The export failed: ${message}.${kept}`,
      hint: 'The file being written was discarded. Try again, or pick another format.',
    };
  }
}
