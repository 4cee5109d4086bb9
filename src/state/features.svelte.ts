import {
  availableFeatures,
  computeFeatures,
  featureMatrix,
  FeatureError,
  type CatalogueEntry,
  type FeatureDef,
  type FeatureKind,
  type FeatureMatrix,
  type FeatureResult,
  type FeatureSource,
  type FeatureSpec,
  type MissingPolicy,
  type Transform,
} from '../lib/features';
import { sourceFromTables, defaultSpec, newFeatureDef } from '../lib/features/from-tables';
import type { DataState, StudioDb } from './data.svelte';
import type { Notices } from './notices.svelte';

/** The Features step: which tables play which part, the spec, and the computed feature table. */
export class FeaturesState {
  spec = $state<FeatureSpec>(defaultSpec());
  /** Table ids chosen as the transactions and customer tables (null = automatic). */
  transactionsId = $state<string | null>(null);
  customersId = $state<string | null>(null);
  result = $state.raw<FeatureResult | null>(null);
  /** The transformed features, row-major, as k-means reads them. */
  matrix = $state.raw<FeatureMatrix | null>(null);
  /** The untransformed features, for RFM scores, profiles and histograms. */
  raw = $state.raw<FeatureMatrix | null>(null);
  computing = $state(false);
  /** The last problem, shown next to the compute button. */
  error = $state<string | null>(null);
  /** True once the user changed the spec after the last compute. */
  private specChanged = $state(false);
  /** The data version the current result was computed from. */
  private computedAt = $state(-1);
  private run = 0;

  constructor(
    private readonly data: DataState,
    private readonly getDb: () => Promise<StudioDb>,
    private readonly notices: Notices,
  ) {}

  /** True when the spec or the data changed after the last compute. */
  get stale(): boolean {
    return this.specChanged || (this.result !== null && this.computedAt !== this.data.version);
  }

  /** Where features are read from, or a sentence saying what is missing. */
  get source(): FeatureSource | string {
    return sourceFromTables(this.data.tables, this.transactionsId, this.customersId);
  }

  /** Catalogue entries the current data supports. */
  get available(): CatalogueEntry[] {
    const s = this.source;
    return typeof s === 'string' ? [] : availableFeatures(s);
  }

  /** Adds or removes a catalogue feature. */
  toggle(kind: FeatureKind, column?: string): void {
    const existing = this.spec.features.find((f) => f.kind === kind && f.column === column);
    const features = existing
      ? this.spec.features.filter((f) => f !== existing)
      : [...this.spec.features, newFeatureDef(kind, this.spec.features, column)];
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

  /** Replaces the whole spec (e.g. from a saved config). */
  setSpec(spec: FeatureSpec): void {
    this.spec = spec;
    this.specChanged = true;
  }

  /**
   * Computes the feature table. On failure the previous result stays on screen and the error
   * names what to fix.
   */
  async compute(): Promise<boolean> {
    const source = this.source;
    if (typeof source === 'string') {
      this.error = source;
      return false;
    }
    const run = ++this.run;
    const version = this.data.version;
    this.computing = true;
    this.error = null;
    try {
      const db = await this.getDb();
      const result = await computeFeatures(db, $state.snapshot(this.spec), source, 'features');
      const matrix = await featureMatrix(db, result.table, result.columns);
      const raw = await featureMatrix(db, result.rawTable, result.rawColumns);
      if (run !== this.run) return false; // a newer compute superseded this one
      this.result = result;
      this.matrix = matrix;
      this.raw = raw;
      this.specChanged = false;
      this.computedAt = version;
      return true;
    } catch (err) {
      if (run !== this.run) return false;
      const message = err instanceof Error ? err.message : String(err);
      this.error = err instanceof FeatureError ? message : `Computing features failed: ${message}`;
      this.notices.error(
        this.error,
        'Fix the feature or column named above; your earlier features are kept.',
      );
      return false;
    } finally {
      if (run === this.run) this.computing = false;
    }
  }

  private editFeature(id: string, f: (d: FeatureDef) => FeatureDef): void {
    this.setSpec({
      ...this.spec,
      features: this.spec.features.map((d) => (d.id === id ? f(d) : d)),
    });
  }
}
