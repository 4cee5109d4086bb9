import { describe, expect, it } from 'vitest';
import {
  excludes,
  meanInterval,
  newcombeDiff,
  tCritical95,
  wilson,
} from '../../src/lib/track/stats';
import { segmentationAge } from '../../src/lib/track/age';

// Two-sided 95 % critical values of Student's t, from a printed table (3 decimals).
const T_TABLE: [number, number][] = [
  [1, 12.706],
  [2, 4.303],
  [3, 3.182],
  [4, 2.776],
  [5, 2.571],
  [6, 2.447],
  [7, 2.365],
  [8, 2.306],
  [9, 2.262],
  [10, 2.228],
  [12, 2.179],
  [15, 2.131],
  [20, 2.086],
  [25, 2.06],
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
];

describe('interval statistics', () => {
  it('gives the Wilson score interval of published examples', () => {
    // Newcombe (1998), table I: 81/263 -> 0.2553-0.3662; 0/10 -> 0-0.2775; 1/29 -> 0.0061-0.1718.
    const a = wilson(81, 263);
    expect([a.lo, a.hi].map((v) => +v.toFixed(4))).toEqual([0.2553, 0.3662]);
    expect(+wilson(0, 10).hi.toFixed(4)).toBe(0.2775);
    expect(wilson(0, 10).lo).toBe(0);
    const c = wilson(1, 29);
    expect([c.lo, c.hi].map((v) => +v.toFixed(4))).toEqual([0.0061, 0.1718]);
    expect(wilson(0, 0).value).toBeNaN();
  });

  it("approximates the t critical value to the table's 3 decimals", () => {
    for (const [df, t] of T_TABLE) expect(Math.abs(tCritical95(df) - t)).toBeLessThan(6e-4);
    expect(tCritical95(Infinity)).toBeCloseTo(1.96, 2);
    expect(tCritical95(0)).toBeNaN();
  });

  it('gives a mean interval from the sum of squared deviations', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const ss = x.reduce((s, v) => s + (v - mean) ** 2, 0);
    const iv = meanInterval(x.length, mean, ss);
    const half = (2.365 * Math.sqrt(ss / 7)) / Math.sqrt(8);
    expect(iv.value).toBe(5);
    expect(iv.hi - 5).toBeCloseTo(half, 3);
    expect(meanInterval(1, 3, 0).lo).toBeNaN();
  });

  it("gives Newcombe's hybrid score interval of his examples", () => {
    // Newcombe (1998), table II: 56/70 - 48/80 = 0.2000, interval 0.0524 to 0.3339.
    const d = newcombeDiff(56, 70, 48, 80);
    expect(+d.value.toFixed(4)).toBe(0.2);
    expect([d.lo, d.hi].map((v) => +v.toFixed(4))).toEqual([0.0524, 0.3339]);
    // 9/10 - 3/10 = 0.6, 0.1705 to 0.8090.
    const e = newcombeDiff(9, 10, 3, 10);
    expect([e.lo, e.hi].map((v) => +v.toFixed(4))).toEqual([0.1705, 0.809]);
    expect(newcombeDiff(1, 0, 1, 2).value).toBeNaN();
  });

  it('says whether an interval excludes a value', () => {
    expect(excludes({ value: 0.5, lo: 0.4, hi: 0.6 }, 0.3)).toBe(1);
    expect(excludes({ value: 0.5, lo: 0.4, hi: 0.6 }, 0.7)).toBe(-1);
    expect(excludes({ value: 0.5, lo: 0.4, hi: 0.6 }, 0.5)).toBe(0);
    expect(excludes({ value: 0.5, lo: NaN, hi: NaN }, 0.1)).toBe(0);
  });
});

describe('segmentation age', () => {
  it('counts days and flags a segmentation older than the period', () => {
    const today = new Date(Date.UTC(2025, 0, 1, 15));
    expect(segmentationAge('2024-07-01', today)).toEqual({
      days: 184,
      staleAfter: '2025-01-01',
      stale: false,
    });
    expect(segmentationAge('2024-06-30', today).stale).toBe(true);
    expect(segmentationAge('2024-12-01', today, 1)).toMatchObject({ days: 31, stale: false });
    expect(segmentationAge('2024-08-31', today, 6).staleAfter).toBe('2025-02-28');
    expect(() => segmentationAge('01/07/2024', today)).toThrow(/YYYY-MM-DD/);
    expect(() => segmentationAge('2024-07-01', today, 0)).toThrow(/whole number of months/);
  });
});
