import { describe, expect, it } from 'vitest';
import { categoryShares } from '../../src/views/charts/category-shares';

describe('categoryShares', () => {
  it('gives each segment’s and everyone’s shares of each level, missing values apart', () => {
    // Levels a=0, b=1, c=2; two segments; one customer in no segment.
    const codes = Int32Array.from([0, 0, 1, -1, 2, 2, 2, 1]);
    const assignment = Int32Array.from([0, 0, 0, 0, 1, 1, 1, -1]);
    const r = categoryShares(codes, 3, assignment, 2);
    expect(r.counts).toEqual([3, 3, 6]);
    expect(r.missing).toEqual([1, 0, 1]);
    expect(r.shares[0]).toEqual([2 / 3, 1 / 3, 0]);
    expect(r.shares[1]).toEqual([0, 0, 1]);
    expect(r.shares[2]).toEqual([2 / 6, 1 / 6, 3 / 6]);
  });
  it('gives an empty segment no shares rather than NaN', () => {
    const r = categoryShares(Int32Array.from([0]), 2, Int32Array.from([0]), 2);
    expect(r.shares[1]).toEqual([0, 0]);
  });
});
