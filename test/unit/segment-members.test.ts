import { describe, expect, it } from 'vitest';
import {
  centroidDistances,
  pageOf,
  segmentMembers,
  sortMembers,
} from '../../src/lib/segment/members';

describe('segment members', () => {
  it('lists a segment’s rows in order', () => {
    expect(Array.from(segmentMembers(Int32Array.from([1, 0, 1, 2, 1]), 1))).toEqual([0, 2, 4]);
  });

  it('measures the distance to the nearest of a cluster’s centres', () => {
    const m = Float32Array.from([0, 0, 3, 4, 10, 0]);
    const d = centroidDistances(m, 2, Int32Array.from([0, 1, 2]), [
      [0, 0],
      [10, 1],
    ]);
    expect(Array.from(d)).toEqual([0, 5, 1]);
  });

  it('sorts numbers and text both ways with missing values last', () => {
    const v = [3, NaN, 1, 2];
    const rows = Int32Array.from([0, 1, 2, 3]);
    expect(Array.from(sortMembers(rows, (r) => v[r], 1))).toEqual([2, 3, 0, 1]);
    expect(Array.from(sortMembers(rows, (r) => v[r], -1))).toEqual([0, 3, 2, 1]);
    const ids = ['c10', 'c9', '', 'c1'];
    expect(Array.from(sortMembers(rows, (r) => ids[r], 1))).toEqual([3, 1, 0, 2]);
  });

  it('pages with the page clamped', () => {
    const rows = Int32Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(rows, 2, 50)).toMatchObject({ page: 2, pages: 3 });
    expect(pageOf(rows, 2, 50).rows.length).toBe(20);
    expect(pageOf(rows, 9, 50).page).toBe(2);
    expect(pageOf(new Int32Array(0), 0, 50)).toMatchObject({ page: 0, pages: 1 });
  });
});
