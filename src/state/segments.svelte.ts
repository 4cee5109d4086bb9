import { looksLikeMarkup, REST_IDS } from '../lib/config/validate-segments';

import {
  currentSegments,
  withSegments,
  type Method,
  type RfmColumns,
  type SegmentsConfig,
} from '../lib/segment/config';
import {
  assignSegments,
  bucketSums,
  countBuckets,
  rfmCuts,
  ruleFrame,
  segmentRules,
  SegmentError,
  type SegmentInputs,
  type SegmentResult,
} from '../lib/segment/pipeline';
import { combineDefinitions } from '../lib/segment/edits';
import { RfmLive } from '../lib/live/rfm';
import { RuleRecount } from '../lib/live/recount';
import { EVERYONE_ELSE, RuleError } from '../lib/segment/rules';
import { profileSegments, type Profile } from '../lib/segment/profile';
import { profileColumns } from '../lib/segment/profile-columns';
import { RFM_OTHERS } from '../lib/segment/rfm';
import { GONE_SINCE_A, NEW_AT_B } from '../lib/track/migration';
import { nextUnusedColor } from '../lib/segment/palette';
import { UNASSIGNED } from '../lib/segment/model';
import type { Condition, Leaf, SegmentDef } from '../lib/segment/model';
import { categoryLeaf, starterLeaf } from '../lib/segment/leaf-value';
import {
  clusterSpace,
  defaultClusterCategories,
  defaultClusterFeatures,
  withRfmColumns,
  rfmColumnNames,
  sampleRows,
  type BaseInputs,
} from '../lib/segment/inputs';
import {
  assignAfterMove,
  gatherCategories,
  followGeneratedNames,
  gatherRows,
  generatedNames,
  withMovedCentroid,
} from '../lib/segment/cluster-edits';
import { hasTransactions } from '../lib/features/source';
import { categorySpace, type CategorySpace } from '../lib/segment/prototypes';
import type { FeaturesState } from './features.svelte';
import type { ConfigChange, ConfigStore } from './config.svelte';
import type { Notices } from './notices.svelte';

/** A segment as the overview shows it. */
export interface SegmentRow {
  id: string;
  name: string;
  color: string;
  locked: boolean;
  count: number;
  share: number;
  /** Share of total monetary value, NaN without a monetary feature. */
  valueShare: number;
  /** Total monetary value of the segment's customers, NaN without a monetary feature. */
  value: number;
}

const NO_SHARES: ReadonlySet<string> = Object.freeze(new Set<string>());

/** Rows drawn in the scatter and used for the live centroid preview. */
const PREVIEW_ROWS = 20_000;

/**
 * The Segments step: the assignment of the config's segmentation and everything that previews
 * it while a handle is dragged. The segmentation itself lives in the config store (with undo);
 * this class recomputes whenever it changes.
 */
export class SegmentsState {
  result = $state.raw<SegmentResult | null>(null);
  /** Counts shown right now (live while dragging). */
  counts = $state.raw<Int32Array | null>(null);
  /** Bumped whenever the assignment array changed in place (live drags), to repaint views. */
  revision = $state(0);
  error = $state.raw<{ message: string; control: SegmentError['control'] } | null>(null);
  /** Live centroid preview: the fixed sample's assignment while a centroid is dragged. */
  preview = $state.raw<{ rows: Int32Array; assignment: Int32Array; counts: Int32Array } | null>(
    null,
  );

