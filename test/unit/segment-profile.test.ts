import { describe, expect, it } from 'vitest';
import { profileSegments } from '../../src/lib/segment/profile';
import { binBySegment, binFeature } from '../../src/lib/live/histogram';
import { OKABE_ITO, nextUnusedColor, paletteColor } from '../../src/lib/segment/palette';
import { nameClusters } from '../../src/lib/segment/naming';

describe('profileSegments', () => {
  it('matches hand-computed numbers', () => {
    const features = {
      x: Float64Array.of(1, 2, 3, 4, NaN, 10),
      m: Float64Array.of(10, 20, 30, 40, 50, 50),
    };
    const p = profileSegments(features, Int32Array.of(0, 0, 1, 1, 1, -1), 2, { valueFeature: 'm' });
    expect(p.assigned).toBe(5);
    expect(p.overallMean).toEqual({ x: 2.5, m: 30 });
    expect(p.overallSd.x).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(p.overallSd.m).toBeCloseTo(Math.sqrt(200), 12);
    const [s0, s1] = p.segments;
    expect(s0).toMatchObject({ size: 2, share: 0.4, mean: { x: 1.5, m: 15 } });
    expect(s1).toMatchObject({ size: 3, share: 0.6, mean: { x: 3.5, m: 40 } });
    expect(s0.valueShare).toBeCloseTo(0.2, 12);
    expect(s1.valueShare).toBeCloseTo(0.8, 12);
    expect(s0.indexVsAll.x).toBeCloseTo(0.6, 12);
    expect(s0.indexVsAll.m).toBeCloseTo(0.5, 12);
    expect(s0.distinguishing.map((d) => d.feature)).toEqual(['m', 'x']);
    expect(s0.distinguishing[0].diff).toBeCloseTo(-15 / Math.sqrt(200), 12);
    expect(s0.distinguishing[1].diff).toBeCloseTo(-1 / Math.sqrt(1.25), 12);
    expect(() =>
      profileSegments(features, Int32Array.of(0, 0, 1, 1, 1, -1), 2, { valueFeature: 'q' }),
    ).toThrow(/"q"/);
  });

  it('keeps the overall sd accurate for large values with a small spread', () => {
    // Around 1e9 with sd ~1: sum of squares minus the squared mean without a shift loses every
    // digit of the variance in doubles; the two-pass formula is the reference.
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => 1e9 + Math.sin(i) * 1.5 + (i % 7) / 7);
    const assignment = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -1 : i % 3));
    x[1] = NaN; // before the first usable row (row 0 is unassigned), and one later
    x[11] = NaN;
    const kept = [...x].filter((v, i) => assignment[i] >= 0 && !Number.isNaN(v));
    const mean = kept.reduce((s, v) => s + v, 0) / kept.length;
    const sd = Math.sqrt(kept.reduce((s, v) => s + (v - mean) ** 2, 0) / kept.length);
    const p = profileSegments({ x }, assignment, 3);
    expect(p.overallMean.x).toBeCloseTo(mean, 3);
    expect(Math.abs(p.overallSd.x - sd) / sd).toBeLessThan(1e-6);
    const seg1 = [...x].filter((v, i) => assignment[i] === 1 && !Number.isNaN(v));
    expect(p.segments[1].size).toBe(assignment.filter((a) => a === 1).length);
    expect(p.segments[1].mean.x).toBeCloseTo(seg1.reduce((s, v) => s + v, 0) / seg1.length, 3);
    // One customer: sd 0, so every diff is 0 rather than NaN or noise.
    const one = profileSegments({ x: Float64Array.of(123.456) }, Int32Array.of(0), 1);
    expect(one.overallSd.x).toBe(0);
    expect(one.segments[0].distinguishing[0].diff).toBe(0);
  });
});

