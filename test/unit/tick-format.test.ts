import { describe, expect, it } from 'vitest';
import { formatMetric, tickFormat } from '../../src/views/charts/tick-format';

describe('axis and metric number formats', () => {
  it('uses a shared SI prefix from a thousand up', () => {
    const f = tickFormat([0, 500, 1000, 1500, 2000]);
    expect([0, 500, 1000, 1500, 2000].map(f)).toEqual(['0', '0.5k', '1k', '1.5k', '2k']);
    const g = tickFormat([0, 20_000, 40_000]);
    expect(g(40_000)).toBe('40k');
  });

  it('gives small values just the decimals their step needs', () => {
    const f = tickFormat([-1, -0.5, 0, 0.5, 1]);
    expect([-0.5, 0, 1].map(f)).toEqual(['−0.5', '0', '1']);
    expect(tickFormat([0, 20, 40])(40)).toBe('40');
    expect(tickFormat([])(3)).toBe('3');
  });

  it('formats metric values with separators or three significant digits', () => {
    expect(formatMetric(2404.3)).toBe('2,404');
    expect(formatMetric(0.41234)).toBe('0.412');
    expect(formatMetric(1.5)).toBe('1.5');
    expect(formatMetric(Number.NaN)).toBe('NaN');
  });
});
