/**
 * A persona for each segment from its distinguishing features: a short name ("Recent, frequent,
 * high-spending") and a plain-language description with the numbers behind it ("last bought 12
 * days ago (everyone: 95); spend 4.1x the average"). Only features that really set the segment
 * apart (|standardised difference| at least MIN_DIFF) are used.
 */
import type { FeatureKind } from '../features/spec';
import { formatNumber, featureNumberKind } from '../number-format';
import type { Distinction } from './describe';

/** A distinguishing feature turned into words. */
export interface Trait {
  feature: string;
  level?: string;
  /** The word in the name ("Recent", "High income"). */
  word: string;
  /** The phrase in the description, with its numbers. */
  phrase: string;
  diff: number;
}

/** The automatic name and description of a segment. */
export interface Persona {
  name: string;
  description: string;
  traits: Trait[];
}

/** Smallest |standardised difference| that makes a trait. */
export const MIN_DIFF = 0.3;
/** Most traits in a persona. */
export const MAX_TRAITS = 3;

/** Words for the behavioural feature kinds: [below average, above average]. */
const KIND_WORDS: Partial<Record<FeatureKind, [string, string]>> = {
  recency: ['Recent', 'Lapsed'],
  frequency: ['Occasional', 'Frequent'],
  monetary: ['Low-spending', 'High-spending'],
  aov: ['Small-basket', 'Big-basket'],
  tenure: ['New', 'Long-standing'],
  avg_days_between: ['Quick-returning', 'Slow-returning'],
  median_days_between: ['Quick-returning', 'Slow-returning'],
  distinct_products: ['Narrow-range', 'Wide-range'],
  distinct_categories: ['Narrow-range', 'Wide-range'],
  return_rate: ['Rarely returning', 'Often returning'],
  spend_trend: ['Cooling', 'Growing'],
  active_months: ['Seldom active', 'Often active'],
};

const times = (index: number) => `${formatNumber(index / 100)}x the average`;
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Words and a phrase for one distinguishing feature; money in `currency` (ISO code) if set. */
export function traitOf(d: Distinction, kind?: FeatureKind, currency: string | null = null): Trait {
  const above = d.diff > 0;
  const v = (x: number) => formatNumber(x, featureNumberKind(d.feature), currency);
  if (d.level !== undefined) {
    return {
      feature: d.feature,
      level: d.level,
      word: above ? `mostly ${d.level}` : `few ${d.level}`,
      phrase: `${pct(d.value)} ${d.feature} ${d.level} (everyone: ${pct(d.overall)})`,
      diff: d.diff,
    };
  }
  const words = kind ? KIND_WORDS[kind] : undefined;
  const word = words ? words[above ? 1 : 0] : `${above ? 'high' : 'low'} ${d.feature}`;
  let phrase: string;
  if (kind === 'recency') phrase = `last bought ${v(d.value)} days ago (everyone: ${v(d.overall)})`;
  else if (kind === 'avg_days_between' || kind === 'median_days_between')
    phrase = `buy every ${v(d.value)} days (everyone: ${v(d.overall)})`;
  else if (kind === 'frequency')
    phrase = `${v(d.value)} ${d.value === 1 ? 'order' : 'orders'}, ${times(d.index)}`;
  else if (kind === 'monetary') phrase = `spend ${times(d.index)}`;
  else if (Number.isFinite(d.index) && d.overall > 0)
    phrase = `${d.feature} ${v(d.value)}, ${times(d.index)}`;
  else phrase = `${d.feature} ${v(d.value)} (everyone: ${v(d.overall)})`;
  return { feature: d.feature, word, phrase, diff: d.diff };
}

/**
 * The persona of a segment from its distinctions (largest first, as `describeSegments` gives
 * them); `kindOf` names a feature column's kind where it has one. One trait per feature; money
 * is written in `currency` when one is set.
 */
export function autoPersona(
  distinctions: readonly Distinction[],
  kindOf: (feature: string) => FeatureKind | undefined = () => undefined,
  currency: string | null = null,
): Persona {
  const traits: Trait[] = [];
  const used = new Set<string>();
  for (const d of distinctions) {
    if (traits.length >= MAX_TRAITS) break;
    if (!(Math.abs(d.diff) >= MIN_DIFF) || used.has(d.feature)) continue;
    // A category's level counts when the segment has more of it, not when it lacks one.
    if (d.level !== undefined && d.diff < 0) continue;
    used.add(d.feature);
    traits.push(traitOf(d, kindOf(d.feature), currency));
  }
  if (traits.length === 0)
    return {
      name: 'Average customers',
      description: 'Close to the average on every feature.',
      traits,
    };
  const words = traits.map((t, i) => (i === 0 ? capitalise(t.word) : lower(t.word)));
  const name = words.join(', ');
  return { name, description: `${name}: ${traits.map((t) => t.phrase).join('; ')}.`, traits };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
// Generic words keep the feature's own spelling; only a kind's word (capitalised) is lowered.
const lower = (s: string) =>
  /^[A-Z][a-z-]+( |$)/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
