import type { Method } from '../lib/segment/config';
import { assignSegments } from '../lib/segment/pipeline';
import { outcomeBySegment, type OutcomeTable } from '../lib/track/outcome';
import { readOutcome } from '../lib/track/values';
import { joinById } from '../lib/track/join';
import {
  campaignBySegment,
  inferCampaignColumns,
  type CampaignColumns,
  type CampaignResult,
} from '../lib/track/campaign';
import { overlapMatrix, type OverlapMatrix } from '../lib/track/overlap';
import { bucketLabels } from '../lib/track/reapply';
import { DEFAULT_REFRESH_MONTHS, segmentationAge, type SegmentationAge } from '../lib/track/age';
import { TrackError } from '../lib/track/error';
import type { DataState, StudioDb } from './data.svelte';
import type { FeaturesState } from './features.svelte';
import type { SegmentsState } from './segments.svelte';
import type { LoadedTable } from './loaded-table';
import { MigrationState } from './track-migration.svelte';
import { idColumn, messageOf, readColumns } from './track-read';

/** The segmentation on screen: customer ids, their buckets and the buckets' labels. */
export interface CurrentAssignment {
  ids: readonly string[];
  assignment: Int32Array;
  labels: string[];
}

const METHOD_LABEL: Record<Method, string> = { rfm: 'RFM', rules: 'Rules', clusters: 'Clusters' };

/**
 * The Track step: outcomes and campaign results per segment, migration between two dates or
 * files, overlap with the other method's segments, and the segmentation's age. It reads the
 * segments and features and never writes them: every result is its own.
 */
export class TrackState {
  readonly migration: MigrationState;
  outcomeTableId = $state<string | null>(null);
  outcomeColumn = $state<string | null>(null);
  outcome = $state.raw<OutcomeTable | null>(null);
  /** What the outcome left out (ids of a separate file that match no customer, …). */
  outcomeNote = $state<string | null>(null);
  outcomeError = $state<string | null>(null);

  campaignTableId = $state<string | null>(null);
  campaignColumns = $state<CampaignColumns>({
    id: null,
    group: null,
    responded: null,
    revenue: null,
  });
  campaign = $state.raw<CampaignResult | null>(null);
  campaignError = $state<string | null>(null);

  overlapMethod = $state<Method | null>(null);
  overlap = $state.raw<OverlapMatrix | null>(null);
  overlapError = $state<string | null>(null);

  periodMonths = $state(DEFAULT_REFRESH_MONTHS);
  periodError = $state<string | null>(null);
  private run = { outcome: 0, campaign: 0 };

  constructor(
    private readonly segments: SegmentsState,
    private readonly features: FeaturesState,
    private readonly data: DataState,
    private readonly getDb: () => Promise<StudioDb>,
  ) {
    this.migration = new MigrationState(segments, features, data, getDb, () => this.current());
  }

  /** Loaded tables with a customer id column: where outcomes and campaigns can come from. */
  get tables(): LoadedTable[] {
    return this.data.tables.filter((t) => idColumn(t) !== null);
  }

  /**
   * True when `tableId` is also read as the customer table beside transactions: its ids are then
   * customers themselves (with no purchases), so none of its ids can fail to match.
   */
  isCustomerTable(tableId: string | null): boolean {
    const s = this.features.source;
    if (!tableId || typeof s === 'string' || !s.transactions || !s.customers) return false;
    return this.data.tables.find((t) => t.id === tableId)?.view === s.customers.relation;
  }

  /** The current segmentation, or null before there is one. */
  current(): CurrentAssignment | null {
    const inputs = this.segments.inputs;
    const result = this.segments.result;
    const shown = this.segments.shown;
    if (!inputs || !result || !shown || result.assignment.length !== inputs.n) return null;
    const labels = shown.segments.map((s) => s.name);
    if (result.restLabel) labels.push(result.restLabel);
    return { ids: inputs.ids, assignment: result.assignment, labels };
  }

