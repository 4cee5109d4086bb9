import { clusterParamError, type SegmentsConfig } from '../lib/segment/config';
import { clusterCentroids, SegmentError, savedFeaturesMatch } from '../lib/segment/pipeline';
import { clusterSpace, constantFeaturesMessage } from '../lib/segment/inputs';
import {
  clusterSegmentsFrom,
  gatherCategories,
  gatherRows,
  nearestCentroids,
  splitHalves,
  type FittedCategories,
  type NamingData,
} from '../lib/segment/cluster-edits';
import {
  assignMixed,
  categorySpace,
  mixedMatrix,
  type CategorySpace,
} from '../lib/segment/prototypes';
import { defaultGamma } from '../lib/kmeans/mixed';
import type { PrototypesSweepEntry } from '../lib/kmeans/prototypes-sweep';
import type { SweepEntry, Recommendation } from '../lib/kmeans/sweep';
import type { SegmentDef } from '../lib/segment/model';
import type { KMeansPool } from '../lib/kmeans/client';
import type { ConfigStore } from './config.svelte';
import type { FeaturesState } from './features.svelte';
import type { Notices } from './notices.svelte';

/** The error a cancelled job ends with, as the worker names it. */
function cancelled(): Error {
  const e = new Error('cancelled');
  e.name = 'KMeansCancelledError';
  return e;
}

/** A settings field of the clustering controls. */
export type ClusterParam = 'k' | 'seed' | 'nInit';

/** Text typed in a settings field that is not in use, and why it is refused (null: fine). */
export interface ParamDraft {
  text: string;
  message: string | null;
}

/** A problem shown next to the clustering controls. */
export interface ClustersError {
  message: string;
  control: 'k' | 'features';
}

/**
 * k-means in the worker pool and the k sweep. Reads the features and the config store, and
 * writes the clusters it finds into the store; the Segments state hears of them from there.
 */
export class ClustersState {
  /** The last sweep; a k-prototypes sweep also holds the categories it clustered on. */
  sweep = $state.raw<{
    entries: SweepEntry[];
    recommended: Recommendation;
    cats?: CategorySpace;
  } | null>(null);
  /** The running job's label, or null. */
  running = $state<string | null>(null);
  progress = $state('');
  error = $state.raw<ClustersError | null>(null);
  /**
   * What the user typed in a settings field and is not in use: a refused value stays in the
   * field with its message until it is fixed, so field and page never silently disagree.
   */
  drafts = $state.raw<Partial<Record<ClusterParam, ParamDraft>>>({});

  private pool: KMeansPool | null = null;
  private poolReady: Promise<KMeansPool> | null = null;
  private cancelJob: (() => void) | null = null;
  /** Set by Cancel; honoured at every stage (a click while the matrix loads must count too). */
  private cancelRequested = false;

  constructor(
    private readonly store: ConfigStore,
    private readonly features: FeaturesState,
    private readonly notices: Notices,
    private readonly createPool: () => Promise<KMeansPool>,
  ) {}

  private get config(): SegmentsConfig {
    return this.store.value.segmentation;
  }

  /**
   * The clustering space (the chosen transformed columns), the number of customers, and the
   * categories chosen for k-prototypes (undefined: k-means).
   */
  private get space() {
    const base = this.features.inputs;
    const space = base ? clusterSpace(base, this.config.clusters.features) : undefined;
    if (!base || !space) return null;
    return {
      ...space,
      n: base.n,
      cats: categorySpace(base, this.config.clusters.categorical ?? []),
    };
  }

  /** True when the next run is k-prototypes (some category is chosen). */
  get mixed(): boolean {
    return !!this.space?.cats;
  }

  private gammaCache: { key: unknown; cats: unknown; gamma: number } | null = null;

