import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lib/features/expr/tokenize';
import { parseExpr } from '../../src/lib/features/expr/parse';
import { compileExpr, type CompileContext } from '../../src/lib/features/expr/compile';
import { ExprError } from '../../src/lib/features/expr/ast';
import { ident } from '../../src/lib/sql/quote';

function ctx(customerColumns: string[] = []): CompileContext & { aggs: string[] } {
  const aggs: string[] = [];
  return {
    aggs,
    txColumns: ['Quantity', 'Price (£)', 'a"b', 'select', 'InvoiceNo'],
    customerColumns,
    txRef: (c) => `t.${ident(c)}`,
    customerRef: (c) => `c.${ident(c)}`,
    aggregate: (sql) => {
      aggs.push(sql);
      return `A${aggs.length - 1}`;
    },
  };
}

function errorOf(f: () => unknown): ExprError {
  try {
    f();
  } catch (e) {
    if (e instanceof ExprError) return e;
    throw e;
  }
  throw new Error('expected an ExprError');
}

describe('tokenize', () => {
  it('reads numbers, strings, quoted names and operators with positions', () => {
    const t = tokenize(`1.5e2 + 'it''s' <> "a""b" != .5`);
    expect(t.map((x) => [x.type, x.text, x.pos])).toEqual([
      ['num', '1.5e2', 0],
      ['op', '+', 6],
      ['str', "it's", 8],
      ['op', '<>', 16],
      ['qident', 'a"b', 19],
      ['op', '<>', 26],
      ['num', '.5', 29],
      ['eof', '', 31],
    ]);
  });
  it('rejects characters outside the grammar', () => {
    expect(errorOf(() => tokenize('x; DROP TABLE t')).message).toBe(
      'unexpected character ";" at position 1',
    );
    expect(errorOf(() => tokenize('`x`')).pos).toBe(0);
    // `--` is not a comment here: it is two minus signs, so nothing after it is hidden.
    expect(parseExpr('a -- b')).toMatchObject({
      type: 'binary',
      op: '-',
      right: { type: 'unary' },
    });
    expect(errorOf(() => tokenize("'open")).message).toMatch(/unterminated string at position 0/);
    expect(errorOf(() => tokenize('"')).message).toMatch(/unterminated quoted name/);
    expect(errorOf(() => tokenize('12abc')).message).toMatch(/malformed number/);
  });
});

describe('parseExpr', () => {
  it('follows precedence: * over +, comparison over NOT, AND over OR', () => {
    const c = ctx(['x', 'y', 'z']);
    expect(compileExpr('x + y * 2 > 3 OR NOT z = 1 AND y < 0', c)).toBe(
      // A true/false expression becomes 1 or 0 (PostgreSQL cannot cast a boolean to a double).
      'CAST(CASE WHEN (((c."x" + (c."y" * 2e+0)) > 3e+0) OR ((NOT (c."z" = 1e+0)) AND (c."y" < 0e+0))) THEN 1 ' +
        'WHEN NOT (((c."x" + (c."y" * 2e+0)) > 3e+0) OR ((NOT (c."z" = 1e+0)) AND (c."y" < 0e+0))) THEN 0 END AS DOUBLE)',
    );
  });
  it('parses CASE, unary minus, NULL and parentheses', () => {
    const c = ctx(['x']);
    expect(compileExpr('CASE WHEN x > 0 THEN -(x) ELSE NULL END', c)).toBe(
      'CAST((CASE WHEN (c."x" > 0e+0) THEN (- c."x") ELSE NULL END) AS DOUBLE)',
    );
  });
  it('reports syntax errors with positions', () => {
    expect(errorOf(() => parseExpr('1 +')).message).toBe(
      'unexpected end of expression at position 3',
    );
    expect(errorOf(() => parseExpr('(1 + 2')).message).toMatch(/expected "\)".* at position 6/);
    expect(errorOf(() => parseExpr('1 2')).message).toMatch(/unexpected "2" after .* position 2/);
    expect(errorOf(() => parseExpr('CASE 1 END')).message).toMatch(/needs at least one WHEN/);
    expect(errorOf(() => parseExpr('sum(x,)')).pos).toBe(6);
  });
  it('limits nesting depth instead of overflowing the stack', () => {
    expect(errorOf(() => parseExpr('('.repeat(200) + '1' + ')'.repeat(200))).message).toMatch(
      /nested too deeply/,
    );
    expect(errorOf(() => parseExpr('-'.repeat(200) + '1')).message).toMatch(/nested too deeply/);
  });
});

describe('compileExpr', () => {
  it('quotes hostile column names through ident() and aggregates them', () => {
    const c = ctx();
    expect(compileExpr('sum("a""b" * "Price (£)") / count_distinct(InvoiceNo)', c)).toBe(
      'CAST((CAST(CAST(A0 AS DOUBLE) AS DOUBLE) / A1) AS DOUBLE)',
    );
    // Sums add exact decimals; division is of doubles in every dialect.
    expect(c.aggs).toEqual([
      'sum(CAST((t."a""b" * t."Price (£)") AS DECIMAL(38,6)))',
      'count(DISTINCT t."InvoiceNo")',
    ]);
  });
  it('resolves bare names case-insensitively, quoted names exactly', () => {
    const c = ctx();
    compileExpr('max(quantity) + count() + min("select")', c);
    expect(c.aggs).toEqual(['max(t."Quantity")', 'count(*)', 'min(t."select")']);
    expect(errorOf(() => compileExpr('sum("quantity")', ctx())).message).toMatch(
      /unknown column "quantity" in the transactions/,
    );
  });
  it('writes strings as literals, so quotes cannot escape', () => {
    const c = ctx();
    compileExpr(`sum(CASE WHEN "select" = 'x''); DROP TABLE t; --' THEN 1 ELSE 0 END)`, c);
    expect(c.aggs[0]).toBe(
      `sum(CAST((CASE WHEN (t."select" = 'x''); DROP TABLE t; --') THEN 1e+0 ELSE 0e+0 END) AS DECIMAL(38,6)))`,
    );
  });
  it('rejects unknown functions, naming them and their position', () => {
    const e = errorOf(() => compileExpr("1 + read_csv('x')", ctx()));
    expect(e.message).toMatch(/^unknown function read_csv\(\); allowed: abs, ln/);
    expect(e.pos).toBe(4);
    expect(errorOf(() => compileExpr('sum(x) + 1', ctx())).message).toMatch(
      /unknown column "x" in the transactions.* at position 4/,
    );
  });
  it('checks arity, nested aggregates and bare transaction columns', () => {
    expect(errorOf(() => compileExpr('nullif(1)', ctx())).message).toMatch(
      /nullif\(\) takes 2 argument/,
    );
    expect(errorOf(() => compileExpr('sum(max(Quantity))', ctx())).message).toMatch(
      /cannot be nested in another aggregate at position 4/,
    );
    expect(errorOf(() => compileExpr('Quantity * 2', ctx())).message).toMatch(
      /must be inside an aggregate such as sum\(Quantity\) at position 0/,
    );
  });
  it('guards log and square root against non-positive values', () => {
    const c = ctx(['x']);
    expect(compileExpr('ln(x) + sqrt(x)', c)).toBe(
      'CAST((ln(CASE WHEN CAST(c."x" AS DOUBLE) > 0 THEN CAST(c."x" AS DOUBLE) END) + ' +
        'sqrt(CASE WHEN CAST(c."x" AS DOUBLE) >= 0 THEN CAST(c."x" AS DOUBLE) END)) AS DOUBLE)',
    );
  });
});