  private live: RfmLive | null = null;
  private sampleCache: { n: number; rows: Int32Array } | null = null;
  private sampleColumnsCache: {
    inputs: SegmentInputs['columns'];
    columns: Record<string, Float64Array>;
  } | null = null;
  private previewMatrix: {
    space: unknown;
    cats: unknown;
    money: unknown;
    sub: Float32Array;
    subCats: CategorySpace | undefined;
    /** The sample's spend, for value shares during the drag. */
    subMoney: Float64Array | null;
  } | null = null;
  /**
   * Generated cluster names per assignment they were made from: a release names the clusters
   * before and after the move, and "before" is the last release's "after".
   */
  private namesMade = new WeakMap<Int32Array, { columns: readonly string[]; names: string[] }>();
  private namesWarming: Int32Array | null = null;
  /** Live recount of the rules while a threshold is dragged (rebuilt after each commit). */
  private ruleLive: RuleRecount | null = null;

  constructor(
    private readonly store: ConfigStore,
    private readonly features: FeaturesState,
    private readonly notices: Notices,
  ) {
    store.subscribe((change) => this.onChange(change));
  }

  /** The segmentation config (in the config store). */
  get config(): SegmentsConfig {
    return this.store.value.segmentation;
  }

  /** True when there is an edit to undo. */
  get canUndo(): boolean {
    return this.store.canUndo;
  }

  /** True when there is an undone edit to redo. */
  get canRedo(): boolean {
    return this.store.canRedo;
  }

  /** Each customer's R, F and M score now (RFM method), or null. Read with `revision`. */
  get rfmScores(): { r: Uint8Array; f: Uint8Array; m: Uint8Array } | null {
    void this.revision;
    return this.config.method === 'rfm' ? (this.live?.scores ?? null) : null;
  }

  /** The methods' inputs from the current features, with the chosen clustering columns. */
  get inputs(): BaseInputs | null {
    const base = this.features.inputs;
    if (!base) return null;
    const inputs = withRfmColumns(base, this.config.rfm.columns ?? {});
    return {
      ...inputs,
      cluster: clusterSpace(base, this.config.clusters.features),
      clusterCategories: categorySpace(base, this.config.clusters.categorical ?? []),
    };
  }

  /** All transformed feature columns (the candidates for clustering). */
  get transformedColumns(): string[] {
    const result = this.features.result;
    return result ? result.columns.map((c) => c.name) : [];
  }

  /** The columns that are numbers (k-means averages them): all but the categories kept as levels. */
  get numericColumns(): string[] {
    const levels = this.features.inputs?.categories?.levels ?? {};
    return this.transformedColumns.filter((c) => !levels[c]);
  }

  /** The categories kept as levels (k-prototypes compares them), in the feature table's order. */
  get categoryColumns(): string[] {
    const levels = this.features.inputs?.categories?.levels ?? {};
    return this.transformedColumns.filter((c) => levels[c]);
  }

  /** The 0/1 columns of categories one-hot encoded in the Features step. */
  get oneHotColumns(): string[] {
    const result = this.features.result;
    if (!result) return [];
    const oneHot = result.resolved.features
      .filter((f) => f.kind === 'attribute_category' && f.encoding !== 'levels')
      .map((f) => f.id);
    return result.columns.filter((c) => oneHot.includes(c.feature)).map((c) => c.name);
  }

  /**
   * Each customer's segment on screen: `[customer id, segment id, segment name]` (null for a
   * customer no segment takes), or null before there are segments.
   */
  assignedRows(): [string, string | null, string | null][] | null {
    const inputs = this.inputs;
    const result = this.result;
    const shown = this.shown;
    if (!inputs || !result || !shown) return null;
    const segs = shown.segments;
    const restId = shown.method === 'clusters' ? null : REST_IDS[shown.method];
    const restName = result.restLabel;
    const rows: [string, string | null, string | null][] = new Array(inputs.n);
    for (let i = 0; i < inputs.n; i++) {
      const a = result.assignment[i];
      rows[i] =
        a === UNASSIGNED
          ? [inputs.ids[i], null, null]
          : a < segs.length
            ? [inputs.ids[i], segs[a].id, segs[a].name]
            : [inputs.ids[i], restId, restName];
    }
    return rows;
  }

