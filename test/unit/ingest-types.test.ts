/**
 * Column types a customer table really has: codes that are categories, yes/no flags, ordinals
 * with a guessed order, geography, numbers with blank cells, zero-padded ids; inferred on fixtures
 * shaped like the files users load, and normalised in the cleaned view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { isFlagValues } from '../../src/lib/ingest/flags';
import { looksLikeCountries } from '../../src/lib/ingest/geo';
import { loadFile } from '../../src/lib/ingest/load';
import { guessOrder, moveLevel } from '../../src/lib/ingest/ordinal';
import { readLevels } from '../../src/lib/ingest/levels';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';
import type { ColumnInfo } from '../../src/lib/ingest/types';
import { ident } from '../../src/lib/sql/quote';

type Db = Awaited<ReturnType<typeof createNodeDb>>;
const FIX = join(__dirname, '../fixtures');
let db: Db;
let n = 0;

beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(() => db.close());

/** Loads a fixture as the studio does and infers its columns. */
async function load(name: string): Promise<{ table: string; columns: ColumnInfo[] }> {
  const table = `t${++n}`;
  const bytes = new Uint8Array(readFileSync(join(FIX, name)));
  await loadFile(db, { name, bytes }, { table });
  const { columns } = await inferColumns(db, table);
  return { table, columns };
}
const roles = (cols: ColumnInfo[]) => Object.fromEntries(cols.map((c) => [c.name, c.role]));
const col = (cols: ColumnInfo[], name: string) => cols.find((c) => c.name === name)!;

