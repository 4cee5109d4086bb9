import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import {
  detectNumericDate,
  detectTextDate,
  parseDateSql,
  resolveDayMonth,
  type TextDateStats,
} from '../../src/lib/ingest/dates';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';
import { ident } from '../../src/lib/sql/quote';

const stats = (o: Partial<TextDateStats>): TextDateStats => ({
  nonNull: 100,
  iso: 0,
  slash: 0,
  compact: 0,
  firstOver12: 0,
  secondOver12: 0,
  unpadded: 0,
  dotted: 0,
  ...o,
});
const utc = (...a: [number, number, number, number?, number?]): number =>
  Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0);

describe('day/month order', () => {
  it('follows the evidence of a part > 12', () => {
    expect(resolveDayMonth(stats({ slash: 100, firstOver12: 40 }))).toEqual({
      format: 'dmy',
      ambiguous: false,
    });
    expect(resolveDayMonth(stats({ slash: 100, secondOver12: 40 }))).toEqual({
      format: 'mdy',
      ambiguous: false,
    });
    expect(resolveDayMonth(stats({ firstOver12: 3, secondOver12: 9 }))).toEqual({
      format: 'mdy',
      ambiguous: true,
    });
  });
  it('guesses by padding and separator when every part is <= 12', () => {
    expect(resolveDayMonth(stats({ unpadded: 5 }))).toEqual({ format: 'mdy', ambiguous: true });
    expect(resolveDayMonth(stats({}))).toEqual({ format: 'dmy', ambiguous: true });
    expect(resolveDayMonth(stats({ dotted: 5, unpadded: 5 }))).toEqual({
      format: 'dmy',
      ambiguous: true,
    });
  });
  it('needs most values to match before calling a column dates', () => {
    expect(detectTextDate(stats({ iso: 99 }))?.format).toBe('iso');
    expect(detectTextDate(stats({ compact: 100 }))?.format).toBe('ymd_compact');
    expect(detectTextDate(stats({ iso: 50 }))).toBeNull();
    expect(detectTextDate(stats({ iso: 50 }), 0.5)?.format).toBe('iso');
    expect(detectTextDate(stats({ nonNull: 0 }))).toBeNull();
  });
});

describe('numeric dates', () => {
  it('accepts epochs only with a date-like name and a 1990-2100 range', () => {
    expect(detectNumericDate(1.2e9, 1.3e9, true, false, true)).toBe('epoch_s');
    expect(detectNumericDate(1.2e12, 1.3e12, true, false, true)).toBe('epoch_ms');
    expect(detectNumericDate(1.2e9, 1.3e9, true, false, false)).toBeNull();
    expect(detectNumericDate(5, 1.3e9, true, false, true)).toBeNull();
    expect(detectNumericDate(20101201, 20111209, true, true, true)).toBe('ymd_compact');
    expect(detectNumericDate(20101201, 20111209, true, false, true)).toBeNull();
  });
  it('parses each format to a TIMESTAMP expression', () => {
    expect(parseDateSql('"d"', 'VARCHAR', 'mdy')).toContain("'%m/%d/%Y %H:%M'");
    expect(parseDateSql('"d"', 'BIGINT', 'epoch_ms')).toBe(
      'epoch_ms(CAST(floor(CAST("d" AS DOUBLE) + 5e-1) AS BIGINT))',
    );
  });
});

describe('dates in DuckDB', () => {
  let db: Awaited<ReturnType<typeof createNodeDb>>;
  beforeAll(async () => {
    db = await createNodeDb();
    await db.exec(`CREATE TABLE d AS SELECT * FROM (VALUES
      ('2010-12-01 08:26:00', '12/1/2010 8:26', '01/12/2010 08:26', '13/12/2010 08:26', '20101201', 1291191960, 1291191960000, 20101201, '01/02/2010', 'x'),
      ('2010-12-01T09:00:00Z', '12/13/2010 17:05', '02/12/2010 08:26', '01/12/2010 09:00', '20111209', 1291194000, 1291194000000, 20111209, '03/04/2010', 'y'),
      ('2011-01-05', 'not a date', '03/12/2010 08:26', '05.01.2011', NULL, NULL, NULL, NULL, '05/06/2010', 'z')
    ) AS v(iso, "Order Date", dmy_padded, "datum", ymd, "created_at", "event ts", "order_day", ambig, other)`);
  });

  it('detects every format, reports unproven day/month order, and parses rows', async () => {
    const { columns, ambiguousDates } = await inferColumns(db, 'd');
    const fmt = Object.fromEntries(
      columns.map((c) => [c.name, c.role === 'datetime' ? c.dateFormat : c.role]),
    );
    expect(fmt).toEqual({
      // No id column and no order lines: the rows are taken as customers, numbered.
      row_id: 'customer_id',
      iso: 'iso',
      'Order Date': 'mdy',
      dmy_padded: 'dmy',
      datum: 'dmy',
      ymd: 'ymd_compact',
      created_at: 'epoch_s',
      'event ts': 'epoch_ms',
      order_day: 'ymd_compact',
      ambig: 'dmy',
      other: 'category',
    });
    expect(ambiguousDates.sort()).toEqual(['ambig', 'dmy_padded']);
    await db.exec(normalisedViewSql('d', 'dv', columns, []));
    const rows = (await db.query('SELECT * FROM dv')).toArray().map((r) => r.toJSON());
    const ms = (v: unknown): number | null => (v === null ? null : Number(v));
    const col = (name: string): (number | null)[] => rows.map((r) => ms(r[name]));
    expect(col('iso')).toEqual([utc(2010, 12, 1, 8, 26), utc(2010, 12, 1, 9), utc(2011, 1, 5)]);
    expect(col('Order Date')).toEqual([utc(2010, 12, 1, 8, 26), utc(2010, 12, 13, 17, 5), null]);
    expect(col('datum')).toEqual([utc(2010, 12, 13, 8, 26), utc(2010, 12, 1, 9), utc(2011, 1, 5)]);
    expect(col('ymd')).toEqual([utc(2010, 12, 1), utc(2011, 12, 9), null]);
    expect(col('created_at')).toEqual([utc(2010, 12, 1, 8, 26), utc(2010, 12, 1, 9, 0), null]);
    expect(col('event ts')).toEqual(col('created_at'));
    expect(col('order_day')).toEqual([utc(2010, 12, 1), utc(2011, 12, 9), null]);
    expect(col('ambig')).toEqual([utc(2010, 2, 1), utc(2010, 4, 3), utc(2010, 6, 5)]);
    const types = (await db.query(`DESCRIBE ${ident('dv')}`))
      .toArray()
      .map((r) => String(r.column_type));
    expect(types.slice(1, 10).every((t) => t === 'TIMESTAMP')).toBe(true);
  });

  it('can be told the other day/month order', async () => {
    const { columns } = await inferColumns(db, 'd');
    const fixed = columns.map((c) =>
      c.name === 'ambig' ? { ...c, dateFormat: 'mdy' as const } : c,
    );
    await db.exec(normalisedViewSql('d', 'dv2', fixed, []));
    const got = (await db.query('SELECT ambig FROM dv2')).toArray().map((r) => Number(r.ambig));
    expect(got).toEqual([utc(2010, 1, 2), utc(2010, 3, 4), utc(2010, 5, 6)]);
  });
});