  /** Monetary value per bucket, alongside `counts` (null without a monetary feature). */
  valueSums = $state.raw<Float64Array | null>(null);
  /** True while a handle is being dragged: views may show a sampled preview. */
  dragging = $state(false);

  /**
   * The method and segments `result` was computed from. After a failed recompute (or a switch to
   * a method with nothing to show yet) the last good segmentation stays on screen under its own
   * names, never under the current method's.
   */
  shown = $state.raw<{ method: Method; segments: readonly SegmentDef[] } | null>(null);

  /** True when the segmentation on screen is another method's (the current one has none yet). */
  get showingOtherMethod(): boolean {
    return this.shown !== null && this.shown.method !== this.config.method;
  }

  /** The segments on screen with counts and shares, plus the rest bucket. */
  readonly rows: SegmentRow[] = $derived.by(() => {
    const segs = this.shown?.segments ?? [];
    const counts = this.counts;
    if (!counts) return [];
    const total = counts.reduce((s, c) => s + c, 0) || 1;
    const sums = this.valueSums;
    const valueTotal = sums ? sums.reduce((s, v) => s + v, 0) : 0;
    const share = (i: number) => (sums && valueTotal ? sums[i] / valueTotal : NaN);
    const rows: SegmentRow[] = segs.map((s, i) => ({
      id: s.id,
      name: s.name,
      color: s.color,
      locked: Boolean(s.locked),
      count: counts[i] ?? 0,
      share: (counts[i] ?? 0) / total,
      valueShare: share(i),
      value: sums ? sums[i] : NaN,
    }));
    const rest = counts[segs.length] ?? 0;
    if (this.result?.restLabel) {
      rows.push({
        id: '__rest',
        name: this.result.restLabel,
        color: '#b9bec6',
        locked: false,
        count: rest,
        share: rest / total,
        valueShare: share(segs.length),
        value: sums ? sums[segs.length] : NaN,
      });
    }
    return rows;
  });

  /**
   * Per-segment profile for the heat map: exact when idle, on the fixed preview sample while a
   * handle is dragged so every frame stays cheap at a million customers.
   */
  readonly profile: Profile | null = $derived.by(() => {
    void this.revision;
    const inputs = this.inputs;
    const result = this.result;
    if (!inputs || !result) return null;
    const sampled = this.dragging && inputs.n > PREVIEW_ROWS;
    // A cut-point drag's sample reads its rows' segments without settling everyone's.
    const live = sampled && this.shown?.method === 'rfm' ? this.live : null;
    // New features (an opened config, other data) arrive before their segments are recomputed:
    // the assignment on screen is then for other customers and has nothing to say about these.
    if ((live ? live.n : result.assignment.length) !== inputs.n) return null;
    const k = this.rows.length;
    const all = profileColumns(inputs).columns;
    if (!sampled) return profileSegments(all, result.assignment, k);
    const { rows, columns } = this.sampledColumns(all);
    const sub = live ? live.segmentsOf(rows) : rows.map((row) => result.assignment[row]);
    return profileSegments(columns, sub, k);
  });

  /** The profile's columns that are shares of a category's level (shown as percentages). */
  get profileShares(): ReadonlySet<string> {
    const inputs = this.inputs;
    return inputs ? profileColumns(inputs).shares : NO_SHARES;
  }