  /**
   * The weight of a category mismatch the next run uses when none is set: half the mean sd of
   * the chosen numeric features (null without categories).
   */
  get defaultGamma(): number | null {
    const space = this.space;
    if (!space?.cats) return null;
    const hit = this.gammaCache;
    if (hit && hit.key === space.matrix && hit.cats === space.cats) return hit.gamma;
    const gamma = defaultGamma(mixedMatrix(space, space.cats, space.n));
    this.gammaCache = { key: space.matrix, cats: space.cats, gamma };
    return gamma;
  }

  /** Chooses the categories clustered on with the numbers (none: k-means). */
  setCategories(categorical: string[]): void {
    this.error = null;
    this.commit((cfg) => {
      const { categorical: _previous, ...clusters } = cfg.clusters;
      return { ...cfg, clusters: categorical.length ? { ...clusters, categorical } : clusters };
    });
  }

  /** Sets the weight of one category mismatch (NaN: back to the default). */
  setGamma(value: number): boolean {
    if (Number.isNaN(value)) {
      this.error = null;
      this.commit((cfg) => {
        const clusters = { ...cfg.clusters };
        delete clusters.gamma;
        return { ...cfg, clusters };
      });
      return true;
    }
    const refused = clusterParamError('gamma', value);
    if (refused) {
      this.error = { message: refused, control: 'k' };
      return false;
    }
    this.error = null;
    this.commit((cfg) => ({ ...cfg, clusters: { ...cfg.clusters, gamma: value } }));
    return true;
  }

  private commit(f: (cfg: SegmentsConfig) => SegmentsConfig, assignment?: Int32Array): void {
    this.store.updateSegmentation(f, assignment);
  }

  /** Chooses the clustering features (transformed columns of the feature table). */
  setFeatures(features: string[]): void {
    this.error = null;
    this.commit((cfg) => ({ ...cfg, clusters: { ...cfg.clusters, features } }));
  }

  /**
   * Sets k, seed or restarts for the next k-means run (NaN for a blank field). A value out of
   * range is refused with a message next to the settings; returns false then.
   */
  setParam(param: ClusterParam, value: number): boolean {
    const refused = clusterParamError(param, value);
    if (refused) {
      this.error = { message: refused, control: 'k' };
      return false;
    }
    this.error = null;
    this.commit((cfg) => ({ ...cfg, clusters: { ...cfg.clusters, [param]: value } }));
    return true;
  }

  /** Checks a settings field's text as it is typed (applied later, by `applyParamText`). */
  typeParam(param: ClusterParam, text: string): void {
    const value = text.trim() === '' ? NaN : Number(text);
    const message = clusterParamError(param, value);
    const same = String(this.config.clusters[param]) === text.trim();
    const drafts = { ...this.drafts };
    if (same) delete drafts[param];
    else drafts[param] = { text, message };
    this.drafts = drafts;
  }

  /**
   * Applies a settings field's text (on change or Enter). A refused text stays in the field
   * with its message, and nothing runs until it is fixed; returns whether the value is in use.
   */
  applyParamText(param: ClusterParam, text: string): boolean {
    this.typeParam(param, text);
    const draft = this.drafts[param];
    if (!draft) return true;
    if (draft.message) return false;
    const drafts = { ...this.drafts };
    delete drafts[param];
    this.drafts = drafts;
    return this.setParam(param, Number(text));
  }

  /** What is wrong with the refused settings fields, or null when every field holds a good value. */
  get paramError(): string | null {
    const messages = (['k', 'seed', 'nInit'] as const).flatMap((p) => {
      const m = this.drafts[p]?.message;
      if (!m) return [];
      const kept = this.config.clusters[p];
      return [`${m} ${p === 'k' ? `k = ${kept}` : `${kept}`} stays in use until then.`];
    });
    return messages.length ? messages.join(' ') : null;
  }

