import { describe, expect, it } from 'vitest';
import { formatMoneyShort, formatNumber, isMoneyFeature } from '../../src/lib/number-format';

describe('formatNumber', () => {
  it('writes money with separators and two decimals, never an exponent', () => {
    expect(formatNumber(280_000, 'money')).toBe('280,000.00');
    expect(formatNumber(5003.684, 'money')).toBe('5,003.68');
    expect(formatNumber(-12.5, 'money')).toBe('-12.50');
  });
  it('writes money in a currency with its symbol, or its code where the symbol is shared', () => {
    expect(formatNumber(5003.684, 'money', 'EUR')).toBe('€5,003.68');
    expect(formatNumber(280_000, 'money', 'GBP')).toBe('£280,000.00');
    expect(formatNumber(-12.5, 'money', 'USD')).toBe('-$12.50');
    // Yen have no minor unit; Swiss francs no symbol of their own.
    expect(formatNumber(5003.684, 'money', 'JPY')).toBe('¥5,004');
    expect(formatNumber(12.5, 'money', 'CHF')).toBe('CHF\u00a012.50');
    // The currency applies to money only.
    expect(formatNumber(1234.5, 'plain', 'EUR')).toBe('1,235');
    expect(formatNumber(NaN, 'money', 'EUR')).toBe('–');
  });
  it('writes counts whole and other numbers with about three digits', () => {
    expect(formatNumber(20_000.4, 'count')).toBe('20,000');
    expect(formatNumber(280_000)).toBe('280,000');
    expect(formatNumber(1234.5)).toBe('1,235');
    expect(formatNumber(123.45)).toBe('123');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(NaN)).toBe('–');
  });
});

describe('isMoneyFeature', () => {
  it('knows spend from counts, days and trends', () => {
    for (const m of ['monetary', 'aov', 'total_spent', 'Annual Income (k$)', 'avg_spend'])
      expect(isMoneyFeature(m), m).toBe(true);
    for (const n of ['recency', 'frequency', 'spend_trend', 'return_rate', 'monetary__missing'])
      expect(isMoneyFeature(n), n).toBe(false);
  });
});

describe('formatMoneyShort', () => {
  it('writes large amounts compactly and small ones in full, in the currency when set', () => {
    expect(formatMoneyShort(4_735_735.34)).toBe('4.7M');
    expect(formatMoneyShort(4_735_735.34, 'EUR')).toBe('€4.7M');
    expect(formatMoneyShort(12_345, 'GBP')).toBe('£12.3K');
    expect(formatMoneyShort(512.4, 'EUR')).toBe('€512.40');
    expect(formatMoneyShort(Number.NaN)).toBe('–');
  });
});

describe('formatNumber writes what toLocaleString would', () => {
  it('for every kind, across magnitudes and signs', () => {
    const values = [0, 1e-7, 0.000123, 0.5, 1, 9.995, 12.345, 999.5, 1000, 12_345.678, 2.8e5, 1e12];
    for (const x of values.flatMap((v) => [v, -v])) {
      expect(formatNumber(x, 'money')).toBe(
        x.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      );
      expect(formatNumber(x, 'count')).toBe(Math.round(x).toLocaleString('en'));
      expect(formatNumber(x, 'money', 'EUR')).toBe(
        x.toLocaleString('en', { style: 'currency', currency: 'EUR' }),
      );
    }
  });
});