  /** The preview sample's profile columns, gathered once per feature result. */
  private sampledColumns(all: SegmentInputs['columns']): {
    rows: Int32Array;
    columns: Record<string, Float64Array>;
  } {
    const rows = this.previewRows();
    if (this.sampleColumnsCache?.inputs !== all) {
      const columns: Record<string, Float64Array> = {};
      for (const [name, col] of Object.entries(all)) {
        const out = new Float64Array(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
        columns[name] = out;
      }
      this.sampleColumnsCache = { inputs: all, columns };
    }
    return { rows, columns: this.sampleColumnsCache.columns };
  }

  /**
   * Recomputes the assignment from the config; on failure the last good one stays. `pending` is
   * an exact assignment already computed for this config (an incremental drag).
   */
  recompute(pending: Int32Array | null = null): void {
    const inputs = this.inputs;
    if (!inputs) return;
    this.ruleLive = null;
    // No clusters yet is not an error: the panel says how to make them, and the last
    // segmentation stays on screen meanwhile.
    if (this.config.method === 'clusters' && this.config.clusters.segments.length === 0) {
      this.error = null;
      this.notices.clear('segments');
      return;
    }
    try {
      if (this.config.method === 'rfm') {
        const cuts = rfmCuts(inputs, this.config.rfm.cuts);
        const live = new RfmLive(inputs.rfm!, cuts, this.config.rfm.segments);
        this.live = live;
        this.result = {
          // A drag leaves the per-customer arrays behind its counts; reading them settles it.
          get assignment() {
            return live.assignment;
          },
          counts: live.counts,
          restLabel: RFM_OTHERS,
          cuts,
        };
        this.valueSums = this.live.sums;
      } else {
        const k = currentSegments(this.config).length;
        const restLabel = this.config.method === 'rules' ? EVERYONE_ELSE : null;
        const result: SegmentResult = pending
          ? { assignment: pending, counts: countBuckets(pending, k), restLabel }
          : assignSegments(this.config, inputs);
        this.live = null;
        this.result = result;
        const m = inputs.rfm?.m;
        this.valueSums = m ? bucketSums(result.assignment, m, result.counts.length - 1) : null;
      }
      this.counts = this.result.counts;
      this.shown = { method: this.config.method, segments: currentSegments(this.config) };
      this.error = null;
      this.notices.clear('segments');
      this.revision++;
    } catch (err) {
      this.reportError(err);
    }
  }

  /** The config changed (an edit, undo, redo, a background result or an opened config). */
  private onChange(change: ConfigChange): void {
    if (change.next.segmentation === change.prev.segmentation && change.cause !== 'replace') return;
    this.preview = null;
    this.recompute(change.assignment ?? null);
  }

  /** Applies a segmentation change as one undoable step. */
  commit(next: SegmentsConfig, assignment?: Int32Array): void {
    this.store.updateSegmentation(() => next, assignment);
    // The exact profile (a pass over every customer per feature) follows in the next task, so
    // the frame that ends a drag only pays for the exact assignment.
    if (this.dragging) setTimeout(() => (this.dragging = false), 0);
  }

  /** Undoes the last change to the config. */
  undo(): void {
    this.store.undo();
  }

  /** Redoes the last undone change. */
  redo(): void {
    this.store.redo();
  }

  /** Switches method; each method keeps its own segments. */
  setMethod(method: Method): void {
    if (method === this.config.method) return;
    this.commit({ ...this.config, method });
  }

  /** The RFM cut-points in use (quintiles unless set). */
  get cuts() {
    const inputs = this.inputs;
    if (!inputs?.rfm) return null;
    return this.live?.cuts ?? rfmCuts(inputs, this.config.rfm.cuts);
  }

  /** A cut-point drag is starting: get the fast recount ready. */
  startCutDrag(dim: 'r' | 'f' | 'm'): void {
    this.live?.prepare(dim);
  }

  /** Live: moves one dimension's cut-points while dragging; nothing is recorded yet. */
  dragCuts(dim: 'r' | 'f' | 'm', cuts: number[]): void {
    if (!this.live) return;
    this.dragging = true;
    // Copies: the live arrays change in place, and the views react to new references.
    this.counts = this.live.setCuts(dim, cuts).slice();
    this.valueSums = this.live.sums.slice();
    this.revision++;
  }

  /** Ends a drag: the cut-points become part of the config (one undo step). */
  commitCuts(dim: 'r' | 'f' | 'm', cuts: number[]): void {
    this.commit({
      ...this.config,
      rfm: { ...this.config.rfm, cuts: { ...this.config.rfm.cuts, [dim]: cuts } },
    });
  }

  /** The raw columns RFM scores now (the config's choice, else the default features), or null. */
  get rfmColumns(): Required<RfmColumns> | null {
    const base = this.features.inputs;
    return base ? rfmColumnNames(base.rfmDefault, this.config.rfm.columns) : null;
  }

  /**
   * Scores RFM dimension `dim` from raw column `name` (null: the default feature). Its own
   * cut-points go back to the column's quintiles: the old ones were for another column.
   */
  setRfmColumn(dim: 'r' | 'f' | 'm', name: string | null): void {
    const columns = { ...this.config.rfm.columns };
    if (name) columns[dim] = name;
    else delete columns[dim];
    const cuts = { ...this.config.rfm.cuts };
    delete cuts[dim];
    this.commit({ ...this.config, rfm: { ...this.config.rfm, columns, cuts } });
  }

  /** Back to quintile cut-points. */
  resetCuts(): void {
    this.commit({ ...this.config, rfm: { ...this.config.rfm, cuts: {} } });
  }

  /** Replaces the current method's segments (rename, recolour, rules edits...). */
  setSegments(segments: SegmentDef[]): void {
    this.commit(withSegments(this.config, segments));
  }

  /**
   * Renames a segment. Returns why a name was refused (empty, or another segment's: exports and
   * the Merge menu tell segments apart by name), or null once renamed.
   */
  rename(id: string, name: string): string | null {
    const clean = name.trim();
    if (!clean) return 'A segment needs a name: the old one is kept.';
    if (looksLikeMarkup(clean))
      return 'Segment names are plain text, and this one looks like HTML markup (<…>): the old one is kept.';
    const taken = currentSegments(this.config).find(
      (s) => s.id !== id && s.name.toLowerCase() === clean.toLowerCase(),
    );
    if (taken) return `Another segment is already called “${taken.name}”: pick another name.`;
    // The customers no segment takes, and migration's own rows, have these names already.
    const reserved = [EVERYONE_ELSE, RFM_OTHERS, NEW_AT_B, GONE_SINCE_A].find(
      (r) => r.toLowerCase() === clean.toLowerCase(),
    );
    if (reserved)
      return `“${reserved}” names the customers no segment takes (or, in migration, those new or gone): pick another name.`;
    this.editSegment(id, (s) => ({ ...s, name: clean }));
    return null;
  }

  /**
   * Sets a segment's persona description (plain text); empty goes back to the automatic one.
   * Returns why a text was refused, or null.
   */
  describe(id: string, text: string): string | null {
    const clean = text.trim();
    if (looksLikeMarkup(clean))
      return 'Descriptions are plain text, and this one looks like HTML markup (<…>): the old one is kept.';
    if (clean.length > 2000)
      return 'Keep a description under 2,000 characters: the old one is kept.';
    this.editSegment(id, ({ description: _old, ...s }) =>
      clean ? { ...s, description: clean } : s,
    );
    return null;
  }

  /** Recolours a segment. */
  recolor(id: string, color: string): void {
    this.editSegment(id, (s) => ({ ...s, color }));
  }

  /** Locks or unlocks a segment: a locked segment cannot be moved, merged or split. */
  toggleLock(id: string): void {
    this.editSegment(id, (s) => ({ ...s, locked: !s.locked }));
  }

  /** Moves a segment up or down the precedence order (RFM and rules: first match wins). */
  move(id: string, delta: -1 | 1): void {
    const segs = currentSegments(this.config).slice();
    const i = segs.findIndex((s) => s.id === id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= segs.length) return;
    [segs[i], segs[j]] = [segs[j], segs[i]];
    this.setSegments(segs);
  }

  /** Merges `otherId` into `keepId`; the kept segment's name and colour stay. */
  merge(keepId: string, otherId: string): void {
    const segs = currentSegments(this.config);
    const keep = segs.find((s) => s.id === keepId);
    const other = segs.find((s) => s.id === otherId);
    if (!keep || !other || keep === other) return;
    if (keep.locked || other.locked) {
      this.notices.warning(
        `"${keep.locked ? keep.name : other.name}" is locked.`,
        'Unlock it to merge.',
      );
      return;
    }
    const merged = { ...keep, definition: combineDefinitions(keep.definition, other.definition) };
    this.setSegments(segs.filter((s) => s !== other).map((s) => (s === keep ? merged : s)));
  }

  private editSegment(id: string, f: (s: SegmentDef) => SegmentDef): void {
    this.setSegments(currentSegments(this.config).map((s) => (s.id === id ? f(s) : s)));
  }

  /** New features arrived: default the clustering features, then recompute from the config. */
  featuresChanged(): void {
    const result = this.features.result;
    const base = this.features.inputs;
    if (result && this.config.clusters.features.length === 0) {
      const features = defaultClusterFeatures(result, base?.transformed);
      const source = this.features.source;
      const tx = typeof source === 'string' || hasTransactions(source);
      const categorical = defaultClusterCategories(result, tx);
      // Not the user's edit: every snapshot gets the default, so undo cannot take it away.
      this.store.rebaseSegmentation((seg) =>
        seg.clusters.features.length
          ? seg
          : {
              ...seg,
              clusters: {
                ...seg.clusters,
                features,
                ...(categorical.length && !seg.clusters.categorical ? { categorical } : {}),
              },
            },
      );
    }
    const before = this.revision;
    this.recompute();
    // Segments that could not be remade are from other features (or a removed table): they go,
    // rather than stay on screen as if they described these customers.
    if (this.revision === before) this.clearResult();
  }

  /** No segmentation on screen (the panel says what to do to make one). */
  private clearResult(): void {
    this.result = null;
    this.counts = null;
    this.valueSums = null;
    this.shown = null;
    this.live = null;
    this.revision++;
  }

  /** The fixed sample drawn in the scatter and reassigned live while a centroid moves. */
  previewRows(): Int32Array {
    const n = this.inputs?.n ?? 0;
    if (this.sampleCache?.n !== n) this.sampleCache = { n, rows: sampleRows(n, PREVIEW_ROWS) };
    return this.sampleCache.rows;
  }

  /** A first condition on `feature`: its first level for a category, else above its median. */
  starterLeaf(feature: string): Leaf {
    const labels = this.inputs?.categories?.levels[feature];
    return labels
      ? categoryLeaf(feature, labels)
      : starterLeaf(feature, this.inputs?.columns[feature]);
  }

  /** A rule threshold drag is starting: compile the rules once and index the dragged feature. */
  startRuleDrag(feature: string): void {
    const inputs = this.inputs;
    if (!inputs || this.config.method !== 'rules') return;
    try {
      this.ruleLive ??= new RuleRecount(
        segmentRules(this.config.rules.segments),
        ruleFrame(inputs),
      );
      this.ruleLive.prepare(feature);
    } catch (err) {
      this.reportError(err);
    }
  }

  /** Live: rule `id`'s condition changed by a drag (thresholds only); nothing is recorded yet. */
  dragRule(id: string, when: Condition): void {
    const live = this.ruleLive;
    const j = this.config.rules.segments.findIndex((s) => s.id === id);
    if (!live || j < 0) return;
    live.replaceRule(j, { id, name: this.config.rules.segments[j].name, when });
    this.dragging = true;
    this.counts = live.counts.slice();
    const m = this.inputs?.rfm?.m;
    this.valueSums = m ? bucketSums(live.assignment, m, live.counts.length - 1) : null;
    if (this.result) this.result = { ...this.result, assignment: live.assignment };
    this.revision++;
  }

  /** Ends a rule drag: the new condition becomes one undo step (reusing the live assignment). */
  commitRule(id: string, when: Condition): void {
    const live = this.ruleLive;
    let assignment: Int32Array | undefined;
    if (live) {
      this.dragRule(id, when);
      assignment = live.assignment.slice();
    }
    const segments = this.config.rules.segments.map((s) =>
      s.id === id ? { ...s, definition: { kind: 'rule' as const, when } } : s,
    );
    this.commit(withSegments(this.config, segments), assignment);
  }

  /** Live: a centroid is being dragged; reassigns the preview sample only (cheap per frame). */
  dragCentroid(id: string, centroid: number[]): void {
    const inputs = this.inputs;
    const space = inputs?.cluster;
    if (!inputs || !space) return;
    this.dragging = true;
    const rows = this.previewRows();
    const cats = inputs.clusterCategories;
    const money = inputs.rfm?.m;
    let sampled = this.previewMatrix;
    if (sampled?.space !== space || sampled.cats !== cats || sampled.money !== money) {
      let subMoney: Float64Array | null = null;
      if (money) {
        subMoney = new Float64Array(rows.length);
        for (let i = 0; i < rows.length; i++) subMoney[i] = money[rows[i]];
      }
      sampled = this.previewMatrix = {
        space,
        cats,
        money,
        sub: gatherRows(space.matrix, space.d, rows),
        subCats: cats && gatherCategories(cats, rows),
        subMoney,
      };
    }
    // The sample's assignment before the drag decides who can move (see assignAfterMove).
    const base = this.result?.assignment;
    this.warmNamesFor(base, this.config.clusters.segments.length);
    let start: Int32Array | null = null;
    if (base && base.length === inputs.n) {
      start = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) start[i] = base[rows[i]];
    }
    const segs = withMovedCentroid(this.config.clusters.segments, id, centroid);
    try {
      this.preview = {
        rows,
        ...assignAfterMove(
          sampled.sub,
          rows.length,
          space.columns,
          segs,
          id,
          start,
          sampled.subCats,
        ),
      };
      this.counts = this.scaledPreviewCounts(this.preview.counts, rows.length, inputs.n);
      // Value shares follow too: the sample's spend per cluster (shares need no scaling).
      const sample = sampled.subMoney;
      if (sample)
        this.valueSums = bucketSums(
          this.preview.assignment,
          sample,
          this.preview.counts.length - 1,
        );
    } catch (err) {
      this.reportError(err);
    }
  }

