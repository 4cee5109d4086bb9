import { Notices } from './notices.svelte';
import { ConfigStore } from './config.svelte';
import { DataState, type StudioDb } from './data.svelte';
import { FeaturesState } from './features.svelte';
import { SegmentsState } from './segments.svelte';
import { ClustersState } from './clusters.svelte';
import { ConfigFiles } from './config-files.svelte';
import { ShareLink, type AddressBar } from './share-link.svelte';
import { Autosave } from './autosave.svelte';
import { PrivacyState } from './privacy.svelte';
import { ExportState } from './export.svelte';
import { ProfilesState } from './profiles.svelte';
import { TrackState } from './track.svelte';
import type { EncoderFactory } from '../lib/export/run';
import type { KMeansPool } from '../lib/kmeans/client';
import type { FrozenModel } from '../lib/config/schema';
import { generateDemo } from '../lib/ingest/demo';
import { warmUpCsvReader } from '../lib/ingest/warm-up';
import { inferCurrency, type InferredCurrency } from '../lib/currency';

/** The studio's steps, in the order a user walks them. */
export type Step = 'data' | 'features' | 'segments' | 'profiles' | 'track' | 'export';

/** The whole session: database status, messages, the config store and each step's state. */
export class Studio {
  readonly notices = new Notices();
  readonly store = new ConfigStore();
  readonly data: DataState;
  readonly features: FeaturesState;
  readonly segments: SegmentsState;
  readonly clusters: ClustersState;
  /** Saving and opening `segmentation.json`, and the SQL made from it. */
  readonly files: ConfigFiles;
  /** The config in the page's address, and a link opened before its data. */
  readonly link: ShareLink;
  /** Autosaved work, recent projects and (with consent) kept files. */
  readonly autosave: Autosave;
  /** Columns that look like personal data, per table. */
  readonly privacy: PrivacyState;
  /** The Export step: assignment files, summary, privacy options. */
  readonly exporter: ExportState;
  /** The Profiles step: who each segment is, personas, warnings, one customer's card. */
  readonly profiles: ProfilesState;
  /** The Track step: outcomes, campaigns, migration, overlap and age of the segmentation. */
  readonly track: TrackState;
  dbStatus = $state<'starting' | 'ready' | 'failed'>('starting');
  step = $state<Step>('data');
  private dbPromise: Promise<StudioDb> | null = null;
  private dbSpawned: Promise<void>;
  private markSpawned: () => void = () => {};

  /**
   * @param connect starts the database; calls `spawned` once its worker is busy instantiating
   *   (the page's thread is then free for other start-up work)
   */
  constructor(
    private readonly connect: (spawned: () => void) => Promise<StudioDb>,
    createPool: () => Promise<KMeansPool>,
    address: AddressBar,
    parquetEncoder?: EncoderFactory,
  ) {
    this.data = new DataState(() => this.db(), this.notices);
    this.features = new FeaturesState(this.store, this.data, () => this.db(), this.notices);
    this.segments = new SegmentsState(this.store, this.features, this.notices);
    this.clusters = new ClustersState(this.store, this.features, this.notices, createPool);
    this.files = new ConfigFiles(this.store, {
      tables: () => this.data.tableParts(),
      applyTable: (id, columns, cleaning) => this.data.applyTableConfig(id, columns, cleaning),
      model: () => ({
        model: this.features.model,
        fresh: this.features.result !== null && !this.features.stale,
      }),
      compute: (model) => this.computeFeatures(model),
    });
    this.link = new ShareLink(this.files, address);
    this.autosave = new Autosave(this.data, this.link);
    this.privacy = new PrivacyState(() => this.db());
    this.profiles = new ProfilesState(this.segments, this.features, () => this.currency);
    this.exporter = new ExportState(
      this.segments,
      this.features,
      this.data,
      this.privacy,
      () => this.db(),
      parquetEncoder,
    );
    this.track = new TrackState(this.segments, this.features, this.data, () => this.db());
    this.dbSpawned = new Promise((resolve) => (this.markSpawned = resolve));
  }

  /** The currency the loaded tables name (see `inferCurrency`), or null. */
  get inferredCurrency(): InferredCurrency | null {
    return inferCurrency(
      this.data.tables.flatMap((t) =>
        t.columns.map((c) => ({
          name: c.name,
          role: c.role,
          distinct: t.stats[c.name]?.distinct ?? 0,
          samples: t.stats[c.name]?.samples ?? [],
        })),
      ),
    );
  }

  /** The currency money is shown in: the user's choice, else the data's, else none (null). */
  get currency(): string | null {
    const chosen = this.store.value.currency;
    return chosen !== undefined ? chosen : (this.inferredCurrency?.code ?? null);
  }

  /**
   * Sets the currency money is shown in (null: none; undefined: follow the data). One undoable
   * step; it travels with the config and the link.
   */
  setCurrency(code: string | null | undefined): void {
    this.store.update((cfg) => {
      const next = { ...cfg };
      delete next.currency;
      return code === undefined ? next : { ...next, currency: code };
    });
  }

  /** The shared database, started once; a failed start can be retried. */
  db(): Promise<StudioDb> {
    this.dbPromise ??= this.connect(() => this.markSpawned()).then(
      (db) => {
        this.dbStatus = 'ready';
        return db;
      },
      (err: unknown) => {
        this.dbStatus = 'failed';
        this.dbPromise = null;
        this.notices.error(
          `The in-browser database could not start: ${err instanceof Error ? err.message : String(err)}.`,
          'Reload the page. Segment Studio needs a browser with WebAssembly and Web Workers (a current Chrome, Edge, Firefox or Safari).',
        );
        throw err;
      },
    );
    return this.dbPromise;
  }

