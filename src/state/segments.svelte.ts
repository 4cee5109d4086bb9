import { History } from '../lib/segment/history';
import {
  currentSegments,
  defaultSegmentsConfig,
  withSegments,
  K_MAX,
  K_MIN,
  type Method,
  type SegmentsConfig,
} from '../lib/segment/config';
import {
  assignClusters,
  assignSegments,
  bucketSums,
  clusterCentroids,
  reassignMoved,
  countBuckets,
  rfmCuts,
  RfmLive,
  SegmentError,
  type SegmentInputs,
  type SegmentResult,
} from '../lib/segment/pipeline';
import { combineDefinitions } from '../lib/segment/edits';
import { profileSegments, type Profile } from '../lib/segment/profile';
import { RFM_OTHERS } from '../lib/segment/rfm';
import { nextUnusedColor, paletteColor } from '../lib/segment/palette';
import { nameClusters } from '../lib/segment/naming';
import type { SegmentDef } from '../lib/segment/model';
import type { SweepEntry, Recommendation } from '../lib/segment/sweep';
import type { KMeansPool } from '../lib/segment/kmeans-client';
import {
  buildInputs,
  clusterSpace,
  defaultClusterFeatures,
  sampleRows,
  type BaseInputs,
} from '../lib/segment/inputs';
import type { FeaturesState } from './features.svelte';
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
}

/** Rows drawn in the scatter and used for the live centroid preview. */
const PREVIEW_ROWS = 20_000;

/** The Segments step: one undoable config, its assignment, and the k-means jobs. */
export class SegmentsState {
  config = $state.raw<SegmentsConfig>(defaultSegmentsConfig());
  result = $state.raw<SegmentResult | null>(null);
  /** Counts shown right now (live while dragging). */
  counts = $state.raw<Int32Array | null>(null);
  /** Bumped whenever the assignment array changed in place (live drags), to repaint views. */
  revision = $state(0);
  error = $state.raw<{ message: string; control: SegmentError['control'] } | null>(null);
  sweep = $state.raw<{ entries: SweepEntry[]; recommended: Recommendation } | null>(null);
  running = $state<string | null>(null);
  progress = $state('');
  canUndo = $state(false);
  canRedo = $state(false);
  /** Live centroid preview: a sample's assignment while a centroid is dragged. */
  preview = $state.raw<{ rows: Int32Array; assignment: Int32Array; counts: Int32Array } | null>(
    null,
  );

  private history = new History<SegmentsConfig>(defaultSegmentsConfig());
  private live: RfmLive | null = null;
  private inputsCache: { key: unknown; inputs: BaseInputs } | null = null;
  private sampleCache: { n: number; rows: Int32Array } | null = null;
  private previewSpace: { space: SegmentInputs['cluster']; sub: Float32Array } | null = null;
  private sampleColumnsCache: {
    inputs: SegmentInputs['columns'];
    columns: Record<string, Float64Array>;
  } | null = null;
  /** An exact assignment already computed for the next recompute (incremental centroid move). */
  private pendingAssignment: Int32Array | null = null;
  private pool: KMeansPool | null = null;
  private cancelJob: (() => void) | null = null;

  constructor(
    private readonly features: FeaturesState,
    private readonly notices: Notices,
    private readonly createPool: () => Promise<KMeansPool>,
  ) {}

  /** The method's inputs from the current features (cached per feature result). */
  get inputs(): SegmentInputs | null {
    const { result, raw, matrix } = this.features;
    if (!result || !raw || !matrix) return null;
    const key = result;
    if (this.inputsCache?.key !== key)
      this.inputsCache = { key, inputs: buildInputs(result, raw, matrix) };
    const base = this.inputsCache.inputs;
    return { ...base, cluster: clusterSpace(base, this.config.clusters.features) };
  }

  /** All transformed feature columns (the candidates for clustering). */
  get transformedColumns(): string[] {
    const result = this.features.result;
    return result ? result.columns.map((c) => c.name) : [];
  }

  /** Monetary value per bucket, alongside `counts` (null without a monetary feature). */
  valueSums = $state.raw<Float64Array | null>(null);
  /** True while a handle is being dragged: views may show a sampled preview. */
  dragging = $state(false);