  /** Runs k-means with the configured k, seed and restarts; the clusters become the segments. */
  async runKMeans(k = this.config.clusters.k): Promise<void> {
    // A refused field keeps its message; running the previous value would look like it ran.
    if (this.paramError) return;
    const space = this.space;
    if (!space)
      return this.fail(
        new SegmentError(
          'Compute features first: clusters are found in the feature table.',
          'features',
        ),
      );
    if (space.n < k)
      return this.fail(
        new SegmentError(`Only ${space.n} customers: fewer than k = ${k}. Lower k.`, 'k'),
      );
    const constant = constantFeaturesMessage(space);
    if (constant) return this.fail(new SegmentError(constant, 'features'));
    const cats = space.cats;
    const label = cats ? `k-prototypes, k = ${k}` : `k-means, k = ${k}`;
    await this.withPool(label, async (pool) => {
      const { seed, nInit, gamma } = this.config.clusters;
      if (cats) {
        const job = pool.fitPrototypes(k, { seed, nInit, gamma }, (p) => {
          this.progress = `iteration ${p.iteration}, cost ${p.cost.toPrecision(4)}`;
        });
        this.track(job.cancel);
        const fit = await job.result;
        this.adopt(fit.num, k, space.d, space.columns, true, {
          cat: fit.cat,
          space: cats,
          gamma: fit.gamma,
        });
        return;
      }
      const job = pool.fit(k, { seed, nInit, algorithm: 'hamerly' }, (p) => {
        this.progress = `iteration ${p.iteration}, inertia ${p.inertia.toPrecision(4)}`;
      });
      this.track(job.cancel);
      const fit = await job.result;
      this.adopt(fit.centroids, k, space.d, space.columns, true);
    });
  }

  /**
   * Sweeps k over the configured range in parallel workers; the chart then offers each k. With
   * `adopt`, the recommended k becomes the clusters' segments (the method stays as it is).
   */
  async runSweep(opts: { adopt?: boolean } = {}): Promise<void> {
    const space = this.space;
    if (!space) return this.fail(new SegmentError('Compute features first.', 'features'));
    const constant = constantFeaturesMessage(space);
    if (constant) return this.fail(new SegmentError(constant, 'features'));
    const [lo, hi] = this.config.clusters.sweep;
    const kMax = Math.min(hi, space.n - 1);
    if (kMax < lo) return this.fail(new SegmentError('Too few customers for a k sweep.', 'k'));
    const cats = space.cats;
    await this.withPool(`k sweep ${lo}–${kMax}`, async (pool) => {
      const { seed, nInit, gamma } = this.config.clusters;
      const progress = (p: { k: number; iteration: number }) => {
        this.progress = `k = ${p.k}: iteration ${p.iteration}`;
      };
      const job = cats
        ? pool.sweepPrototypes(lo, kMax, { seed, nInit, gamma }, progress)
        : pool.sweep(lo, kMax, { seed, nInit, algorithm: 'hamerly' }, progress);
      this.track(job.cancel);
      this.sweep = { ...(await job.result), cats };
      if (opts.adopt) this.adoptInBackground(this.sweep.recommended.k, space.columns, space.d);
    });
  }

  /**
   * The start-up sweep's recommendation becomes the clusters, unless the user made some: not an
   * undo step, since the user did not do it (it may land in the middle of their edits).
   */
  private adoptInBackground(k: number, columns: string[], d: number): void {
    const entry = this.sweep?.entries.find((e) => e.k === k);
    if (!entry) return;
    const categories = this.sweepCategories(entry);
    const naming = this.namingData(columns, entry.centroids, k, categories);
    const segments = clusterSegmentsFrom(entry.centroids, k, d, columns, naming, categories);
    this.store.rebaseSegmentation((seg) =>
      seg.clusters.segments.length
        ? seg
        : { ...seg, clusters: { ...seg.clusters, k, features: columns.slice(), segments } },
    );
  }

  /** The categorical side of a sweep entry (undefined for a k-means sweep). */
  private sweepCategories(entry: SweepEntry): FittedCategories | undefined {
    const cats = this.sweep?.cats;
    if (!cats) return undefined;
    const e = entry as PrototypesSweepEntry;
    return { cat: e.cat, space: cats, gamma: e.gamma };
  }

