/**
 * Generated cluster names from centroids: the two features whose centroid value lies furthest from
 * the overall mean (in sd units) become words, e.g. "High monetary · Recent". Names are unique
 * (also as sets of words: never "A · B" beside "B · A") and rank clusters truthfully: a "High"
 * word needs the cluster to be in the upper half of the clusters on that feature, and of several
 * clusters sharing a word the most extreme says "Highest" / "Lowest".
 */

/** Words for a feature's high and low side, and for the most extreme cluster on each. */
export interface FeatureWords {
  high: string;
  low: string;
  highest?: string;
  lowest?: string;
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
  if (/recen/i.test(f.id) || /recen/i.test(label))
    return { high: 'Lapsed', low: 'Recent', highest: 'Most lapsed', lowest: 'Most recent' };
  const l = label.toLowerCase();
  return { high: `High ${l}`, low: `Low ${l}`, highest: `Highest ${l}`, lowest: `Lowest ${l}` };
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

/** A word of a name: feature `j`, on its high (+1) or low (-1) side. */
type Word = { j: number; side: 1 | -1 };

/** The median of column j over the k centroids. */
function clusterMedian(values: ArrayLike<number>, k: number, d: number, j: number): number {
  const col = Float64Array.from({ length: k }, (_, c) => values[c * d + j]).sort();
  return k % 2 ? col[(k - 1) / 2] : (col[k / 2 - 1] + col[k / 2]) / 2;
}

/**
 * One unique name per centroid. Features are ranked by |z| (ties: feature order); a side is only
 * said of a cluster at or beyond the clusters' median on it. When two clusters would share a name
 * (in any word order), a further word is added, and as a last resort a number.
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
  const median = Array.from({ length: d }, (_, j) => clusterMedian(centroids, k, d, j));
  const value = (c: number, j: number) => centroids[c * d + j];
  const truthful = (c: number, j: number) =>
    z[c * d + j] > 0 ? value(c, j) >= median[j] : value(c, j) <= median[j];
  const ranked = Array.from({ length: k }, (_, c) =>
    Array.from({ length: d }, (_, j) => j)
      .filter((j) => Math.abs(z[c * d + j]) >= minZ && truthful(c, j))
      .sort((a, b) => Math.abs(z[c * d + b]) - Math.abs(z[c * d + a])),
  );
  const wordsOf = (c: number, w: number): Word[] =>
    ranked[c].slice(0, w).map((j) => ({ j, side: z[c * d + j] > 0 ? 1 : -1 }));
  const key = (ws: Word[]) =>
    ws
      .map((x) => `${x.j}${x.side > 0 ? '+' : '-'}`)
      .sort()
      .join(' ');
  const base = options.words ?? 2;
  const parts = Array.from({ length: k }, (_, c) => wordsOf(c, base));
  for (let w = base + 1; w <= d; w++) {
    const dup = duplicates(parts.map(key));
    if (dup.size === 0) break;
    for (let c = 0; c < k; c++) if (dup.has(key(parts[c]))) parts[c] = wordsOf(c, w);
  }
  // Of several clusters said to be high (low) on a feature, the one clearly furthest says so.
  const superlative = new Set<string>();
  for (let j = 0; j < d; j++) {
    for (const side of [1, -1] as const) {
      const sharing = parts.flatMap((ws, c) =>
        ws.some((x) => x.j === j && x.side === side) ? [c] : [],
      );
      if (sharing.length < 2) continue;
      const by = sharing.map((c) => ({ c, v: side * value(c, j) })).sort((a, b) => b.v - a.v);
      if (by[0].v > by[1].v) superlative.add(`${by[0].c}:${j}`);
    }
  }
  const names = parts.map((ws, c) => {
    if (ws.length === 0) return 'Typical';
    const s = ws
      .map(({ j, side }) => {
        const top = superlative.has(`${c}:${j}`);
        const f = words[j];
        return side > 0
          ? top
            ? (f.highest ?? f.high)
            : f.high
          : top
            ? (f.lowest ?? f.low)
            : f.low;
      })
      .join(' · ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} ${count}`;
  });
}

function duplicates(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return dup;
}