  /** The segments of the current method with counts and shares, plus the rest bucket. */
  readonly rows: SegmentRow[] = $derived.by(() => {
    const segs = currentSegments(this.config);
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
    const a = this.result?.assignment;
    if (!inputs || !a) return null;
    const k = this.rows.length;
    if (!this.dragging || inputs.n <= PREVIEW_ROWS) return profileSegments(inputs.columns, a, k);
    const { rows, columns } = this.sampledColumns(inputs);
    const sub = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) sub[i] = a[rows[i]];
    return profileSegments(columns, sub, k);
  });

  /** The preview sample's feature columns, gathered once per feature result. */
  private sampledColumns(inputs: SegmentInputs): {
    rows: Int32Array;
    columns: Record<string, Float64Array>;
  } {
    const rows = this.previewRows();
    if (this.sampleColumnsCache?.inputs !== inputs.columns) {
      const columns: Record<string, Float64Array> = {};
      for (const [name, col] of Object.entries(inputs.columns)) {
        const out = new Float64Array(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
        columns[name] = out;
      }
      this.sampleColumnsCache = { inputs: inputs.columns, columns };
    }
    return { rows, columns: this.sampleColumnsCache.columns };
  }

  /** Recomputes the assignment from the config; on failure the last good one stays. */
  recompute(): void {
    const inputs = this.inputs;
    if (!inputs) return;
    try {
      if (this.config.method === 'rfm') {
        const cuts = rfmCuts(inputs, this.config.rfm.cuts);
        this.live = new RfmLive(inputs.rfm!, cuts, this.config.rfm.segments);
        this.result = {
          assignment: this.live.assignment,
          counts: this.live.counts,
          restLabel: RFM_OTHERS,
          cuts,
        };
        this.valueSums = this.live.sums;
      } else {
        const pending = this.pendingAssignment;
        this.pendingAssignment = null;
        const k = currentSegments(this.config).length;
        const result: SegmentResult =
          pending && this.config.method === 'clusters'
            ? { assignment: pending, counts: countBuckets(pending, k), restLabel: null }
            : assignSegments(this.config, inputs);
        this.live = null;
        this.result = result;
        const m = inputs.rfm?.m;
        this.valueSums = m ? bucketSums(result.assignment, m, result.counts.length - 1) : null;
      }
      this.counts = this.result.counts;
      this.error = null;
      this.revision++;
    } catch (err) {
      this.showError(err);
    }
  }

  /** Applies a config change as one undoable step. */
  commit(next: SegmentsConfig): void {
    this.history.push(next);
    this.config = next;
    this.syncHistory();
    this.recompute();
    // The exact profile (a pass over every customer per feature) follows in the next task, so
    // the frame that ends a drag only pays for the exact assignment.
    if (this.dragging) setTimeout(() => (this.dragging = false), 0);
  }

  /** Undoes the last change. */
  undo(): void {
    const prev = this.history.undo();
    if (!prev) return;
    this.config = prev;
    this.syncHistory();
    this.recompute();
  }

  /** Redoes the last undone change. */
  redo(): void {
    const next = this.history.redo();
    if (!next) return;
    this.config = next;
    this.syncHistory();
    this.recompute();
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

  /** Back to quintile cut-points. */
  resetCuts(): void {
    this.commit({ ...this.config, rfm: { ...this.config.rfm, cuts: {} } });
  }

  /** Replaces the current method's segments (rename, recolour, rules edits...). */
  setSegments(segments: SegmentDef[]): void {
    this.commit(withSegments(this.config, segments));
  }

  /** Renames a segment. */
  rename(id: string, name: string): void {
    const clean = name.trim();
    if (!clean) return;
    this.editSegment(id, (s) => ({ ...s, name: clean }));
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

  /** Chooses the clustering features (transformed columns of the feature table). */
  setClusterFeatures(features: string[]): void {
    this.commit({ ...this.config, clusters: { ...this.config.clusters, features } });
  }

  /** Sets k, seed or restarts for the next k-means run; k outside 2..50 is refused. */
  setClusterParam(param: 'k' | 'seed' | 'nInit', value: number): void {
    if (param === 'k' && !(Number.isInteger(value) && value >= K_MIN && value <= K_MAX)) {
      this.error = { message: `k must be a whole number from ${K_MIN} to ${K_MAX}.`, control: 'k' };
      return;
    }
    this.error = null;
    this.commit({ ...this.config, clusters: { ...this.config.clusters, [param]: value } });
  }

  /** Runs k-means in the worker pool with the configured k, seed and restarts. */
  async runKMeans(k = this.config.clusters.k): Promise<void> {
    const space = this.inputs?.cluster;
    if (!space)
      return this.showError(
        new SegmentError(
          'Compute features first: clusters are found in the feature table.',
          'features',
        ),
      );
    const n = this.inputs!.n;
    if (n < k)
      return this.showError(
        new SegmentError(`Only ${n} customers: fewer than k = ${k}. Lower k.`, 'k'),
      );
    await this.withPool(`k-means, k = ${k}`, async (pool) => {
      const { seed, nInit } = this.config.clusters;
      const job = pool.fit(k, { seed, nInit, algorithm: 'hamerly' }, (p) => {
        this.progress = `iteration ${p.iteration}, inertia ${p.inertia.toPrecision(4)}`;
      });
      this.cancelJob = job.cancel;
      const fit = await job.result;
      this.adoptCentroids(fit.centroids, k, space.d, space.columns, true);
    });
  }

  /** New features arrived: default the clustering features, then recompute from the config. */
  featuresChanged(): void {
    const result = this.features.result;
    if (result && this.config.clusters.features.length === 0) {
      const features = defaultClusterFeatures(result);
      this.config = { ...this.config, clusters: { ...this.config.clusters, features } };
      this.history = new History(this.config);
      this.syncHistory();
    }
    this.recompute();
  }

  /**
   * Sweeps k over the configured range in parallel workers; the chart then offers each k. With
   * `adopt`, the recommended k becomes the clusters' segments (the method stays as it is).
   */
  async runSweep(opts: { adopt?: boolean } = {}): Promise<void> {
    const space = this.inputs?.cluster;
    if (!space) return this.showError(new SegmentError('Compute features first.', 'features'));
    const [lo, hi] = this.config.clusters.sweep;
    const kMax = Math.min(hi, this.inputs!.n - 1);
    if (kMax < lo) return this.showError(new SegmentError('Too few customers for a k sweep.', 'k'));
    await this.withPool(`k sweep ${lo}–${kMax}`, async (pool) => {
      const { seed, nInit } = this.config.clusters;
      const job = pool.sweep(lo, kMax, { seed, nInit, algorithm: 'hamerly' }, (p) => {
        this.progress = `k = ${p.k}: iteration ${p.iteration}`;
      });
      this.cancelJob = job.cancel;
      this.sweep = await job.result;
      const rec = this.sweep.recommended.k;
      if (opts.adopt && this.config.clusters.segments.length === 0) this.chooseK(rec, false);
    });
  }

  /** Uses the sweep's fit for `k` (no refit: same seed, same centroids). */
  chooseK(k: number, switchMethod = true): void {
    const entry = this.sweep?.entries.find((e) => e.k === k);
    const space = this.inputs?.cluster;
    if (!entry || !space) return;
    this.adoptCentroids(entry.centroids, k, space.d, space.columns, switchMethod);
  }

  /** Stops the running k-means job. */
  cancel(): void {
    this.cancelJob?.();
  }

  private adoptCentroids(
    centroids: Float64Array,
    k: number,
    d: number,
    columns: string[],
    switchMethod: boolean,
  ): void {
    const names = nameClusters(
      centroids,
      k,
      columns.map((id) => ({ id })),
    );
    const segments: SegmentDef[] = names.map((name, c) => ({
      id: `cluster-${c + 1}`,
      name,
      color: paletteColor(c),
      definition: {
        kind: 'cluster',
        features: columns.slice(),
        centroids: [Array.from(centroids.subarray(c * d, (c + 1) * d))],
      },
    }));
    this.commit({
      ...this.config,
      method: switchMethod ? 'clusters' : this.config.method,
      clusters: { ...this.config.clusters, k, features: columns.slice(), segments },
    });
  }

  /** Live: a centroid is being dragged; reassigns the preview sample only (cheap per frame). */
  dragCentroid(id: string, centroid: number[]): void {
    const space = this.inputs?.cluster;
    if (!space) return;
    const segs = this.movedCentroid(id, centroid);
    this.dragging = true;
    const rows = this.previewRows();
    const { d } = space;
    if (this.previewSpace?.space !== space) {
      const sub = new Float32Array(rows.length * d);
      rows.forEach((r, i) => sub.set(space.matrix.subarray(r * d, (r + 1) * d), i * d));
      this.previewSpace = { space, sub };
    }
    const sub = this.previewSpace.sub;
    const cc = clusterCentroids(segs, d);
    const moved = segs.findIndex((s) => s.id === id);
    const base = this.result?.assignment;
    // One centroid per segment: the sample's assignment before the drag decides who can move.
    let start: Int32Array | null = null;
    if (base && cc.k === segs.length && base.length === this.inputs!.n) {
      start = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) start[i] = base[rows[i]];
    }
    const assignment = start
      ? reassignMoved(sub, rows.length, d, cc, moved, start)
      : assignClusters(sub, rows.length, d, cc);
    this.preview = { rows, assignment, counts: countBuckets(assignment, segs.length) };
  }

  /** The fixed sample drawn in the scatter and reassigned live while a centroid moves. */
  previewRows(): Int32Array {
    const n = this.inputs?.n ?? 0;
    if (this.sampleCache?.n !== n) this.sampleCache = { n, rows: sampleRows(n, PREVIEW_ROWS) };
    return this.sampleCache.rows;
  }

  /** Ends a centroid drag: exact reassignment of everyone, one undo step. */
  commitCentroid(id: string, centroid: number[]): void {
    this.preview = null;
    const next = this.movedCentroid(id, centroid);
    const space = this.inputs?.cluster;
    const prev = this.result?.assignment;
    const moved = next.findIndex((s) => s.id === id);
    const single = next.every(
      (s) => s.definition.kind === 'cluster' && s.definition.centroids.length === 1,
    );
    if (
      space &&
      prev &&
      single &&
      this.config.method === 'clusters' &&
      prev.length === this.inputs!.n
    ) {
      const cc = clusterCentroids(next, space.d);
      this.pendingAssignment = reassignMoved(space.matrix, prev.length, space.d, cc, moved, prev);
    }
    this.setSegments(next);
  }

  private movedCentroid(id: string, centroid: number[]): SegmentDef[] {
    return this.config.clusters.segments.map((s) =>
      s.id === id && s.definition.kind === 'cluster'
        ? {
            ...s,
            definition: {
              ...s.definition,
              centroids: [centroid, ...s.definition.centroids.slice(1)],
            },
          }
        : s,
    );
  }

  /**
   * Splits a cluster in two by running k-means (k = 2) on its members only; the halves replace
   * it, keeping its place, name (with "A"/"B") and colour for the first.
   */
  async split(id: string): Promise<void> {
    const space = this.inputs?.cluster;
    const a = this.result?.assignment;
    const segs = this.config.clusters.segments;
    const at = segs.findIndex((s) => s.id === id);
    if (!space || !a || at < 0 || this.config.method !== 'clusters') return;
    const seg = segs[at];
    if (seg.locked) return this.notices.warning(`"${seg.name}" is locked.`, 'Unlock it to split.');
    const members: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] === at) members.push(i);
    if (members.length < 2)
      return this.showError(new SegmentError(`"${seg.name}" has fewer than 2 customers.`, 'k'));
    const d = space.d;
    const sub = new Float32Array(members.length * d);
    members.forEach((r, i) => sub.set(space.matrix.subarray(r * d, (r + 1) * d), i * d));
    await this.withPool(`splitting ${seg.name}`, async (pool) => {
      await pool.load({ data: sub, n: members.length, d, columns: space.columns });
      const fit = await pool.fit(2, {
        seed: this.config.clusters.seed,
        nInit: this.config.clusters.nInit,
      }).result;
      const used = segs.map((s) => s.color);
      const halves: SegmentDef[] = [0, 1].map((h) => ({
        id: h === 0 ? seg.id : `${seg.id}-b${Date.now().toString(36)}`,
        name: `${seg.name} ${h === 0 ? 'A' : 'B'}`,
        color: h === 0 ? seg.color : nextUnusedColor(used),
        definition: {
          kind: 'cluster',
          features: space.columns.slice(),
          centroids: [Array.from(fit.centroids.subarray(h * d, (h + 1) * d))],
        },
      }));
      this.setSegments([...segs.slice(0, at), ...halves, ...segs.slice(at + 1)]);
    });
  }

  /** Adds a rule segment (rules method). */
  addRule(def: SegmentDef): void {
    const used = currentSegments(this.config).map((s) => s.color);
    this.setSegments([
      ...this.config.rules.segments,
      { ...def, color: def.color || nextUnusedColor(used) },
    ]);
  }

  private async withPool(label: string, f: (pool: KMeansPool) => Promise<void>): Promise<void> {
    if (this.running) {
      this.notices.warning(`${this.running} is still running.`, 'Wait for it or cancel it.');
      return;
    }
    this.running = label;
    this.progress = '';
    try {
      this.pool ??= await this.createPool();
      const space = this.inputs!.cluster!;
      await this.pool.load({
        data: space.matrix,
        n: this.inputs!.n,
        d: space.d,
        columns: space.columns,
      });
      await f(this.pool);
    } catch (err) {
      if (err instanceof Error && err.name === 'KMeansCancelledError')
        this.notices.info(`${label} was cancelled.`);
      else this.showError(err);
    } finally {
      this.running = null;
      this.cancelJob = null;
    }
  }

  private showError(err: unknown): void {
    if (err instanceof SegmentError) {
      this.error = { message: err.message, control: err.control };
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.error = { message, control: 'method' };
    this.notices.error(message, 'The last good segmentation is still shown.');
  }

  private syncHistory(): void {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }
}
