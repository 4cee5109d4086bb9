/**
 * Signs of over-segmentation, each with what to do about it: a segment too small to act on, two
 * segments whose profiles are nearly the same, a cluster whose customers sit closer to another
 * cluster than to their own (negative mean silhouette).
 */
import type { Profiles } from './describe';

/** What a warning suggests, as the studio can carry it out. */
export type WarningAction =
  { kind: 'merge'; keep: number; other: number } | { kind: 'lower-k'; k: number } | null;

/** One warning about one or two buckets. */
export interface ProfileWarning {
  kind: 'small' | 'similar' | 'silhouette';
  buckets: number[];
  message: string;
  action: WarningAction;
}

/** Thresholds and what the studio knows of the segments. */
export interface WarningOptions {
  /** Name of each bucket. */
  names: readonly string[];
  /** Buckets that are segments of the config (the rest bucket cannot be merged). */
  mergeable: readonly boolean[];
  /** A segment under this share of the customers is "small" (default 0.02). */
  minShare?: number;
  /** Two profiles are "nearly the same" when no feature differs by more sds than this (0.25). */
  similarWithin?: number;
  /** Mean silhouette per cluster (clusters only; NaN where unknown) and the current k. */
  silhouette?: { perCluster: ArrayLike<number>; k: number };
}

/**
 * How far apart two buckets' profiles are: the largest difference of any numeric mean in overall
 * sds, or of any category level's share in sds of a 0/1 variable.
 */
export function profileDistance(p: Profiles, a: number, b: number): number {
  let far = 0;
  for (const f of p.numeric) {
    const sd = f.overall.sd;
    if (!(sd > 0)) continue;
    const d = Math.abs(f.segments[a].mean - f.segments[b].mean) / sd;
    if (d === d) far = Math.max(far, d);
  }
  for (const c of p.categorical) {
    const na = c.segments[a].n;
    const nb = c.segments[b].n;
    if (na === 0 || nb === 0 || c.overall.n === 0) continue;
    c.levels.forEach((_, l) => {
      const all = c.overall.counts[l] / c.overall.n;
      const sd = Math.sqrt(all * (1 - all));
      if (sd > 0)
        far = Math.max(
          far,
          Math.abs(c.segments[a].counts[l] / na - c.segments[b].counts[l] / nb) / sd,
        );
    });
  }
  return far;
}

/** The warnings for these profiles, small segments first. */
export function overSegmentation(p: Profiles, o: WarningOptions): ProfileWarning[] {
  const minShare = o.minShare ?? 0.02;
  const within = o.similarWithin ?? 0.25;
  const live = p.sizes.map((s, b) => (s.size > 0 ? b : -1)).filter((b) => b >= 0);
  const out: ProfileWarning[] = [];
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  for (const b of live) {
    const share = p.sizes[b].share;
    if (share >= minShare || live.length < 2) continue;
    const nearest = live
      .filter((x) => x !== b && o.mergeable[x])
      .map((x) => ({ x, d: profileDistance(p, b, x) }))
      .sort((u, v) => u.d - v.d)[0];
    const advice = nearest
      ? `Merge it into "${o.names[nearest.x]}", the most similar segment.`
      : 'Widen its definition, or merge it with another segment.';
    out.push({
      kind: 'small',
      buckets: [b],
      message: `"${o.names[b]}" holds ${pct(share)} of the customers (under ${pct(minShare)}): too few to act on alone. ${advice}`,
      action: nearest && o.mergeable[b] ? { kind: 'merge', keep: nearest.x, other: b } : null,
    });
  }
  for (let i = 0; i < live.length; i++)
    for (let j = i + 1; j < live.length; j++) {
      const [a, b] = [live[i], live[j]];
      const d = profileDistance(p, a, b);
      if (d >= within) continue;
      out.push({
        kind: 'similar',
        buckets: [a, b],
        message: `"${o.names[a]}" and "${o.names[b]}" have nearly the same profile (no feature differs by more than ${d.toFixed(2)} sd). Merge them.`,
        action: o.mergeable[a] && o.mergeable[b] ? { kind: 'merge', keep: a, other: b } : null,
      });
    }
  if (o.silhouette) {
    const { perCluster, k } = o.silhouette;
    for (const b of live) {
      const s = perCluster[b];
      if (!(s < 0)) continue;
      out.push({
        kind: 'silhouette',
        buckets: [b],
        message: `The customers of "${o.names[b]}" are on average closer to another cluster than to their own (mean silhouette ${s.toFixed(2)}). ${k > 2 ? `Try fewer clusters (k = ${k - 1}).` : 'Two is the fewest clusters: these features may not divide the customers into clear groups; try others.'}`,
        action: k > 2 ? { kind: 'lower-k', k: k - 1 } : null,
      });
    }
  }
  return out;
}
