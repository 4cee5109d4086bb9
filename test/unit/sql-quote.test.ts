import { describe, expect, it, beforeAll } from 'vitest';
import { ident, literal, literalList } from '../../src/lib/sql/quote';
import { createNodeDb } from '../../src/lib/db/node';

describe('ident', () => {
  it('always quotes and doubles inner quotes', () => {
    expect(ident('a')).toBe('"a"');
    expect(ident('select')).toBe('"select"');
    expect(ident('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
  it('rejects empty names', () => {
    expect(() => ident('')).toThrow(/non-empty/);
  });
});

describe('literal', () => {
  it('escapes quotes and writes non-finite numbers as NULL', () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal(Number.NaN)).toBe('NULL');
    expect(literal(Infinity)).toBe('NULL');
    expect(literal(null)).toBe('NULL');
    expect(literal(3)).toBe('3');
    expect(literal(2.5)).toBe('2.5');
    expect(literal(true)).toBe('TRUE');
    expect(literal(new Date(Date.UTC(2011, 11, 10)))).toBe("TIMESTAMP '2011-12-10 00:00:00.000'");
    expect(literalList(['a', 1])).toBe("'a', 1");
  });
});

describe('quoting executes in DuckDB', () => {
  let db: Awaited<ReturnType<typeof createNodeDb>>;
  beforeAll(async () => {
    db = await createNodeDb();
  });
  it('creates and reads tables and columns with hostile names', async () => {
    const table = 'x"; DROP TABLE t; --.csv';
    await db.exec(
      `CREATE TABLE ${ident(table)} (${ident('select')} INTEGER, ${ident('Price (£)')} DOUBLE)`,
    );
    await db.exec(`INSERT INTO ${ident(table)} VALUES (1, ${literal(2.5)}), (2, ${literal(NaN)})`);
    const t = await db.query(
      `SELECT ${ident('select')} AS s, ${ident('Price (£)')} AS p, ${literal("it's")} AS q FROM ${ident(table)} ORDER BY 1`,
    );
    expect(t.numRows).toBe(2);
    expect(t.getChild('p')!.get(0)).toBe(2.5);
    expect(t.getChild('p')!.get(1)).toBeNull();
    expect(t.getChild('q')!.get(0)).toBe("it's");
  });
});
