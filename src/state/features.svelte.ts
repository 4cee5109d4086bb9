import {
  applyFrozenFeatures,
  availableFeatures,
  computeFeatures,
  featureColumns,
  featureMatrix,
  FeatureError,
  type CatalogueEntry,
  type FeatureDef,
  type FeatureKind,
  type FeatureResult,
  type FeatureSource,
  type FeatureSpec,
  type MissingPolicy,
  type Transform,
} from '../lib/features';
import {
  defaultCustomerSpec,
  isDefaultSpec,
  newFeatureDef,
  sourceFromTables,
} from '../lib/features/from-tables';
import { hasTransactions } from '../lib/features/source';
import { fitQuintiles, frozenModel } from '../lib/config/build';
import type { FrozenModel } from '../lib/config/schema';
import { buildInputs, type BaseInputs } from '../lib/segment/inputs';
import { isMemoryError, tooLargeForTab } from '../lib/db/limits';
import type { DataState, StudioDb } from './data.svelte';
import type { ConfigStore } from './config.svelte';
import type { Notices } from './notices.svelte';
import { withSignal } from '../lib/db/signal';
import { Job } from './job.svelte';

/**
 * The Features step: which tables play which part and the spec (both in the config store), the
 * computed feature tables, and the model fitted on them (or applied, frozen, from a config).
 */
export class FeaturesState {
  result = $state.raw<FeatureResult | null>(null);
  /** What the segment methods read: raw columns, the RFM trio, the transformed matrix. */
  inputs = $state.raw<BaseInputs | null>(null);
  /** Everything fitted with the current features; the segmentation's frozen model. */
  model = $state.raw<FrozenModel | null>(null);
  /** True when `model` was applied from a config rather than fitted on this data. */
  frozen = $state(false);
  computing = $state(false);
  /** The compute under way, for the progress bar and its Cancel. */
  job = $state.raw<Job | null>(null);
  /** The last problem, shown next to the compute button. */
  error = $state<string | null>(null);
  /** The spec (JSON) and the data version the current result was computed from. */
  private computedSpec = $state<string | null>(null);
  private computedAt = $state(-1);
  private computedShape = $state('');
  private run = 0;

  constructor(
    private readonly store: ConfigStore,
    private readonly data: DataState,
    private readonly getDb: () => Promise<StudioDb>,
    private readonly notices: Notices,
  ) {}

  /** The feature spec being edited. */
  get spec(): FeatureSpec {
    return this.store.value.features;
  }

  /** Table chosen as transactions (null = automatic). */
  get transactionsId(): string | null {
    return this.store.value.transactions;
  }

  /** Table chosen as the customer table (null = automatic). */
  get customersId(): string | null {
    return this.store.value.customers;
  }

  /**
   * True when the loaded tables changed after the last compute began, whatever its outcome, or
   * now play other parts (a quality check found a table's ids never repeat: customers, not
   * order lines).
   */
  get dataChanged(): boolean {
    if (this.attemptedAt === -1) return false;
    return this.attemptedAt !== this.data.version || this.attemptedShape !== this.sourceShape;
  }
  /** The data version the last compute started from (-1 before any). */
  private attemptedAt = $state(-1);
  private attemptedShape = $state('');

  /**
   * Which relations the source reads as transactions and as customers: what changes when a guess
   * about a table's part changes, though its data does not.
   */
  get sourceShape(): string {
    const s = this.source;
    if (typeof s === 'string') return s;
    return JSON.stringify([s.transactions ?? null, s.customers?.relation ?? null]);
  }

  /** True when the spec, the data or the tables' parts changed after the last compute. */
  get stale(): boolean {
    if (this.result === null) return false;
    return (
      JSON.stringify(this.spec) !== this.computedSpec ||
      this.computedAt !== this.data.version ||
      this.computedShape !== this.sourceShape
    );
  }

  /** Where features are read from, or a sentence saying what is missing. */
  get source(): FeatureSource | string {
    return sourceFromTables(this.data.tables, this.transactionsId, this.customersId);
  }

  /**
   * The labels of the tables the source reads (what "Automatic" chose, or the chosen ones), for
   * the table selects; null for a part no table plays.
   */
  get tablesUsed(): { transactions: string | null; customers: string | null } {
    const s = this.source;
    const label = (view: string | undefined) =>
      view === undefined ? null : (this.data.tables.find((t) => t.view === view)?.label ?? null);
    if (typeof s === 'string') return { transactions: null, customers: null };
    return { transactions: label(s.transactions), customers: label(s.customers?.relation) };
  }

  /** Catalogue entries the current data supports. */
  get available(): CatalogueEntry[] {
    const s = this.source;
    return typeof s === 'string' ? [] : availableFeatures(s);
  }

  /** Chooses the transactions and customer tables (null picks one automatically). */
  setTables(transactions: string | null, customers: string | null): void {
    this.store.update((cfg) => ({ ...cfg, transactions, customers }));
  }

  /** Adds or removes a catalogue feature. */
  toggle(kind: FeatureKind, column?: string, categorical = false): void {
    const existing = this.spec.features.find((f) => f.kind === kind && f.column === column);
    const features = existing
      ? this.spec.features.filter((f) => f !== existing)
      : [...this.spec.features, newFeatureDef(kind, this.spec.features, column, categorical)];
    this.setSpec({ ...this.spec, features });
  }