  /**
   * Why leaving the page now would lose work (edits to the config, files the user loaded), or
   * null when nothing would be lost (the untouched demo). Nothing is saved in the browser yet.
   */
  get unsavedWork(): string | null {
    const own = this.data.tables.filter((t) => t.format !== 'demo').length;
    if (own) return `${own} loaded ${own === 1 ? 'table' : 'tables'} and the work on them`;
    if (this.store.canUndo) return 'your edits';
    return null;
  }

  /**
   * Moves to a step. Entering a later step after an earlier one changed recomputes what follows;
   * the segment config (names, colours, edits) carries over where it still applies.
   */
  goTo(step: Step): void {
    this.step = step;
    const f = this.features;
    if (step === 'data' || f.computing) return;
    // Stale features are redone; the first ones are computed on arrival too, as soon as the
    // loaded tables can give them (no "Waiting for features" until a click on Compute).
    const first = !f.result && !f.error && typeof f.source !== 'string';
    if ((f.result && f.stale) || first) void this.computeFeatures();
  }

  /**
   * On a step after Data, features whose tables changed under them (a role set just before the
   * click that left the Data step, a background check that rewrote a table) are computed again
   * once the tables settle, so the step never keeps showing features of data that is gone.
   * Each data version is tried once: a failed compute says why and is not retried in a loop.
   */
  refreshIfDataChanged(): void {
    const f = this.features;
    if (this.step === 'data' || f.computing || this.data.busy || !f.dataChanged) return;
    const attempt = `${this.data.version} ${f.sourceShape}`;
    if (this.autoComputedFor === attempt) return;
    this.autoComputedFor = attempt;
    void this.computeFeatures();
  }
  private autoComputedFor = '';

  /**
   * Computes features (fitting a new model, or applying `model` frozen), then re-segments from
   * the unchanged config.
   */
  async computeFeatures(model?: FrozenModel): Promise<boolean> {
    const ok = await this.features.compute(model);
    if (ok) this.segments.featuresChanged();
    return ok;
  }

  /**
   * Called after the first paint: starts DuckDB (unless already started) and opens `?data=<url>`
   * when given, else the built-in demo unless `?demo=off` (an embedding page that wants an empty
   * studio). A start that already failed has said so; it is not retried behind the user's back.
   */
  async start(search: string): Promise<void> {
    // Read once at start-up, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const params = new URLSearchParams(search);
    // `?data=` may be given several times (customers and transactions, say).
    const dataUrls = params.getAll('data');
    const dataUrl = dataUrls.length > 0;
    // A link made on other data waits for that data: the demo would only be in the way.
    const linked = await this.link.open();
    await this.autosave.init();
    const linkOnDemo = linked === null || linked.every((t) => t.format === 'demo');
    // Embedded, the host sends the data: no demo unless asked for (`?demo=on`).
    const demoWanted = params.has('embed')
      ? params.get('demo') === 'on'
      : params.get('demo') !== 'off';
    const demo = !dataUrl && demoWanted && linkOnDemo;
    if (this.dbStatus === 'failed') return;
    const ready = this.db();
    // DuckDB compiles its WebAssembly in its own worker: generate the demo meanwhile, but only
    // once that worker runs (its start goes through this thread, so generating first held it
    // back by the ~0.5 s the generation takes).
    let demoData: ReturnType<typeof generateDemo> | null = null;
    try {
      if (demo) {
        await Promise.race([this.dbSpawned, ready]);
        // A failed start shows up (as a message) when the first k-means job asks for the pool.
        this.clusters.prepare().catch(() => undefined);
        demoData = generateDemo();
      }
      await ready;
    } catch {
      return;
    }
    performance.mark('studio:db');
    await this.openStartData(dataUrls, demoData && !this.link.waiting ? demoData : null);
    if (demoData && this.link.waiting) {
      // As without a link: the quality checks (several scans) come after the segments.
      await this.data.loadDemo({ deferQuality: true, data: demoData });
      await this.link.tryApply();
      await this.data.checkQuality();
    } else if (this.link.waiting && !dataUrl) {
      // The files a link (or a reload) needs, kept in this browser with the user's consent.
      await this.autosave.loadKept(this.link.waiting.expects);
      await this.link.tryApply();
    } else if (dataUrl) await this.link.tryApply();
    // `?csvwarm=off` keeps DuckDB cold, for measuring a first load without the warm-up.
    if (params.get('csvwarm') !== 'off') await warmUpCsvReader(await ready);
    performance.mark('studio:idle');
  }

  private async openStartData(
    dataUrls: readonly string[],
    demoData: ReturnType<typeof generateDemo> | null,
  ): Promise<void> {
    if (dataUrls.length) for (const url of dataUrls) await this.data.loadUrl(url);
    else if (demoData) {
      await this.data.loadDemo({ deferQuality: true, data: demoData });
      performance.mark('studio:tables');
      // The demo arrives ready to explore: features computed and segmented, clusters swept; the
      // quality checks (several scans) come last so they do not hold the segments up.
      if (await this.computeFeatures()) {
        performance.mark('studio:segmented');
        // The sweep has the machine to itself first: the checks would compete for the cores.
        await this.clusters.runSweep({ adopt: true });
        performance.mark('studio:swept');
      }
      await this.data.checkQuality();
    }
  }
}