  /** What generated names are read from, while the clustering space is still `columns`. */
  private namingData(
    columns: readonly string[],
    centroids: Float64Array,
    k: number,
    categories?: FittedCategories,
  ): NamingData | undefined {
    const base = this.features.inputs;
    const space = this.space;
    if (!base || !space || !savedFeaturesMatch(columns, space.columns)) return undefined;
    if (categories && categories.space !== space.cats) return undefined;
    const owner = Int32Array.from({ length: k }, (_, c) => c);
    const assignment = categories
      ? assignMixed(
          mixedMatrix(space, categories.space, space.n),
          { num: centroids, cat: categories.cat, owner, k },
          categories.gamma,
        )
      : nearestCentroids(space.matrix, space.n, space.d, centroids, k);
    return { matrix: space.matrix, n: space.n, raw: base.columns, assignment };
  }

  /** Uses the sweep's fit for `k` (no refit: same seed, same centroids). */
  chooseK(k: number): void {
    const entry = this.sweep?.entries.find((e) => e.k === k);
    const space = this.space;
    if (!entry || !space) return;
    const categories = this.sweepCategories(entry);
    if (categories && categories.space !== space.cats) {
      this.error = {
        message: 'The categories ticked changed since this sweep: sweep again.',
        control: 'features',
      };
      return;
    }
    this.adopt(entry.centroids, k, space.d, space.columns, true, categories);
  }

  /** Stops the running k-means job. */
  cancel(): void {
    this.cancelRequested = true;
    this.cancelJob?.();
  }

  /** Remembers how to stop the job now running in the pool; stops it at once if Cancel came first. */
  private track(cancel: () => void): void {
    this.cancelJob = cancel;
    if (this.cancelRequested) cancel();
  }

  private adopt(
    centroids: Float64Array,
    k: number,
    d: number,
    columns: string[],
    switchMethod: boolean,
    categories?: FittedCategories,
  ): void {
    const naming = this.namingData(columns, centroids, k, categories);
    const segments = clusterSegmentsFrom(centroids, k, d, columns, naming, categories);
    this.error = null;
    this.notices.clear('clusters');
    // The k in use is now this one: a k typed and not applied would disagree with it.
    if (this.drafts.k) {
      const { k: _typed, ...rest } = this.drafts;
      this.drafts = rest;
    }
    // The names needed everyone's nearest centroid: the clusters' recompute reuses it.
    this.commit(
      (cfg) => ({
        ...cfg,
        method: switchMethod ? 'clusters' : cfg.method,
        clusters: { ...cfg.clusters, k, features: columns.slice(), segments },
      }),
      naming && switchMethod ? naming.assignment : undefined,
    );
  }

  /**
   * Splits a cluster in two by running k-means (k = 2) on its members only; the halves replace
   * it, keeping its place, name (with "A"/"B") and colour for the first. `assignment` is the
   * clusters' assignment on screen (members are read from it).
   */
  async split(id: string, assignment: Int32Array | null): Promise<void> {
    const space = this.space;
    const segs = this.config.clusters.segments;
    const at = segs.findIndex((s) => s.id === id);
    if (!space || at < 0 || this.config.method !== 'clusters') return;
    const seg = segs[at];
    if (seg.locked) return this.notices.warning(`“${seg.name}” is locked.`, 'Unlock it to split.');
    // The assignment on screen must be these clusters' over these features.
    if (!assignment || assignment.length !== space.n)
      return this.fail(new SegmentError('Run k-means before splitting a cluster.', 'k'));
    try {
      clusterCentroids(segs, space.d, space.columns);
    } catch (err) {
      return this.fail(err);
    }
    const members: number[] = [];
    for (let i = 0; i < assignment.length; i++) if (assignment[i] === at) members.push(i);
    if (members.length < 2)
      return this.fail(new SegmentError(`“${seg.name}” has fewer than 2 customers.`, 'k'));
    const sub = gatherRows(space.matrix, space.d, members);
    const mixed = seg.definition.kind === 'cluster' ? seg.definition.categorical : undefined;
    await this.withPool(
      `splitting ${seg.name}`,
      async (pool) => {
        const { seed, nInit } = this.config.clusters;
        if (mixed && space.cats) {
          const cats = gatherCategories(space.cats, members);
          await pool.loadMixed(mixedMatrix({ ...space, matrix: sub }, cats, members.length));
          const job = pool.fitPrototypes(2, { seed, nInit, gamma: mixed.gamma });
          this.track(job.cancel);
          const fit = await job.result;
          this.landSplit(seg, fit.num, space.d, space.columns, {
            cat: fit.cat,
            space: space.cats,
            gamma: fit.gamma,
          });
          return;
        }
        await pool.load({ data: sub, n: members.length, d: space.d, columns: space.columns });
        const job = pool.fit(2, { seed, nInit });
        this.track(job.cancel);
        const fit = await job.result;
        this.landSplit(seg, fit.centroids, space.d, space.columns);
      },
      false,
    );
  }

