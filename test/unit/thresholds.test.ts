import { describe, expect, it } from 'vitest';
import {
  displayDomain,
  isSkewed,
  snapToQuantile,
  sortedFinite,
  symlog,
  symlogInverse,
} from '../../src/views/charts/thresholds';

describe('threshold axes', () => {
  it('symlog and its inverse round-trip, sign and zero included', () => {
    for (const v of [-5000, -1, -0.25, 0, 0.5, 3, 47.9, 1e6])
      expect(symlogInverse(symlog(v))).toBeCloseTo(v, 6);
    expect(symlog(0)).toBe(0);
  });
  it('calls a feature skewed when its 99th percentile is over 20x the median', () => {
    const spend = sortedFinite(
      Float64Array.from({ length: 1000 }, (_, i) => (i < 980 ? 10 + (i % 7) : 5000)),
    );
    const days = sortedFinite(Float64Array.from({ length: 1000 }, (_, i) => i % 365));
    expect(isSkewed(spend)).toBe(true);
    expect(isSkewed(days)).toBe(false);
    expect(isSkewed(new Float64Array())).toBe(false);
  });
  it('shows min to the 99th percentile and snaps to whole percentiles', () => {
    const s = sortedFinite(Float64Array.from({ length: 101 }, (_, i) => i));
    expect(displayDomain(s)).toEqual([0, 99]);
    expect(snapToQuantile(s, 41.4)).toBe(41);
  });
});
