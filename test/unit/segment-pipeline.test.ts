import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import {
  assignClusters,
  bucketSums,
  clusterCentroids,
  reassignMoved,
  rfmCuts,
  savedFeaturesMatch,
  assignSegments,
} from '../../src/lib/segment/pipeline';
import { RfmLive } from '../../src/lib/live/rfm';
import { defaultSegmentsConfig, defaultRfmSegments } from '../../src/lib/segment/config';
import { assignRfm, rfmScores, DEFAULT_RFM_RULES } from '../../src/lib/segment/rfm';
import type { SegmentDef } from '../../src/lib/segment/model';

function clusters(k: number, d: number, rng: ReturnType<typeof createRng>): SegmentDef[] {
  return Array.from({ length: k }, (_, c) => ({
    id: `c${c}`,
    name: `C${c}`,
    color: '#000',
    definition: {
      kind: 'cluster' as const,
      features: [],
      centroids: [Array.from({ length: d }, () => rng.normal() * 2)],
    },
  }));
}

describe('saved cluster features', () => {
  const segs = (features: string[]): SegmentDef[] => [
    {
      id: 'a',
      name: 'A',
      color: '#000',
      definition: { kind: 'cluster', features, centroids: [[0, 0, 0]] },
    },
  ];

  it('reads centroids only over the features they were found on, in the same order', () => {
    const cols = ['recency', 'frequency', 'monetary'];
    expect(clusterCentroids(segs(cols), 3, cols).k).toBe(1);
    // Saved without names (older configs): only the length is checked.
    expect(clusterCentroids(segs([]), 3, cols).k).toBe(1);
    for (const other of [
      ['recency', 'frequency', 'recency__missing'],
      ['frequency', 'recency', 'monetary'],
    ]) {
      expect(() => clusterCentroids(segs(cols), 3, other)).toThrow(
        /found on recency, frequency, monetary.*run k-means again/,
      );
    }
    expect(savedFeaturesMatch(cols, cols)).toBe(true);
    expect(savedFeaturesMatch([], cols)).toBe(true);
    expect(savedFeaturesMatch(cols, cols.slice(0, 2))).toBe(false);
  });
});

describe('incremental centroid moves', () => {
  it('assignClusters picks the nearest centroid, skipping missing coordinates', () => {
    const rng = createRng(3);
    const n = 2000;
    const d = 3;
    const matrix = Float32Array.from({ length: n * d }, () => rng.normal() * 3);
    for (let i = 0; i < 200; i++) matrix[rng.int(n * d)] = NaN;
    matrix.fill(NaN, 0, d); // a row with no coordinate at all goes to the first centroid
    const segs = clusters(5, d, rng);
    const cs = segs.map((s) => (s.definition.kind === 'cluster' ? s.definition.centroids[0] : []));
    const expected = Int32Array.from({ length: n }, (_, i) => {
      let best = 0;
      let bestD = Infinity;
      cs.forEach((c, j) => {
        let dist = 0;
        for (let t = 0; t < d; t++) {
          const x = matrix[i * d + t];
          if (!Number.isNaN(x)) dist += (x - c[t]) ** 2;
        }
        if (dist < bestD) [best, bestD] = [j, dist];
      });
      return best;
    });
    expect(assignClusters(matrix, n, d, clusterCentroids(segs, d))).toEqual(expected);
    expect(expected[0]).toBe(0);
  });

  it('reassignMoved gives exactly the full nearest-centroid assignment after each move', () => {
    const rng = createRng(11);
    const n = 5000;
    const d = 4;
    const matrix = Float32Array.from({ length: n * d }, () => rng.normal() * 3);
    matrix[17] = NaN; // a missing coordinate is skipped in both paths
    let segs = clusters(6, d, rng);
    let assignment = assignClusters(matrix, n, d, clusterCentroids(segs, d));
    for (let step = 0; step < 25; step++) {
      const moved = rng.int(segs.length);
      segs = segs.map((s, i) =>
        i === moved && s.definition.kind === 'cluster'
          ? {
              ...s,
              definition: {
                ...s.definition,
                centroids: [s.definition.centroids[0].map((v) => v + rng.normal())],
              },
            }
          : s,
      );
      const cc = clusterCentroids(segs, d);
      const incremental = reassignMoved(matrix, n, d, cc, moved, assignment);
      const full = assignClusters(matrix, n, d, cc);
      expect(incremental).toEqual(full);
      assignment = full;
    }
  });
});

