import { describe, expect, it } from 'vitest';
import { brushLeaves } from '../../src/lib/segment/brush-rule';

describe('brushLeaves', () => {
  const columns = {
    recency: Float64Array.from([10, 25, 40, 300]),
    monetary: Float64Array.from([123.456, 5003.684, 80, 9]),
  };
  it('spans the selected customers on both features, rounded outwards', () => {
    expect(brushLeaves([0, 1, 2], ['recency', 'monetary'], columns)).toEqual([
      { feature: 'recency', op: 'between', value: [10, 40] },
      { feature: 'monetary', op: 'between', value: [80, 5004] },
    ]);
    const [, m] = brushLeaves([0, 1], ['recency', 'monetary'], columns)!;
    const [lo, hi] = m.value as number[];
    expect(lo).toBeLessThanOrEqual(123.456);
    expect(hi).toBeGreaterThanOrEqual(5003.684);
  });
  it('gives nothing for a feature without raw values or an empty selection', () => {
    expect(brushLeaves([0], ['recency', 'recency__missing'], columns)).toBeNull();
    expect(brushLeaves([], ['recency', 'monetary'], columns)).toBeNull();
  });
});
