import { describe, expect, it } from 'vitest';
import {
  customExprProblem,
  customIdProblem,
  windowDays,
} from '../../src/lib/features/field-checks';

const COLUMNS = { transactions: ['quantity', 'unit_price', 'order_id'], customers: ['age'] };

describe('customIdProblem', () => {
  it('names the first character that is not allowed, and where it is', () => {
    expect(customIdProblem('big baskets!', [])).toEqual({
      message:
        'The id may only use lower-case letters, digits and _: a space at character 4 is not allowed (use _).',
      pos: 3,
    });
    expect(customIdProblem('bigBaskets', [])?.message).toMatch(
      /capital “B” at character 4 is not allowed \(write “b”\)/,
    );
    expect(customIdProblem('big!', [])?.message).toMatch(/“!” at character 4/);
  });
  it('wants a letter first, a short id, and one not taken', () => {
    expect(customIdProblem('1st', [])?.message).toBe('The id must start with a letter (a to z).');
    expect(customIdProblem('a'.repeat(64), [])?.pos).toBe(63);
    expect(customIdProblem('recency', ['recency'])?.message).toMatch(/already called “recency”/);
  });
  it('lets an empty or good id through', () => {
    expect(customIdProblem('', [])).toBeNull();
    expect(customIdProblem('big_baskets_2', ['recency'])).toBeNull();
  });
});

describe('customExprProblem', () => {
  it('says a half-typed expression is not finished, and what it lacks', () => {
    expect(customExprProblem('sum(quantity * ', COLUMNS)).toEqual({
      message: 'The expression is not finished: 1 bracket is still open: add “)” at the end.',
      pos: 15,
    });
    expect(customExprProblem('sum(quantity) +')?.message).toBe(
      'The expression is not finished: a value or column name is missing at the end.',
    );
  });
  it('points at an unknown column or function by character', () => {
    const p = customExprProblem('sum(qty)', COLUMNS);
    expect(p?.pos).toBe(4);
    expect(p?.message).toMatch(/^At character 5: unknown column "qty"/);
    expect(customExprProblem('read_csv(1)', COLUMNS)?.message).toMatch(
      /^At character 1: unknown function read_csv/i,
    );
    // Without the columns only the syntax is checked.
    expect(customExprProblem('sum(qty)')).toBeNull();
    expect(customExprProblem('a $ b')?.message).toBe('At character 3: unexpected character "$".');
  });
  it('accepts a good expression and an empty field', () => {
    expect(
      customExprProblem('sum(quantity * unit_price) / count_distinct(order_id)', COLUMNS),
    ).toBeNull();
    expect(customExprProblem('  ')).toBeNull();
  });
});

describe('windowDays', () => {
  it('reads blank as all history and a whole number of days as the window', () => {
    expect(windowDays('')).toEqual({ days: null });
    expect(windowDays(' 90 ')).toEqual({ days: 90 });
  });
  it('refuses 0, negative, fractional, huge and non-numbers in words', () => {
    expect(windowDays('-30')).toEqual({
      problem:
        'A window of -30 days holds no purchases: use a whole number of days from 1 up, or blank for all history.',
    });
    expect('problem' in windowDays('0')).toBe(true);
    expect(windowDays('1.5')).toEqual({ problem: 'The window must be a whole number of days.' });
    expect('problem' in windowDays('100000')).toBe(true);
    expect('problem' in windowDays('x')).toBe(true);
  });
});
