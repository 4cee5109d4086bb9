import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, inferCurrency, isCurrencyCode } from '../../src/lib/currency';

const col = (name: string, role: string, samples: string[] = [], distinct = samples.length) => ({
  name,
  role,
  samples,
  distinct,
});

describe('isCurrencyCode', () => {
  it('takes a known upper-case ISO code only', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    for (const bad of ['eur', 'EURO', 'XXX', '', null, 3, '€'])
      expect(isCurrencyCode(bad)).toBe(false);
  });
  it('lists only codes Intl can write', () => {
    for (const code of CURRENCY_CODES)
      expect(
        () => new Intl.NumberFormat('en', { style: 'currency', currency: code }),
      ).not.toThrow();
  });
});

describe('inferCurrency', () => {
  it('reads the one value of a currency column', () => {
    const got = inferCurrency([
      col('amount', 'amount', ['12.5']),
      col('Currency', 'category', ['gbp']),
    ]);
    expect(got).toEqual({ code: 'GBP', why: 'the column “Currency” holds only GBP' });
  });
  it('says nothing when the currency column holds several', () => {
    expect(inferCurrency([col('currency', 'category', ['GBP', 'EUR'])])).toBeNull();
  });
  it('reads a symbol or code in the name of an amount or price column', () => {
    expect(inferCurrency([col('Price (£)', 'unit_price')])?.code).toBe('GBP');
    expect(inferCurrency([col('sales_eur', 'amount')])?.code).toBe('EUR');
    // Not in a column of another role, nor inside a longer word.
    expect(inferCurrency([col('eur_region', 'category')])).toBeNull();
    expect(inferCurrency([col('amount', 'amount'), col('audit', 'text')])).toBeNull();
  });
  it('reads a symbol written with the amounts, when they agree', () => {
    expect(inferCurrency([col('total', 'text', ['£12.50', '£3.00'])])?.why).toBe(
      'the amounts in “total” are written with GBP',
    );
    expect(inferCurrency([col('total', 'text', ['€12.50', '£3.00'])])).toBeNull();
    // "$" is the dollar of many countries: not a guess the studio makes.
    expect(inferCurrency([col('total', 'text', ['$12.50'])])).toBeNull();
  });
  it('says nothing when two clues disagree', () => {
    expect(
      inferCurrency([col('currency', 'category', ['USD']), col('Price (£)', 'unit_price')]),
    ).toBeNull();
  });
});