  /** Preview counts of the sample scaled to everyone, so the table follows the drag. */
  private scaledPreviewCounts(counts: Int32Array, sample: number, n: number): Int32Array {
    if (sample >= n) return counts.slice();
    const out = new Int32Array(counts.length);
    for (let i = 0; i < counts.length; i++) out[i] = Math.round((counts[i] * n) / sample);
    return out;
  }

  /** Ends a centroid drag: exact reassignment of everyone, one undo step. */
  commitCentroid(id: string, centroid: number[]): void {
    const next = withMovedCentroid(this.config.clusters.segments, id, centroid);
    const inputs = this.inputs;
    const space = inputs?.cluster;
    const prev = this.config.method === 'clusters' ? (this.result?.assignment ?? null) : null;
    let assignment: Int32Array | undefined;
    if (inputs && space && prev) {
      try {
        assignment = assignAfterMove(
          space.matrix,
          inputs.n,
          space.columns,
          next,
          id,
          prev,
          inputs.clusterCategories,
        ).assignment;
      } catch (err) {
        // Clusters found on other features: the recompute that follows says so.
        this.reportError(err);
      }
    }
    this.preview = null;
    const named = assignment && prev ? this.namesAfterMove(next, prev, assignment) : next;
    this.commit(
      { ...this.config, clusters: { ...this.config.clusters, segments: named } },
      assignment,
    );
  }

