/**
 * The Profiles step: who each segment is (statistics, distinguishing features, tests), how
 * attractive it is (size against value), its persona, the warnings of over-segmentation and one
 * customer's card. Everything follows the segments on screen; only the value column, the small
 * segment threshold and the looked-up id are this step's own.
 */
import { describeSegments, type Profiles } from '../lib/profile/describe';
import { autoPersona, type Persona } from '../lib/profile/persona';
import { overSegmentation, type ProfileWarning } from '../lib/profile/warnings';
import {
  clusterDistances,
  findCustomer,
  rfmMatches,
  ruleChecks,
  type ClusterDistance,
  type RuleCheck,
} from '../lib/profile/customer';
import { personasMarkdown, type PersonaCard } from '../lib/profile/markdown';
import type { FeatureKind } from '../lib/features/spec';
import { ruleFrame } from '../lib/segment/pipeline';
import { sampledSilhouette, silhouetteSample } from '../lib/kmeans/silhouette';
import { formatNumber, featureNumberKind, type NumberKind } from '../lib/number-format';
import type { SegmentsState, SegmentRow } from './segments.svelte';
import type { FeaturesState } from './features.svelte';

/** The value-column choice that means "no value column" (null means the monetary feature). */
export const NO_VALUE = '';

/** One customer's card. */
export interface CustomerCardData {
  id: string;
  row: number;
  bucket: number;
  values: { feature: string; value: string; overall: string; index: number }[];
  clusters?: ClusterDistance[];
  rules?: RuleCheck[];
  rfm?: {
    scores: { r: number; f: number; m: number };
    matches: { segment: number; matched: boolean }[];
  };
}

/** The Profiles step's state. */
export class ProfilesState {
  /**
   * The numeric feature whose sum is a segment's value; null: the monetary feature, if any;
   * NO_VALUE: none.
   */
  valueChoice = $state<string | null>(null);
  /** A segment under this share of customers is flagged as small. */
  minShare = $state(0.02);
  /** The id last looked up (null: none yet). Its card follows every edit of the segments. */
  lookupId = $state<string | null>(null);

  constructor(
    private readonly segments: SegmentsState,
    private readonly features: FeaturesState,
    /** The currency money is written in (ISO code), or null. */
    private readonly currency: () => string | null = () => null,
  ) {}

  /** Numeric feature columns (categories kept as levels are profiled as shares instead). */
  get numericColumns(): string[] {
    const inputs = this.segments.inputs;
    if (!inputs) return [];
    const levels = inputs.categories?.levels ?? {};
    return Object.keys(inputs.columns).filter((c) => !(c in levels));
  }

  /** The value column in use, or null when there is none. */
  get valueColumn(): string | null {
    const cols = this.numericColumns;
    if (this.valueChoice === NO_VALUE) return null;
    if (this.valueChoice && cols.includes(this.valueChoice)) return this.valueChoice;
    const monetary = this.columnOfKind('monetary');
    return monetary && cols.includes(monetary) ? monetary : null;
  }

  /** How the value column's numbers are written (money only when it is money). */
  get valueKind(): NumberKind {
    const v = this.valueColumn;
    return v ? featureNumberKind(v) : 'plain';
  }

  /** The buckets on screen: the segments, then the rest bucket (if the method has one). */
  get rows(): SegmentRow[] {
    return this.segments.rows;
  }

  /** The profiles of the segments on screen (recomputed after every edit). */
  readonly profiles: Profiles | null = $derived.by(() => {
    void this.segments.revision;
    const inputs = this.segments.inputs;
    const assignment = this.segments.result?.assignment;
    const buckets = this.segments.rows.length;
    if (!inputs || !assignment || buckets === 0 || assignment.length !== inputs.n) return null;
    const numeric = Object.fromEntries(this.numericColumns.map((c) => [c, inputs.columns[c]]));
    return describeSegments({
      numeric,
      categories: inputs.categories,
      assignment,
      buckets,
      value: this.valueColumn ?? undefined,
    });
  });

  /** The kind of the feature a column belongs to (recency, monetary, ...), if known. */
  kindOf = (column: string): FeatureKind | undefined => {
    const result = this.features.result;
    if (!result) return undefined;
    const col = result.rawColumns.find((c) => c.name === column);
    return col ? result.resolved.features.find((f) => f.id === col.feature)?.kind : undefined;
  };

  private columnOfKind(kind: FeatureKind): string | null {
    const result = this.features.result;
    if (!result) return null;
    const def = result.resolved.features.find((f) => f.kind === kind);
    return result.rawColumns.find((c) => c.feature === def?.id && !c.indicator)?.name ?? null;
  }

  /** The automatic persona of each bucket. */
  readonly personas: Persona[] = $derived.by(() => {
    const p = this.profiles;
    const currency = this.currency();
    return p ? p.distinguishing.map((d) => autoPersona(d, this.kindOf, currency)) : [];
  });

  /** A bucket's segment definition (null for the rest bucket). */
  segmentAt(bucket: number) {
    return this.segments.shown?.segments[bucket] ?? null;
  }

  /** The description shown on a bucket's card: the user's, else the automatic one. */
  description(bucket: number): string {
    return this.segmentAt(bucket)?.description ?? this.personas[bucket]?.description ?? '';
  }