describe('histogram', () => {
  it('bins with [lo, hi) bins, a closed last bin, and counts missing/outside', () => {
    const v = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, -1);
    const h = binFeature(v, 5, [0, 10]);
    expect([...h.edges]).toEqual([0, 2, 4, 6, 8, 10]);
    expect([...h.counts]).toEqual([2, 2, 2, 2, 3]);
    expect(h.missing).toBe(1);
    expect(h.outside).toBe(1);
    const auto = binFeature(v, 2);
    expect([...auto.edges]).toEqual([-1, 4.5, 10]);
    expect([...auto.counts]).toEqual([6, 6]);
    expect([...binFeature(Float32Array.of(3, 3), 4).counts]).toEqual([2, 0, 0, 0]);
    expect(() => binFeature(v, 0)).toThrow(/bins/);
  });

  it('stacks counts by segment', () => {
    const v = Float64Array.of(0, 1, 5, 9, 10, 3);
    const s = binBySegment(v, Int32Array.of(0, 1, 1, 0, -1, 1), 2, Float64Array.of(0, 5, 10));
    expect([...s]).toEqual([1, 1, 2, 1]);
  });
});

describe('palette', () => {
  it('starts with Okabe-Ito, continues with distinct extras, and finds unused colours', () => {
    const first = (k: number) => Array.from({ length: k }, (_, i) => paletteColor(i));
    expect(first(8)).toEqual([...OKABE_ITO]);
    const p = first(14);
    expect(new Set(p.map((c) => c.toLowerCase())).size).toBe(14);
    expect(paletteColor(14)).toBe(OKABE_ITO[0]);
    expect(nextUnusedColor([OKABE_ITO[0].toLowerCase(), OKABE_ITO[1]])).toBe(OKABE_ITO[2]);
  });
});

describe('nameClusters', () => {
  const features = [
    { id: 'recency_days' },
    { id: 'frequency', label: 'Frequency' },
    { id: 'monetary' },
  ];
  const stats = { mean: [100, 5, 500], sd: [50, 2, 200] };

  it('names by the two most extreme z-scores', () => {
    const centroids = [
      40,
      5.5,
      1300, // z: -1.2, 0.25, 4 -> High monetary · Recent
      250,
      1,
      480, // z: 3, -2, -0.1 -> Lapsed · Low frequency
      100,
      5,
      500, // nothing remarkable
    ];
    expect(nameClusters(centroids, 3, features, stats)).toEqual([
      'High monetary · Recent',
      'Lapsed · Low frequency',
      'Typical',
    ]);
  });

  it('never names two clusters with the same words in another order', () => {
    const f2 = [{ id: 'frequency' }, { id: 'monetary' }, { id: 'tenure' }];
    const st = { mean: [5, 500, 100], sd: [1, 100, 10] };
    // Both high on frequency and monetary, in a different order of strength.
    const names = nameClusters([8, 900, 120, 9, 700, 80, 5, 500, 100, 4, 400, 100], 4, f2, st);
    const sets = names.map((n) =>
      n
        .toLowerCase()
        .replace(/highest/g, 'high')
        .split(' · ')
        .sort()
        .join('|'),
    );
    expect(new Set(sets).size).toBe(4);
  });

  it('ranks clusters truthfully: "High" only in the upper half, "Highest" for the top one', () => {
    const f2 = [{ id: 'frequency' }, { id: 'monetary' }];
    const st = { mean: [2, 100], sd: [1, 50] };
    // All four are above the overall mean on monetary (z > 0), but two are the lower half.
    const centroids = [6, 400, 5, 300, 1.9, 160, 2.1, 150];
    const names = nameClusters(centroids, 4, f2, st);
    expect(names[0]).toBe('Highest monetary · Highest frequency');
    expect(names[1]).toBe('High monetary · High frequency');
    expect(names.slice(2).join(' ')).not.toMatch(/High monetary/);
  });

  it('keeps names unique: a further word first, then a number', () => {
    const centroids = [
      400,
      1,
      900, // z: 6, -2, 2
      400,
      9,
      900, // z: 6, 2, 2
      400,
      9,
      900,
    ];
    const names = nameClusters(centroids, 3, features, stats);
    expect(names).toEqual([
      'Lapsed · Low frequency', // already unique: only clashing names grow
      'Lapsed · High frequency · High monetary',
      'Lapsed · High frequency · High monetary 2',
    ]);
  });
});