  /**
   * Puts a finished split into the clusters as they are now (the user may have renamed, moved
   * or switched method meanwhile): the halves replace the cluster where it now stands, in the
   * clusters method whatever method is shown. Dropped if that cluster changed or went away.
   */
  private landSplit(
    seg: SegmentDef,
    centroids: Float64Array,
    d: number,
    columns: readonly string[],
    categories?: FittedCategories,
  ): void {
    const now = this.config.clusters.segments;
    const at = now.findIndex((s) => s.id === seg.id);
    if (at < 0 || now[at].definition !== seg.definition) {
      this.notices.info(`The split of “${seg.name}” was dropped: that cluster changed meanwhile.`);
      return;
    }
    const segments = splitHalves(
      now,
      at,
      centroids,
      d,
      columns,
      `${seg.id}-b${Date.now().toString(36)}`,
      categories,
    );
    this.commit((cfg) => ({ ...cfg, clusters: { ...cfg.clusters, segments } }));
  }

  /** Starts the worker pool ahead of the first job (its workers load while other work runs). */
  prepare(): Promise<KMeansPool> {
    this.poolReady ??= this.createPool().catch((err: unknown) => {
      this.poolReady = null;
      throw err;
    });
    return this.poolReady;
  }

  private async withPool(
    label: string,
    f: (pool: KMeansPool) => Promise<void>,
    loadAll = true,
  ): Promise<void> {
    if (this.running) {
      this.notices.warning(`${this.running} is still running.`, 'Wait for it or cancel it.');
      return;
    }
    this.running = label;
    this.progress = '';
    this.cancelRequested = false;
    try {
      this.pool ??= await this.prepare();
      const space = this.space;
      if (loadAll && space?.cats)
        await this.pool.loadMixed(mixedMatrix(space, space.cats, space.n));
      else if (loadAll && space) {
        await this.pool.load({
          data: space.matrix,
          n: space.n,
          d: space.d,
          columns: space.columns,
        });
      }
      if (this.cancelRequested) throw cancelled();
      await f(this.pool);
    } catch (err) {
      if (err instanceof Error && err.name === 'KMeansCancelledError')
        this.notices.info(`${label} was cancelled.`);
      else this.fail(err);
    } finally {
      this.running = null;
      this.cancelJob = null;
    }
  }

  /**
   * Problems with the settings or the features are shown next to them; anything else is
   * unexpected and gets a notice too.
   */
  private fail(err: unknown): void {
    if (err instanceof SegmentError && (err.control === 'k' || err.control === 'features')) {
      this.error = { message: err.message, control: err.control };
      return;
    }
    if (err instanceof Error && err.name === 'KMeansInputError') {
      this.error = { message: err.message, control: 'k' };
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.notices.error(message, 'The last good segmentation is still shown.', {
      topic: 'clusters',
    });
  }
}
