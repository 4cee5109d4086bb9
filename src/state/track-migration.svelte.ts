import type { FeatureSource } from '../lib/features/source';
import { hasTransactions } from '../lib/features/source';
import { sourceFromTables } from '../lib/features/from-tables';
import { labelMap, segmentFrozen } from '../lib/track/reapply';
import {
  sankeyData,
  transitionMatrix,
  type SankeyLink,
  type SankeyNode,
  type TransitionMatrix,
} from '../lib/track/migration';
import { checkSnapshot } from '../lib/track/snapshot';
import { TrackError } from '../lib/track/error';
import { isIsoDate } from '../lib/features/spec';
import type { DataState, StudioDb } from './data.svelte';
import type { FeaturesState } from './features.svelte';
import type { SegmentsState } from './segments.svelte';
import type { CurrentAssignment } from './track.svelte';
import { describeColumns, messageOf } from './track-read';

/** A migration computed: the matrix, its Sankey, and what A and B were. */
export interface Migration {
  matrix: TransitionMatrix;
  sankey: { nodes: SankeyNode[]; links: SankeyLink[] };
  asOfA: string;
  asOfB: string;
  /** Label of B's data: the same data at a later date, or the second file. */
  labelB: string;
}

/**
 * Migration between the current segmentation (A) and the same frozen model and segments
 * re-applied (B) at a later as-of date or to a second file with the same columns. B is computed
 * into its own tables and dropped; the studio's features and segments are never touched.
 */
export class MigrationState {
  mode = $state<'date' | 'file'>('date');
  /** B's as-of date (YYYY-MM-DD); in file mode blank keeps the model's date. */
  date = $state('');
  tableId = $state<string | null>(null);
  result = $state.raw<Migration | null>(null);
  error = $state<string | null>(null);
  computing = $state(false);
  private run = 0;

  constructor(
    private readonly segments: SegmentsState,
    private readonly features: FeaturesState,
    private readonly data: DataState,
    private readonly getDb: () => Promise<StudioDb>,
    private readonly current: () => CurrentAssignment | null,
  ) {}

  /** Loaded tables other than those the features read: candidates for the second snapshot. */
  get otherTables(): { id: string; label: string }[] {
    const s = this.features.source;
    const used = typeof s === 'string' ? [] : [s.transactions, s.customers?.relation];
    return this.data.tables
      .filter((t) => !used.includes(t.view))
      .map((t) => ({ id: t.id, label: t.label }));
  }

  /** Forgets the last comparison (the segments it started from changed). */
  clear(): void {
    this.run++;
    this.computing = false;
    if (this.result) this.error = 'The segments changed since this comparison: compare again.';
    this.result = null;
  }

  /** Re-applies the frozen segmentation as chosen and computes the transition matrix. */
  async compute(): Promise<void> {
    const run = ++this.run;
    this.error = null;
    this.result = null;
    const model = this.features.model;
    const cur = this.current();
    const source = this.features.source;
    try {
      if (!model || !cur || typeof source === 'string' || this.features.stale)
        throw new TrackError(
          'There are no current segments to compare with: compute features and segments first.',
          'migration',
        );
      const date = this.date.trim();
      if (this.mode === 'date' && !isIsoDate(date))
        throw new TrackError('Give the later as-of date as YYYY-MM-DD.', 'migration');
      if (date && !isIsoDate(date))
        throw new TrackError(`“${date}” is not a date: write it as YYYY-MM-DD.`, 'migration');
      this.computing = true;
      const db = await this.getDb();
      let sourceB: FeatureSource = source;
      let labelB = `the same data at ${date}`;
      if (this.mode === 'file') {
        const t = this.data.tables.find((x) => x.id === this.tableId);
        if (!t)
          throw new TrackError('Choose the second file (load it in the Data step).', 'migration');
        sourceB = await this.secondSource(db, source, t.id);
        labelB = `“${t.label}”`;
      }
      // B is the segmentation on screen (A), whatever method is being edited meanwhile.
      const shown = this.segments.shown;
      if (!shown || this.segments.showingOtherMethod || this.segments.error)
        throw new TrackError(
          'The segments on screen are not the current method’s (or its last change failed): fix them on the Segments step first.',
          'migration',
        );
      const b = await segmentFrozen(
        db,
        model,
        { ...this.segments.config, method: shown.method },
        sourceB,
        'track_b',
        date || undefined,
      );
      if (run !== this.run) return;
      const atA = labelMap(cur);
      const matrix = transitionMatrix(atA, labelMap(b), cur.labels, b.labels);
      this.result = {
        matrix,
        sankey: sankeyData(matrix),
        asOfA: this.features.result?.asOf ?? model.spec.asOf,
        asOfB: b.asOf,
        labelB,
      };
    } catch (err) {
      if (run === this.run) this.error = messageOf(err);
    } finally {
      if (run === this.run) this.computing = false;
    }
  }

  /**
   * The source with the second file in place of the one the features read (transactions, or the
   * customer table alone), its columns checked against the first's; roles stay the first's.
   */
  private async secondSource(
    db: StudioDb,
    source: FeatureSource,
    tableId: string,
  ): Promise<FeatureSource> {
    const t = this.data.tables.find((x) => x.id === tableId)!;
    if (hasTransactions(source)) {
      const r = source.roles;
      const needed = [
        r.customerId,
        r.datetime,
        r.amount,
        r.quantity,
        r.unitPrice,
        r.orderId,
        r.category,
        r.product,
      ];
      checkSnapshot(
        t.label,
        await describeColumns(db, source.transactions),
        await describeColumns(db, t.view),
        needed.filter((c): c is string => Boolean(c)),
      );
      const alone = sourceFromTables([t], t.id, null);
      const returns = typeof alone === 'string' ? undefined : alone.returnsRelation;
      const { columns: _c, storedTables: _s, returnsRelation: _r, ...rest } = source;
      return { ...rest, transactions: t.view, ...(returns ? { returnsRelation: returns } : {}) };
    }
    const c = source.customers!;
    checkSnapshot(
      t.label,
      await describeColumns(db, c.relation),
      await describeColumns(db, t.view),
      [c.customerId, ...c.columns.map((x) => x.name)],
    );
    return { ...source, customers: { ...c, relation: t.view } };
  }
}