describe('RFM live recount', () => {
  const rng = createRng(5);
  const n = 3000;
  const r = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 400));
  const f = Float64Array.from({ length: n }, () => 1 + Math.floor(-Math.log(1 - rng.next()) * 4));
  const m = Float64Array.from({ length: n }, (_, i) => f[i] * (20 + rng.next() * 200));
  m[3] = NaN;

  it('assigns like the rule-by-rule RFM scoring and sums monetary value per segment in the same pass', () => {
    const inputs = { n, columns: {}, rfm: { r, f, m } };
    const cuts = rfmCuts(inputs, {});
    const live = new RfmLive({ r, f, m }, cuts, defaultRfmSegments());
    const reference = assignRfm(rfmScores(r, f, m), DEFAULT_RFM_RULES);
    expect(live.assignment).toEqual(reference.assignment);
    expect(live.counts).toEqual(reference.counts);
    const sums = bucketSums(live.assignment, m, DEFAULT_RFM_RULES.length);
    live.sums.forEach((v, i) => expect(v).toBeCloseTo(sums[i], 6));
  });

  it('moving one cut-point equals scoring from scratch with the new cuts', () => {
    const inputs = { n, columns: {}, rfm: { r, f, m } };
    const cuts = rfmCuts(inputs, {});
    const live = new RfmLive({ r, f, m }, cuts, defaultRfmSegments());
    const moved = [cuts.m[0], cuts.m[1], cuts.m[2] * 1.3, cuts.m[3] * 1.3];
    live.setCuts('m', moved);
    const cfg = defaultSegmentsConfig();
    cfg.rfm.cuts = { m: moved };
    const fresh = assignSegments(cfg, inputs);
    expect(live.assignment).toEqual(fresh.assignment);
    expect(live.counts).toEqual(fresh.counts);
  });
});

describe('RFM live recount through the bucket index', () => {
  it('a long sequence of single-cut moves gives exactly the from-scratch assignment, counts and sums', () => {
    const rng = createRng(9);
    const n = 20_000;
    const r = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 400));
    const f = Float64Array.from({ length: n }, () => 1 + Math.floor(-Math.log(1 - rng.next()) * 4));
    const m = Float64Array.from({ length: n }, (_, i) => f[i] * Math.exp(3 + rng.normal()));
    r[10] = NaN;
    const inputs = { n, columns: {}, rfm: { r, f, m } };
    const live = new RfmLive({ r, f, m }, rfmCuts(inputs, {}), defaultRfmSegments());
    let cuts = live.cuts;
    for (let step = 0; step < 60; step++) {
      const dim = (['r', 'f', 'm'] as const)[step % 3];
      const j = rng.int(4);
      const c = cuts[dim].slice();
      const lo = j > 0 ? c[j - 1] : c[j] * 0.5;
      const hi = j < 3 ? c[j + 1] : c[j] * 1.5 + 1;
      c[j] = lo + (hi - lo) * rng.next();
      live.setCuts(dim, c);
      cuts = live.cuts;
      const cfg = defaultSegmentsConfig();
      cfg.rfm.cuts = cuts;
      const fresh = assignSegments(cfg, inputs);
      expect(live.assignment).toEqual(fresh.assignment);
      expect(live.counts).toEqual(fresh.counts);
      const sums = bucketSums(fresh.assignment, m, fresh.counts.length - 1);
      live.sums.forEach((v, i) => expect(v).toBeCloseTo(sums[i], 4));
    }
  });

  it('a drag read only through its counts and a sample settles to the from-scratch assignment', () => {
    const rng = createRng(21);
    const n = 30_000;
    const r = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 400));
    const f = Float64Array.from({ length: n }, () => 1 + Math.floor(-Math.log(1 - rng.next()) * 4));
    const m = Float64Array.from({ length: n }, (_, i) => f[i] * Math.exp(3 + rng.normal()));
    for (let i = 0; i < n; i += 97) f[i] = NaN; // unscored in F: never in a segment
    r[5] = NaN;
    const inputs = { n, columns: {}, rfm: { r, f, m } };
    const live = new RfmLive({ r, f, m }, rfmCuts(inputs, {}), defaultRfmSegments());
    const sample = Int32Array.from({ length: 500 }, () => rng.int(n));
    const fromScratch = () => {
      const cfg = defaultSegmentsConfig();
      cfg.rfm.cuts = live.cuts;
      return assignSegments(cfg, inputs);
    };
    // Moves of one dimension (a drag), then another's, then all four cuts at once, with the
    // per-customer arrays read only at the end of each stretch.
    const plan: ['r' | 'f' | 'm', number][] = [
      ...Array.from({ length: 40 }, () => ['m', 2] as ['m', number]),
      ...Array.from({ length: 25 }, () => ['r', 1] as ['r', number]),
      ['m', -1],
      ...Array.from({ length: 25 }, () => ['f', 0] as ['f', number]),
    ];
    for (const [step, [dim, j]] of plan.entries()) {
      const c = live.cuts[dim].slice();
      if (j < 0) c.forEach((v, i) => (c[i] = v * (0.8 + 0.1 * i)));
      else {
        const lo = j > 0 ? c[j - 1] : c[j] * 0.5;
        const hi = j < 3 ? c[j + 1] : c[j] * 1.5 + 1;
        c[j] = lo + (hi - lo) * rng.next();
      }
      live.setCuts(dim, c);
      const fresh = fromScratch();
      expect(live.counts).toEqual(fresh.counts);
      const sums = bucketSums(fresh.assignment, m, fresh.counts.length - 1);
      live.sums.forEach((v, i) => expect(v).toBeCloseTo(sums[i], 4));
      expect(live.segmentsOf(sample)).toEqual(sample.map((row) => fresh.assignment[row]));
      if (step === 39 || step === 64 || step === plan.length - 1) {
        expect(live.assignment).toEqual(fresh.assignment);
        const scores = rfmScores(r, f, m, live.cuts);
        expect(live.scores.r).toEqual(scores.r);
        expect(live.scores.f).toEqual(scores.f);
        expect(live.scores.m).toEqual(scores.m);
      }
    }
  });
});