  /** Chooses the outcome's table and column, and computes the outcome table. */
  async setOutcome(tableId: string | null, column: string | null): Promise<void> {
    this.outcomeTableId = tableId;
    this.outcomeColumn = column;
    const run = ++this.run.outcome;
    this.outcome = null;
    this.outcomeNote = null;
    this.outcomeError = null;
    if (!tableId || !column) return;
    try {
      const cur = this.needCurrent();
      const t = this.table(tableId);
      const id = idColumn(t)!;
      const [ids, values] = await readColumns(await this.getDb(), t.view, [id, column]);
      const joined = joinById(cur.ids, ids, values);
      const outcome = readOutcome(joined.values, column);
      const table = outcomeBySegment(outcome, cur.assignment, cur.labels);
      if (run !== this.run.outcome) return;
      this.outcome = table;
      const notes: string[] = [];
      if (joined.unmatched)
        notes.push(
          `${joined.unmatched.toLocaleString('en')} ${plural(joined.unmatched, 'id')} in “${t.label}” ${joined.unmatched === 1 ? 'matches' : 'match'} no customer (e.g. ${joined.unmatchedExamples.join(', ')})`,
        );
      const missing = table.overall.customers - table.overall.n;
      if (missing)
        notes.push(
          `${missing.toLocaleString('en')} ${plural(missing, 'customer')} without a value`,
        );
      if (joined.duplicates)
        notes.push(`${joined.duplicates} repeated ids (the first row is used)`);
      this.outcomeNote = notes.length ? `${notes.join('; ')}.` : null;
    } catch (err) {
      if (run === this.run.outcome) this.outcomeError = messageOf(err);
    }
  }

  /** Chooses the campaign file; its columns are guessed from their names. */
  async setCampaignTable(tableId: string | null): Promise<void> {
    this.campaignTableId = tableId;
    const t = tableId ? this.data.tables.find((x) => x.id === tableId) : undefined;
    const guess = inferCampaignColumns(t ? t.columns.map((c) => c.name) : []);
    this.campaignColumns = { ...guess, id: t ? (idColumn(t) ?? guess.id) : null };
    await this.computeCampaign();
  }

  /** Changes which column plays one part of the campaign file. */
  async setCampaignColumn(part: keyof CampaignColumns, column: string | null): Promise<void> {
    this.campaignColumns = { ...this.campaignColumns, [part]: column };
    await this.computeCampaign();
  }

  /** Computes test against control per segment from the chosen campaign file. */
  async computeCampaign(): Promise<void> {
    const run = ++this.run.campaign;
    this.campaign = null;
    this.campaignError = null;
    const tableId = this.campaignTableId;
    if (!tableId) return;
    try {
      const cur = this.needCurrent();
      const t = this.table(tableId);
      const cols = this.campaignColumns;
      // Without these three there is nothing to read (and no column list for the query).
      for (const part of ['id', 'group', 'responded'] as const)
        if (!cols[part])
          throw new TrackError(
            `Choose the campaign file's ${part === 'id' ? 'customer id' : part === 'group' ? 'group (test or control)' : 'responded'} column.`,
            'campaign',
          );
      const wanted = [cols.id, cols.group, cols.responded, cols.revenue];
      // A missing part is reported by campaignBySegment; read only the columns that are set.
      const names = wanted.filter((c): c is string => c !== null);
      const read = await readColumns(await this.getDb(), t.view, names);
      const col = (c: string | null) => (c === null ? [] : read[names.indexOf(c)]);
      // A lookup built and read within this call, not state.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const bucket = new Map<string, number>();
      cur.ids.forEach((id, i) => bucket.set(id, cur.assignment[i]));
      const result = campaignBySegment(
        {
          ids: col(cols.id),
          group: col(cols.group),
          responded: col(cols.responded),
          revenue: cols.revenue ? col(cols.revenue) : undefined,
        },
        cols,
        (id) => bucket.get(id),
        cur.labels,
      );
      if (run === this.run.campaign) this.campaign = result;
    } catch (err) {
      if (run === this.run.campaign) this.campaignError = messageOf(err);
    }
  }