  /** Adds a custom expression feature (validated when computed). */
  addCustom(id: string, expr: string): void {
    const def: FeatureDef = {
      id,
      kind: 'custom',
      expr,
      transform: { kind: 'rank' },
      missing: 'median',
    };
    this.setSpec({ ...this.spec, features: [...this.spec.features, def] });
  }

  /** Changes one feature's transform. */
  setTransform(id: string, transform: Transform): void {
    this.editFeature(id, (f) => ({ ...f, transform }));
  }

  /** How many most frequent categories become columns (category features). */
  setTopN(id: string, topN: number): void {
    if (Number.isInteger(topN) && topN >= 1 && topN <= 50)
      this.editFeature(id, (f) => ({ ...f, topN }));
  }

  /** Measures the age of a date feature in years or in days. */
  setUnit(id: string, unit: 'years' | 'days'): void {
    this.editFeature(id, (f) => {
      const { unit: _old, ...rest } = f;
      return unit === 'days' ? { ...rest, unit } : rest;
    });
  }

  /** Changes one feature's missing-value policy. */
  setMissing(id: string, missing: MissingPolicy): void {
    this.editFeature(id, (f) => ({ ...f, missing }));
  }

  /** Limits every transaction feature to the last `days` days before the as-of date (null = all). */
  setWindow(days: number | null): void {
    const { window: _old, ...rest } = this.spec;
    this.setSpec(days && days > 0 ? { ...rest, window: { days: Math.round(days) } } : rest);
  }

  /** Sets the as-of date (`YYYY-MM-DD`), or null for the day after the last transaction. */
  setAsOf(asOf: string | null): void {
    this.setSpec({ ...this.spec, asOf });
  }

  /** Replaces the whole spec (one undoable edit). */
  setSpec(spec: FeatureSpec): void {
    this.store.update((cfg) => ({ ...cfg, features: spec }));
  }

  /**
   * Computes the feature table and fits a new model, or with `model` applies that frozen model
   * (nothing is refitted). On failure the previous result stays on screen and the error names
   * what to fix. Returns whether new features arrived.
   */
  async compute(model?: FrozenModel): Promise<boolean> {
    // A file still loading (or its quality checks, which tell order lines from a customer table)
    // would have the features read a guess: wait for it.
    if (this.data.settling) {
      const run = ++this.run;
      this.computing = true;
      await this.data.idle();
      if (run !== this.run) return false;
      this.computing = false;
    }
    const source = this.source;
    const shape = this.sourceShape;
    if (typeof source === 'string') {
      // Recorded as an attempt, so tables that change afterwards (a role set a moment later) are
      // tried again by the step on screen rather than leaving it waiting.
      this.attemptedAt = this.data.version;
      this.attemptedShape = shape;
      this.error = source;
      return false;
    }
    if (!hasTransactions(source) && !source.customers?.columns.length) {
      this.error =
        'The customer table has no column to make features of: every column is an id, text or ignored. Set the role of its numbers, categories or dates in the Data step.';
      return false;
    }
    // A customer table alone cannot give the starting RFM spec: it starts from its columns
    // instead (not an edit of the user's, so not an undo step).
    if (!hasTransactions(source) && !model && isDefaultSpec(this.spec)) {
      const features = defaultCustomerSpec(source);
      if (features.features.length) this.store.rebase((cfg) => ({ ...cfg, features }));
    }
    const run = ++this.run;
    const version = this.data.version;
    this.attemptedAt = version;
    this.attemptedShape = shape;
    const spec = this.spec;
    this.computing = true;
    this.error = null;
    // Cancel interrupts the statement running in DuckDB and refuses the ones after it (see
    // withSignal): the earlier features stay, and this run's answer is ignored.
    const job = new Job('Computing features');
    this.job = job;
    job.signal.addEventListener('abort', () => {
      if (run !== this.run) return;
      this.run++;
      this.computing = false;
      this.job = null;
      this.notices.info('Computing features was cancelled: the earlier features are kept.', {
        topic: 'features-cancel',
      });
    });
    try {
      const db = withSignal(await this.getDb(), job.signal);
      const result = model
        ? await applyFrozenFeatures(db, model, source, 'features')
        : await computeFeatures(db, spec, source, 'features');
      const raw = await featureColumns(db, result.rawTable, result.rawColumns);
      const matrix = await featureMatrix(db, result.table, result.columns);
      if (run !== this.run) return false; // a newer compute superseded this one
      const quintiles = model ? model.quintiles : fitQuintiles(raw.columns);
      this.result = result;
      this.model = model ?? frozenModel(result, quintiles);
      this.frozen = Boolean(model);
      this.inputs = buildInputs(result, raw, matrix, quintiles);
      this.computedSpec = JSON.stringify(spec);
      this.computedAt = version;
      this.computedShape = shape;
      this.notices.clear('features');
      return true;
    } catch (err) {
      if (run !== this.run) return false;
      const message = err instanceof Error ? err.message : String(err);
      this.error = isMemoryError(err)
        ? tooLargeForTab('These features')
        : err instanceof FeatureError
          ? message
          : `Computing features failed: ${message}`;
      this.notices.error(
        this.error,
        'Fix the feature or column named in the Features step; your earlier features are kept.',
        { topic: 'features', shownOn: 'features' },
      );
      return false;
    } finally {
      if (run === this.run) this.computing = false;
      if (this.job === job) this.job = null;
    }
  }

  private editFeature(id: string, f: (d: FeatureDef) => FeatureDef): void {
    this.setSpec({
      ...this.spec,
      features: this.spec.features.map((d) => (d.id === id ? f(d) : d)),
    });
  }
}