  /**
   * Generated names follow a move that changed members (user-given names stay); with the same
   * members the names are the same. k-prototypes names (with category words) are left alone.
   */
  private namesAfterMove(
    segs: SegmentDef[],
    prev: Int32Array,
    assignment: Int32Array,
  ): SegmentDef[] {
    if (this.inputs?.clusterCategories) return segs;
    if (!segs.every((s) => s.definition.kind === 'cluster')) return segs;
    try {
      const before = this.generatedNamesOf(prev, segs.length);
      const after = this.generatedNamesOf(assignment, segs.length);
      return before && after ? followGeneratedNames(segs, before, after) : segs;
    } catch {
      return segs;
    }
  }

  /** The names generated from `assignment`'s members (made once per assignment and features). */
  private generatedNamesOf(assignment: Int32Array, k: number): string[] | null {
    const base = this.features.inputs;
    const inputs = this.inputs;
    const space = inputs?.cluster;
    if (!base || !inputs || !space || assignment.length !== inputs.n) return null;
    const made = this.namesMade.get(assignment);
    if (made?.columns === space.columns && made.names.length === k) return made.names;
    const data = { matrix: space.matrix, n: inputs.n, raw: base.columns, assignment };
    const names = generatedNames(k, space.columns, data);
    this.namesMade.set(assignment, { columns: space.columns, names });
    return names;
  }