async function view(table: string, columns: ColumnInfo[]): Promise<Record<string, unknown>[]> {
  await db.exec(normalisedViewSql(table, `${table} v`, columns, []));
  const t = await db.query(`SELECT * FROM ${ident(`${table} v`)}`);
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

describe('values that follow a known scale', () => {
  it('guesses the order of education, contracts, tiers, low/high, sizes and bands', () => {
    expect(guessOrder(['Two year', 'Month-to-month', 'One year'])).toEqual({
      levels: ['Month-to-month', 'One year', 'Two year'],
      scale: 'contract lengths',
    });
    expect(guessOrder(['PhD', 'Graduation', 'Basic', 'Master', '2n Cycle'])?.levels).toEqual([
      'Basic',
      'Graduation',
      '2n Cycle',
      'Master',
      'PhD',
    ]);
    // "unknown" has no rank: it is left out of the levels.
    expect(guessOrder(['tertiary', 'unknown', 'primary', 'secondary'])?.levels).toEqual([
      'primary',
      'secondary',
      'tertiary',
    ]);
    expect(guessOrder(['gold', 'Bronze', 'silver'])?.levels).toEqual(['Bronze', 'silver', 'gold']);
    expect(guessOrder(['High', 'Low', 'Medium'])?.levels).toEqual(['Low', 'Medium', 'High']);
    expect(guessOrder(['XL', 'S', 'M', 'L'])?.levels).toEqual(['S', 'M', 'L', 'XL']);
    expect(guessOrder(['35-44', '18-24', '65+', '25-34', 'Under 18'])?.levels).toEqual([
      'Under 18',
      '18-24',
      '25-34',
      '35-44',
      '65+',
    ]);
    expect(guessOrder(['1000+ employees', '11-50 employees', '1-10 employees'])?.levels).toEqual([
      '1-10 employees',
      '11-50 employees',
      '1000+ employees',
    ]);
  });

  it('guesses nothing for values that are not on one scale', () => {
    expect(guessOrder(['S', 'M'])).toBeNull(); // marital status, not two sizes
    expect(guessOrder(['Female', 'Male'])).toBeNull();
    expect(guessOrder(['gold', 'red'])).toBeNull();
    expect(guessOrder(['1', '2', '3'])).toBeNull();
    expect(guessOrder(['Paris', 'Lyon'])).toBeNull();
    expect(guessOrder(['one year'])).toBeNull();
  });

  it('moves a level one place up or down, and no further than the ends', () => {
    const l = ['a', 'b', 'c'];
    expect(moveLevel(l, 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveLevel(l, 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveLevel(l, 'a', -1)).toEqual(l);
    expect(moveLevel(l, 'zz', 1)).toEqual(l);
  });

  it('knows yes/no pairs and country names', () => {
    for (const pair of [
      ['Yes', 'No'],
      ['TRUE', 'FALSE'],
      ['y', 'n'],
      ['1', '0'],
      ['t', 'F'],
    ])
      expect(isFlagValues(pair)).toBe(true);
    expect(isFlagValues(['Yes', 'n'])).toBe(false);
    expect(isFlagValues(['Yes'])).toBe(false);
    expect(isFlagValues(['Yes', 'No', 'No phone service'])).toBe(false);
    expect(looksLikeCountries(['United Kingdom', 'France', 'EIRE', 'Germany', 'Unspecified'])).toBe(
      true,
    );
    expect(looksLikeCountries(['United Kingdom', 'Unspecified', 'Somewhere'])).toBe(false);
    expect(looksLikeCountries(['Paris', 'France'])).toBe(false);
  });
});

describe('customer tables as users load them', () => {
  it('telco churn: flags from Yes/No and 0/1, an ordinal contract, blank charges as missing numbers', async () => {
    const { table, columns } = await load('telco-customers.csv');
    expect(roles(columns)).toEqual({
      customerID: 'customer_id',
      gender: 'category',
      SeniorCitizen: 'flag',
      Partner: 'flag',
      tenure: 'measure',
      Contract: 'ordinal',
      PaperlessBilling: 'flag',
      PaymentMethod: 'category',
      MonthlyCharges: 'measure',
      TotalCharges: 'amount',
      Churn: 'flag',
    });
    expect(col(columns, 'Contract')).toMatchObject({
      levels: ['Month-to-month', 'One year', 'Two year'],
      levelsGuess: 'contract lengths',
    });
    // DuckDB reads a column with a lone " " as text; the cleaned view reads it as numbers.
    expect(col(columns, 'TotalCharges').type).toBe('VARCHAR');
    const rows = await view(table, columns);
    const blank = rows.filter((r) => r.tenure === 0n);
    expect(blank.length).toBeGreaterThan(0);
    expect(blank.every((r) => r.TotalCharges === null)).toBe(true);
    expect(
      rows.filter((r) => r.tenure !== 0n).every((r) => typeof r.TotalCharges === 'number'),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.Partner))).toEqual(new Set([0, 1]));
    expect(new Set(rows.map((r) => r.SeniorCitizen))).toEqual(new Set([0, 1]));
    expect(rows.every((r) => typeof r.Contract === 'string')).toBe(true);
  });

  it('mall customers: a spending score (1-100) is a measure, not an amount', async () => {
    const { columns } = await load('mall-customers.csv');
    expect(roles(columns)).toEqual({
      CustomerID: 'customer_id',
      Gender: 'category',
      Age: 'measure',
      'Annual Income (k$)': 'measure',
      'Spending Score (1-100)': 'measure',
    });
  });

  it('bank marketing (; and quoted text, no id): rows numbered, education ordered, yes/no flags', async () => {
    const { table, columns } = await load('bank-customers.csv');
    expect(roles(columns)).toEqual({
      row_id: 'customer_id',
      age: 'measure',
      job: 'category',
      marital: 'category',
      education: 'ordinal',
      default: 'flag',
      balance: 'measure',
      housing: 'flag',
      loan: 'flag',
      y: 'flag',
    });
    expect(col(columns, 'education').levels).toEqual(['primary', 'secondary', 'tertiary']);
    const rows = await view(table, columns);
    expect(rows.map((r) => r.row_id)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(rows[0]).toMatchObject({ age: 73n, job: 'blue-collar', housing: 1 });
  });

  it('customer personality: tab-separated, dd-mm-yyyy, 0/1 responses, constants ignored', async () => {
    const { columns } = await load('personality-customers.tsv');
    expect(roles(columns)).toMatchObject({
      ID: 'customer_id',
      Education: 'ordinal',
      Marital_Status: 'category',
      Income: 'measure',
      Kidhome: 'measure', // 0, 1, 2 children: a count, not codes
      Dt_Customer: 'datetime',
      AcceptedCmp1: 'flag',
      Response: 'flag',
      Z_CostContact: 'ignore',
      Z_Revenue: 'ignore',
    });
    expect(col(columns, 'Education').levels).toEqual([
      'Basic',
      'Graduation',
      '2n Cycle',
      'Master',
      'PhD',
    ]);
  });

  it('wholesale: codes 1/2 and 1/2/3 are categories, normalised to text', async () => {
    const { table, columns } = await load('wholesale_customers_uci.csv');
    expect(columns[0]).toEqual({
      name: 'row_id',
      type: 'BIGINT',
      role: 'customer_id',
      generated: 'row_number',
    });
    expect(roles(columns)).toMatchObject({ Channel: 'category', Region: 'geo', Fresh: 'measure' });
    const rows = await view(table, columns);
    expect(rows).toHaveLength(440);
    expect(rows[0]).toMatchObject({ row_id: '1', Channel: '2', Region: '3', Fresh: 12669n });
    expect(rows[439].row_id).toBe('440');
  });

  it('superstore orders: one product category by name, geography, postcodes kept as text', async () => {
    const { table, columns } = await load('superstore-orders.csv');
    expect(roles(columns)).toEqual({
      'Row ID': 'ignore',
      'Order ID': 'order_id',
      'Order Date': 'datetime',
      'Ship Date': 'datetime',
      'Ship Mode': 'category',
      'Customer ID': 'customer_id',
      'Customer Name': 'text',
      Segment: 'category',
      Country: 'ignore', // one value everywhere
      City: 'geo',
      State: 'geo',
      'Postal Code': 'geo',
      Region: 'geo',
      'Product ID': 'category',
      Category: 'product_category',
      'Sub-Category': 'category',
      Sales: 'amount',
      Quantity: 'quantity',
      Discount: 'measure',
      Profit: 'measure',
    });
    const rows = await view(table, columns);
    expect(rows.map((r) => r['Postal Code'])).toContain('07101');
  });

  it('takes a bare unique id column as the customer id, counting its values exactly', async () => {
    // 420 unique ids that the distinct estimate counts as about 361.
    const { columns } = await load('property-customers.csv');
    expect(columns.map((c) => [c.name, c.role])).toEqual([
      ['id', 'customer_id'],
      ['age', 'measure'],
      ['region', 'geo'],
      ['signup', 'datetime'],
      ['score', 'measure'],
    ]);
  });

  it('keeps ids written with leading zeros as text', async () => {
    await db.exec(`CREATE TABLE zeros AS SELECT * FROM (VALUES
      ('00017', 'a', 1.5), ('00017', 'b', 2.5), ('00231', 'c', 3.5), ('01002', 'd', 4.5)
    ) AS v("member", "code", "spend")`);
    const { columns } = await inferColumns(db, 'zeros');
    expect(col(columns, 'member')).toMatchObject({ role: 'customer_id', type: 'VARCHAR' });
    const rows = await view('zeros', columns);
    expect(rows.map((r) => r.member)).toEqual(['00017', '00017', '00231', '01002']);
  });
});

describe('making a column ordinal by hand', () => {
  it('reads its levels, in a known order when there is one, or says why it cannot', async () => {
    const bank = await load('bank-customers.csv');
    const job = { ...col(bank.columns, 'job'), role: 'ordinal' as const };
    expect(await readLevels(db, bank.table, job)).toEqual({
      levels: ['admin.', 'blue-collar', 'management', 'retired', 'services', 'technician'],
    });
    expect(await readLevels(db, bank.table, col(bank.columns, 'education'))).toEqual({
      levels: ['primary', 'secondary', 'tertiary'],
      levelsGuess: 'education levels',
    });
    const telco = await load('telco-customers.csv');
    expect(await readLevels(db, telco.table, col(telco.columns, 'MonthlyCharges'))).toBe(
      '“MonthlyCharges” has 59 distinct values: too many to order by hand (at most 50). Keep it a category.',
    );
  });
});