  /** Mean silhouette per cluster on a fixed sample (clusters on numbers only), else null. */
  readonly silhouette: Float64Array | null = $derived.by(() => {
    void this.segments.revision;
    const segs = this.segments.shown?.segments;
    const space = this.segments.inputs?.cluster;
    const a = this.segments.result?.assignment;
    const inputs = this.segments.inputs;
    // Between new features and their segments, the assignment is for other customers.
    if (!segs || !space || !a || !inputs || a.length !== inputs.n) return null;
    if (this.segments.shown?.method !== 'clusters') return null;
    if (segs.some((s) => s.definition.kind !== 'cluster' || s.definition.categorical)) return null;
    const n = a.length;
    const sample = silhouetteSample({ data: space.matrix, n, d: space.d });
    return sampledSilhouette(sample, a, segs.length).perCluster;
  });

  /** Over-segmentation warnings with the actions they suggest. */
  readonly warnings: ProfileWarning[] = $derived.by(() => {
    const p = this.profiles;
    if (!p) return [];
    const rows = this.segments.rows;
    const sil = this.silhouette;
    return overSegmentation(p, {
      names: rows.map((r) => r.name),
      mergeable: rows.map((r) => r.id !== '__rest' && !r.locked),
      minShare: this.minShare,
      silhouette: sil ? { perCluster: sil, k: this.segments.config.clusters.k } : undefined,
    });
  });

  /** Looks up a customer id; `card` and `lookupError` say what was found. */
  lookup(id: string): void {
    this.lookupId = id;
  }

  /** The looked-up customer's card or why there is none, as the segments are now. */
  private readonly found: { card: CustomerCardData | null; error: string | null } = $derived.by(
    () => {
      const id = this.lookupId;
      if (id === null) return { card: null, error: null };
      void this.segments.revision;
      void this.segments.rows;
      const inputs = this.segments.inputs;
      const a = this.segments.result?.assignment;
      if (!inputs || !a || !this.profiles)
        return { card: null, error: 'Make segments first: the card shows where a customer falls.' };
      if (!id.trim())
        return {
          card: null,
          error: 'Type a customer id, as it is in the customer or transactions table.',
        };
      const row = findCustomer(inputs.ids, id);
      if (row === null)
        return {
          card: null,
          error: `No customer has the id “${id.trim()}” in these features. Ids are matched exactly (upper and lower case differ); customers dropped for missing values are not here either.`,
        };
      return { card: this.buildCard(row), error: null };
    },
  );

  /** The looked-up customer's card, following edits of the segments. */
  get card(): CustomerCardData | null {
    return this.found.card;
  }

  /** Why the last lookup has no card, or null. */
  get lookupError(): string | null {
    return this.found.error;
  }

  private buildCard(row: number): CustomerCardData {
    const inputs = this.segments.inputs!;
    const p = this.profiles!;
    const bucket = this.segments.result!.assignment[row];
    const levels = inputs.categories?.levels ?? {};
    const values = Object.keys(inputs.columns).map((feature) => {
      const raw = inputs.columns[feature][row];
      const labels = levels[feature];
      if (labels) {
        const label = raw === raw && raw >= 0 ? labels[raw] : 'missing';
        return { feature, value: label, overall: '', index: Number.NaN };
      }
      const prof = p.numeric.find((x) => x.feature === feature);
      const kind = featureNumberKind(feature);
      const overall = prof?.overall.mean ?? Number.NaN;
      return {
        feature,
        value: raw === raw ? formatNumber(raw, kind, this.currency()) : 'missing',
        overall: formatNumber(overall, kind, this.currency()),
        index: overall ? (100 * raw) / overall : Number.NaN,
      };
    });
    const card: CustomerCardData = { id: inputs.ids[row], row, bucket, values };
    const segs = this.segments.shown?.segments ?? [];
    const method = this.segments.shown?.method;
    if (method === 'clusters' && inputs.cluster) {
      const { matrix, d } = inputs.cluster;
      const cats =
        segs[0]?.definition.kind === 'cluster' ? segs[0].definition.categorical : undefined;
      const labels = (cats?.features ?? []).map((f) => {
        const code = inputs.categories?.codes[f]?.[row] ?? -1;
        return code >= 0 ? (inputs.categories!.levels[f][code] ?? null) : null;
      });
      card.clusters = clusterDistances(matrix.subarray(row * d, row * d + d), labels, segs);
    } else if (method === 'rules') {
      card.rules = ruleChecks(segs, ruleFrame(inputs), row);
    } else if (method === 'rfm') {
      const scores = this.segments.rfmScores;
      if (scores) {
        const s = { r: scores.r[row], f: scores.f[row], m: scores.m[row] };
        card.rfm = { scores: s, matches: rfmMatches(segs, s.r, s.f, s.m) };
      }
    }
    return card;
  }

  /** The persona cards as `personas.md`. */
  markdown(title: string, date: string): string {
    const p = this.profiles;
    if (!p) return '';
    const money = (v: number, feature: string) =>
      formatNumber(v, featureNumberKind(feature), this.currency());
    const cards: PersonaCard[] = this.rows.flatMap((r, b) => {
      const s = p.sizes[b];
      if (!s || s.size === 0) return [];
      return [
        {
          name: r.name,
          description: this.description(b),
          customers: s.size,
          share: s.share,
          valueShare: s.valueShare,
          valuePerCustomer: s.valuePerCustomer,
          numbers: p.distinguishing[b].slice(0, 3).map((d) => ({
            label: d.level ? `${d.feature} = ${d.level}` : d.feature,
            value: d.level
              ? `${Math.round(d.value * 100)}% (everyone ${Math.round(d.overall * 100)}%)`
              : `${money(d.value, d.feature)} (everyone ${money(d.overall, d.feature)})`,
          })),
        },
      ];
    });
    return personasMarkdown(cards, {
      title,
      date,
      currency: this.currency(),
      valueKind: this.valueKind,
    });
  }
}