  /**
   * Names the clusters of the assignment a drag starts from, after the frame that began it: the
   * release needs them, and the gaps between drag frames have the time.
   */
  private warmNamesFor(assignment: Int32Array | undefined, k: number): void {
    if (!assignment || this.namesMade.has(assignment) || this.namesWarming === assignment) return;
    if (this.inputs?.clusterCategories) return;
    this.namesWarming = assignment;
    setTimeout(() => {
      this.namesWarming = null;
      try {
        this.generatedNamesOf(assignment, k);
      } catch {
        // The release names them itself (or leaves the names) if this cannot.
      }
    }, 0);
  }

  /**
   * A new rule segment from conditions (a brushed region's bounds): appended to the rules and
   * shown at once (the method becomes rules), as one undo step. Returns its name.
   */
  addRuleSegment(baseName: string, leaves: Leaf[]): string {
    const rules = this.config.rules.segments;
    const names = rules.map((r) => r.name.toLowerCase());
    let name = baseName;
    for (let i = 2; names.includes(name.toLowerCase()); i++) name = `${baseName} ${i}`;
    const used = [...rules, ...currentSegments(this.config)].map((s) => s.color);
    const def: SegmentDef = {
      id: `rule-${Date.now().toString(36)}`,
      name,
      color: nextUnusedColor(used),
      definition: { kind: 'rule', when: { all: leaves } },
    };
    this.commit({
      ...this.config,
      method: 'rules',
      rules: { ...this.config.rules, segments: [...rules, def] },
    });
    // The panel that made it is gone (the rules method shows now): say where it went.
    this.notices.info(`“${name}” was added to the rules; Undo takes it back.`, {
      topic: 'brush-rule',
    });
    return name;
  }

  /** Adds a rule segment (rules method). */
  addRule(def: SegmentDef): void {
    const used = currentSegments(this.config).map((s) => s.color);
    this.setSegments([
      ...this.config.rules.segments,
      { ...def, color: def.color || nextUnusedColor(used) },
    ]);
  }

  /** Shows an error next to the control that caused it (or as a notice); the last good segmentation stays. */
  reportError(err: unknown): void {
    if (err instanceof SegmentError) {
      this.error = { message: err.message, control: err.control };
      return;
    }
    // A rule that reads a missing feature is shown on the rule itself (RulesPanel).
    if (err instanceof RuleError) {
      this.error = { message: err.message, control: 'rules' };
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.error = { message, control: 'method' };
    this.notices.error(message, 'The last good segmentation is still shown.', {
      topic: 'segments',
      shownOn: 'segments',
    });
  }
}
