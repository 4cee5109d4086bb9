import { describe, expect, it } from 'vitest';
import {
  gridRange,
  gridStep,
  isIntegerValued,
  keyTarget,
  layoutLabels,
  percentileLevels,
  snapToQuantile,
  sortedFinite,
  toGrid,
} from '../../src/views/charts/thresholds';

const ramp = (n: number, f: (i: number) => number = (i) => i) =>
  sortedFinite(Float64Array.from({ length: n }, (_, i) => f(i)));

describe('integer-valued features', () => {
  it('are those whose every finite value is whole', () => {
    expect(isIntegerValued(sortedFinite(Float64Array.from([3, 1, NaN, 2, Infinity])))).toBe(true);
    expect(isIntegerValued(sortedFinite(Float64Array.from([1, 2.5])))).toBe(false);
    expect(isIntegerValued(new Float64Array())).toBe(false);
  });
});

describe('percentile levels', () => {
  it('lists the distinct whole-percent quantiles, rounded for counts', () => {
    const s = ramp(101);
    const levels = percentileLevels(s);
    expect(levels).toHaveLength(101);
    expect(levels[41]).toBe(41);
    // Every level is what snapToQuantile snaps to.
    for (const v of [0.2, 41.4, 41.6, 99.9]) expect(toGrid(levels, v)).toBe(snapToQuantile(s, v));
    const orders = ramp(1000, (i) => 1 + Math.floor(i / 300)); // 1..4 orders, many ties
    expect(percentileLevels(orders, true)).toEqual([1, 2, 3, 4]);
    expect(percentileLevels(new Float64Array())).toEqual([]);
  });
});

describe('grids', () => {
  const levels = [1, 2.5, 4, 10];
  it('put a value on the nearest grid point', () => {
    expect(toGrid('any', 4.23)).toBe(4.23);
    expect(toGrid('integer', 4.23)).toBe(4);
    expect(toGrid(levels, 3)).toBe(2.5);
    expect(toGrid(levels, 3.25)).toBe(2.5); // a tie goes to the lower level
    expect(toGrid(levels, -5)).toBe(1);
    expect(toGrid(levels, 50)).toBe(10);
  });
  it('step to the next grid point strictly beyond a value', () => {
    expect(gridStep('integer', 4, 1)).toBe(5);
    expect(gridStep('integer', 4.2, 1)).toBe(5);
    expect(gridStep('integer', 4.2, -1)).toBe(4);
    expect(gridStep('integer', 4, -1)).toBe(3);
    expect(gridStep(levels, 2.5, 1)).toBe(4);
    expect(gridStep(levels, 2.5, -1)).toBe(1);
    expect(gridStep(levels, 3, -1)).toBe(2.5);
    expect(gridStep(levels, 10, 1)).toBe(Infinity);
    expect(gridStep(levels, 1, -1)).toBe(-Infinity);
  });
  it('give the lowest and highest grid points in a range, or null', () => {
    expect(gridRange('any', 1.5, 7.2)).toEqual([1.5, 7.2]);
    expect(gridRange('integer', 1.5, 7.2)).toEqual([2, 7]);
    expect(gridRange('integer', 1.2, 1.8)).toBeNull();
    expect(gridRange(levels, 2, 9)).toEqual([2.5, 4]);
    expect(gridRange(levels, 2.5, 4)).toEqual([2.5, 4]);
    expect(gridRange(levels, 5, 9)).toBeNull();
    expect(gridRange('any', 3, 2)).toBeNull();
  });
});

