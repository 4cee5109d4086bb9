/**
 * Generated cluster names from centroids: the two features whose centroid value lies furthest from
 * the overall mean (in sd units) become words, e.g. "High monetary · Recent". Names are unique.
 */

/** Words for a feature's high and low side. */
export interface FeatureWords {
  high: string;
  low: string;
}

/** A feature as naming sees it. */
export interface NamingFeature {
  id: string;
  label?: string;
  /** Custom words; default "High <label>" / "Low <label>" ("Lapsed"/"Recent" for recency). */
  words?: FeatureWords;
}

/** Options for `nameClusters`. */
export interface NamingOptions {
  /** Overall mean and sd per feature; default: mean and sd across the centroids themselves. */
  mean?: ArrayLike<number>;
  sd?: ArrayLike<number>;
  /** |z| below this is not remarkable; a cluster with nothing remarkable is "Typical". */
  minZ?: number;
  /** Words per name (default 2). */
  words?: number;
}

/** Default words for a feature. */
export function featureWords(f: NamingFeature): FeatureWords {
  if (f.words) return f.words;
  const label = f.label ?? f.id;
  if (/recen/i.test(f.id) || /recen/i.test(label)) return { high: 'Lapsed', low: 'Recent' };
  return { high: `High ${label.toLowerCase()}`, low: `Low ${label.toLowerCase()}` };
}

/** z-scores of k centroids (row-major k x d). */
export function centroidZ(
  centroids: ArrayLike<number>,
  k: number,
  d: number,
  o: NamingOptions = {},
): Float64Array {
  const z = new Float64Array(k * d);
  for (let j = 0; j < d; j++) {
    let mu = o.mean?.[j];
    let sd = o.sd?.[j];
    if (mu === undefined || sd === undefined) {
      let s = 0;
      for (let c = 0; c < k; c++) s += centroids[c * d + j];
      mu = s / k;
      let ss = 0;
      for (let c = 0; c < k; c++) ss += (centroids[c * d + j] - mu) ** 2;
      sd = Math.sqrt(ss / k);
    }
    for (let c = 0; c < k; c++) z[c * d + j] = sd > 0 ? (centroids[c * d + j] - mu) / sd : 0;
  }
  return z;
}

/**
 * One unique name per centroid. Features are ranked by |z| (ties: feature order); when two clusters
 * would share a name, a further word is added, and as a last resort a number.
 */
export function nameClusters(
  centroids: ArrayLike<number>,
  k: number,
  features: readonly NamingFeature[],
  options: NamingOptions = {},
): string[] {
  const d = features.length;
  if (centroids.length !== k * d) throw new Error('nameClusters: centroids length != k * features');
  const z = centroidZ(centroids, k, d, options);
  const minZ = options.minZ ?? 0.25;
  const words = features.map(featureWords);
  const ranked = Array.from({ length: k }, (_, c) =>
    Array.from({ length: d }, (_, j) => j)
      .filter((j) => Math.abs(z[c * d + j]) >= minZ)
      .sort((a, b) => Math.abs(z[c * d + b]) - Math.abs(z[c * d + a])),
  );
  const nameWith = (c: number, w: number): string => {
    const parts = ranked[c]
      .slice(0, w)
      .map((j) => (z[c * d + j] > 0 ? words[j].high : words[j].low));
    if (parts.length === 0) return 'Typical';
    const s = parts.join(' · ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  const base = options.words ?? 2;
  const names = Array.from({ length: k }, (_, c) => nameWith(c, base));
  for (let w = base + 1; w <= d; w++) {
    const dup = duplicates(names);
    if (dup.size === 0) break;
    for (let c = 0; c < k; c++) if (dup.has(names[c])) names[c] = nameWith(c, w);
  }
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} ${count}`;
  });
}

function duplicates(names: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return dup;
}