  /** The methods other than the current one whose segments the config keeps. */
  get otherMethods(): { id: Method; label: string }[] {
    const cfg = this.segments.config;
    const has: Record<Method, boolean> = {
      rfm: Boolean(this.segments.inputs?.rfm) && cfg.rfm.segments.length > 0,
      rules: cfg.rules.segments.length > 0,
      clusters: cfg.clusters.segments.length > 0,
    };
    return (['rfm', 'rules', 'clusters'] as const)
      .filter((m) => m !== this.segments.shown?.method && has[m])
      .map((id) => ({ id, label: METHOD_LABEL[id] }));
  }

  /** What the results depend on: the segmentation on screen (bumped by every edit). */
  get segmentsKey(): string {
    return `${this.segments.revision} ${this.segments.rows.map((r) => `${r.id}:${r.name}`).join('|')}`;
  }
  private computedFor = '';

  /**
   * Computes every chosen result again after the segments changed (names, members), so no table
   * shows segments that are gone; a migration is cleared and asks to be compared again.
   */
  async refresh(): Promise<void> {
    const key = this.segmentsKey;
    if (key === this.computedFor) return;
    const first = this.computedFor === '';
    this.computedFor = key;
    if (first) return;
    this.migration.clear();
    this.setOverlap(this.overlapMethod);
    if (this.outcomeTableId && this.outcomeColumn)
      await this.setOutcome(this.outcomeTableId, this.outcomeColumn);
    if (this.campaignTableId) await this.computeCampaign();
  }

  /** The overlap of the current segmentation with `method`'s segments kept in the config. */
  setOverlap(method: Method | null): void {
    this.overlapMethod = method;
    this.overlap = null;
    this.overlapError = null;
    if (!method) return;
    try {
      const cur = this.needCurrent();
      const inputs = this.segments.inputs!;
      const cfg = { ...this.segments.config, method };
      const other = assignSegments(cfg, inputs);
      this.overlap = overlapMatrix(
        cur.assignment,
        cur.labels,
        other.assignment,
        bucketLabels(cfg, other.restLabel),
      );
    } catch (err) {
      this.overlapError = messageOf(err);
    }
  }

  /** Label of the current method, for headings. */
  get currentMethodLabel(): string {
    const m = this.segments.shown?.method;
    return m ? METHOD_LABEL[m] : '';
  }

  /** The as-of date of the segmentation's features, or null before features. */
  get asOf(): string | null {
    return this.features.result?.asOf ?? this.features.model?.spec.asOf ?? null;
  }

  /** The segmentation's age today, or null without an as-of date. */
  get age(): SegmentationAge | null {
    const asOf = this.asOf;
    if (!asOf) return null;
    try {
      // Today's date, read when the age is shown; it need not tick.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      return segmentationAge(asOf, new Date(), this.periodMonths);
    } catch {
      return null;
    }
  }

  /** Sets the refresh period; a bad value is refused with a message and the last one kept. */
  setPeriod(months: number): void {
    if (!(Number.isInteger(months) && months >= 1 && months <= 120)) {
      this.periodError = 'The refresh period must be a whole number of months from 1 to 120.';
      return;
    }
    this.periodError = null;
    this.periodMonths = months;
  }

  private needCurrent(): CurrentAssignment {
    const cur = this.current();
    if (!cur)
      throw new TrackError(
        'There are no segments yet: make them in the Segments step first.',
        'outcome',
      );
    return cur;
  }

  private table(id: string): LoadedTable {
    const t = this.data.tables.find((x) => x.id === id);
    if (!t) throw new TrackError('That table is no longer loaded: choose another.', 'outcome');
    if (!idColumn(t))
      throw new TrackError(
        `“${t.label}” has no customer id column: set that role in the Data step.`,
        'outcome',
      );
    return t;
  }
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