describe('key moves', () => {
  it('stop at the domain and the neighbours, and never move backwards', () => {
    // Recency cut at 5 days, domain from 1: repeated ArrowLeft ends at 1, never below.
    let v = 5;
    for (let k = 0; k < 10; k++) v = keyTarget('any', v, -1, v - 3.65, 1, 40);
    expect(v).toBe(1);
    expect(keyTarget('any', 1, -1, -2.65, 1, 40)).toBe(1); // at the bound: unchanged
    expect(keyTarget('any', 30, 1, 45, 1, 40)).toBe(40);
    // A cut beyond the domain (a typed rule value): Right does not pull it back in; Left does.
    expect(keyTarget('any', 5000, 1, 1000, 0, 1000)).toBe(5000);
    expect(keyTarget('any', 5000, -1, 990, 0, 1000)).toBe(990);
    expect(keyTarget('any', 5, 1, 6, 8, 7)).toBe(5); // empty range
  });
  it('go to the next whole number on a count, further on a bigger step', () => {
    expect(keyTarget('integer', 4, 1, 4.14, 1, 20)).toBe(5);
    expect(keyTarget('integer', 4, -1, 3.86, 1, 20)).toBe(3);
    expect(keyTarget('integer', 4.23, -1, 4.1, 1, 20)).toBe(4);
    expect(keyTarget('integer', 4, 1, 5.9, 1, 20)).toBe(6); // Shift: 10 % of the width
    expect(keyTarget('integer', 4, 1, 20, 1, 19.6)).toBe(19); // a bound between integers
    expect(keyTarget('integer', 2, -1, -Infinity, 1.3, 20)).toBe(2); // Home: 2 is the lowest
  });
  it('go to the next percentile in the key direction when snapping', () => {
    const levels = percentileLevels(ramp(101));
    expect(keyTarget(levels, 41, 1, 41.3, 0, 99)).toBe(42);
    expect(keyTarget(levels, 41, 1, 41, 0, 99)).toBe(42); // aiming at itself: one level
    expect(keyTarget(levels, 41.6, -1, 41.6, 0, 99)).toBe(41);
    expect(keyTarget(levels, 41, -1, 40.7, 0, 99)).toBe(40);
    expect(keyTarget(levels, 41.4, -1, 41.2, 0, 99)).toBe(41);
    expect(keyTarget(levels, 41, 1, 51.2, 0, 99)).toBe(51); // a page step: ten levels
    expect(keyTarget(levels, 98, 1, 99.5, 0, 98.5)).toBe(98); // no level left below the bound
  });
  it('go to the lowest or highest allowed value on Home and End', () => {
    expect(keyTarget('any', 12, -1, -Infinity, 3.5, 40)).toBe(3.5);
    expect(keyTarget('any', 12, 1, Infinity, 3.5, 40)).toBe(40);
    expect(keyTarget('integer', 12, 1, Infinity, 3.5, 40.7)).toBe(40);
    expect(keyTarget([1, 2.5, 4, 10], 2.5, 1, Infinity, 0, 9)).toBe(4);
  });
});

describe('cut labels', () => {
  const spans = (spots: ReturnType<typeof layoutLabels>, widths: number[]) =>
    spots.map((s, i) => {
      const left = s.x - { start: 0, middle: widths[i] / 2, end: widths[i] }[s.anchor];
      return [left, left + widths[i]] as const;
    });

  it('keep labels far apart on the first row, centred on their cuts', () => {
    const spots = layoutLabels([60, 140, 220], [30, 30, 30], 300);
    expect(spots).toEqual([
      { x: 60, anchor: 'middle', row: 0 },
      { x: 140, anchor: 'middle', row: 0 },
      { x: 220, anchor: 'middle', row: 0 },
    ]);
  });
  it('lift a label overlapping any earlier one on its row, not only its left neighbour', () => {
    // Three close cuts: the third clears the second on row 0 only if it clears the first too.
    const widths = [31, 31, 31];
    const spots = layoutLabels([100, 120, 140], widths, 300);
    const boxes = spans(spots, widths);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < i; j++)
        if (spots[i].row === spots[j].row && spots[i].row >= 0)
          expect(boxes[i][0] >= boxes[j][1] || boxes[j][0] >= boxes[i][1]).toBe(true);
    expect(spots.map((s) => s.row)).toEqual([0, 1, 0]);
    // Four cuts within a label's width: two rows are full, the rest are hidden.
    expect(layoutLabels([100, 105, 110, 115], [31, 31, 31, 31], 300).map((s) => s.row)).toEqual([
      0, 1, -1, -1,
    ]);
  });
  it('keep labels inside the plot at either edge', () => {
    const [left, right] = layoutLabels([10, 295], [31, 31], 300);
    expect(left).toEqual({ x: 1, anchor: 'start', row: 0 });
    expect(right).toEqual({ x: 299, anchor: 'end', row: 0 });
  });
});
