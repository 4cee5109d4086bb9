/**
 * Every role the Data step infers or the user sets becomes a feature the Features step offers:
 * flags as the category No/Yes, ordinals in the order set, geography as a category, dates as
 * ages, numbers as they are; and order lines' per-customer columns as customer attributes with
 * how many customers have more than one value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  ATTRIBUTE_FEATURE,
  defaultCustomerSpec,
  newFeatureDef,
  sourceFromTables,
} from '../../src/lib/features/from-tables';
import {
  attributeDefinition,
  availableFeatures,
  columnsRead,
  txAttributeDefinition,
} from '../../src/lib/features/catalogue';
import { checkSpec, featureLevels, type FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource } from '../../src/lib/features/source';
import { customerAttributes } from '../../src/lib/ingest/attributes';
import { fixturesDir } from './engines';
import { computeSession, loadFiles, type Loaded } from './studio-path';

const fixture = (f: string) => path.join(fixturesDir(), f);

let telco: Loaded;
beforeAll(async () => {
  telco = await loadFiles([{ path: fixture('telco-customers.csv') }]);
});
afterAll(() => telco?.db.close());

const sourceOf = (loaded: Pick<Loaded, 'sources'>): FeatureSource => {
  const s = sourceFromTables(loaded.sources, null, null);
  if (typeof s === 'string') throw new Error(s);
  return s;
};

describe('a customer table’s roles as features', () => {
  it('offers every attribute column: flags, the ordinal with its levels, numbers', () => {
    const source = sourceOf(telco);
    expect(source.customers?.columns).toEqual([
      { name: 'gender', kind: 'categorical' },
      { name: 'SeniorCitizen', kind: 'flag' },
      { name: 'Partner', kind: 'flag' },
      { name: 'tenure', kind: 'numeric' },
      {
        name: 'Contract',
        kind: 'categorical',
        levels: ['Month-to-month', 'One year', 'Two year'],
      },
      { name: 'PaperlessBilling', kind: 'flag' },
      { name: 'PaymentMethod', kind: 'categorical' },
      { name: 'MonthlyCharges', kind: 'numeric' },
      { name: 'TotalCharges', kind: 'numeric' },
      // No outcome role exists, so Churn is a flag like the others.
      { name: 'Churn', kind: 'flag' },
    ]);
    expect(availableFeatures(source).map((e) => e.kind)).toEqual([
      'attribute_numeric',
      'attribute_category',
      'attribute_date_age',
      'custom',
    ]);
  });

  it('starts from categories kept as levels and standardised numbers', () => {
    const spec = defaultCustomerSpec(sourceOf(telco));
    expect(
      spec.features.map((f) => [f.id, f.kind, f.column, f.encoding ?? f.transform.kind]),
    ).toEqual([
      ['gender', 'attribute_category', 'gender', 'levels'],
      ['seniorcitizen', 'attribute_category', 'SeniorCitizen', 'levels'],
      ['partner', 'attribute_category', 'Partner', 'levels'],
      ['tenure', 'attribute_numeric', 'tenure', 'zscore'],
      ['contract', 'attribute_category', 'Contract', 'levels'],
      ['paperlessbilling', 'attribute_category', 'PaperlessBilling', 'levels'],
      ['paymentmethod', 'attribute_category', 'PaymentMethod', 'levels'],
      ['monthlycharges', 'attribute_numeric', 'MonthlyCharges', 'zscore'],
      ['totalcharges', 'attribute_numeric', 'TotalCharges', 'zscore'],
      ['churn', 'attribute_category', 'Churn', 'levels'],
    ]);
    // A category added by hand is kept as levels too (rules and k-prototypes read levels).
    expect(newFeatureDef('attribute_category', [], 'Contract')).toMatchObject({
      encoding: 'levels',
      missing: 'keep',
      transform: { kind: 'none' },
    });
  });

  it('resolves flags to No/Yes and the ordinal to its levels, whatever their frequency', async () => {
    const s = await computeSession(telco, defaultCustomerSpec(sourceOf(telco)));
    const levels = s.inputs.categories!.levels;
    expect(levels.partner).toEqual(['No', 'Yes', '(other)']);
    expect(levels.seniorcitizen).toEqual(['No', 'Yes', '(other)']);
    expect(levels.contract).toEqual(['Month-to-month', 'One year', 'Two year', '(other)']);
    const rows = (await s.db.query(`SELECT * FROM "telco-customers (clean)"`)).toArray();
    const byId = new Map(rows.map((r) => [String(r.customerID), r]));
    const codes = s.inputs.categories!.codes;
    s.ids.forEach((id, i) => {
      const row = byId.get(id)!;
      expect(levels.contract[codes.contract[i]]).toBe(row.Contract);
      expect(codes.partner[i]).toBe(row.Partner);
      expect(codes.seniorcitizen[i]).toBe(row.SeniorCitizen);
    });
  });

  it('takes the order the user set for an ordinal, and keeps it in the frozen model', async () => {
    const reordered: Loaded = {
      ...telco,
      sources: telco.sources.map((t) => ({
        ...t,
        columns: t.columns.map((c) =>
          c.name === 'Contract' ? { ...c, levels: ['Two year', 'Month-to-month', 'One year'] } : c,
        ),
      })),
    };
    const spec: FeatureSpec = {
      asOf: null,
      features: [newFeatureDef('attribute_category', [], 'Contract')],
    };
    const s = await computeSession(reordered, spec);
    expect(s.inputs.categories!.levels.contract).toEqual([
      'Two year',
      'Month-to-month',
      'One year',
      '(other)',
    ]);
    expect(featureLevels(s.model!.spec.features[0])).toEqual([
      'Two year',
      'Month-to-month',
      'One year',
      '(other)',
    ]);
  });

  it('says how each attribute is encoded and which column it reads', () => {
    const cols = sourceOf(telco).customers!.columns;
    const col = (n: string) => cols.find((c) => c.name === n)!;
    expect(attributeDefinition(col('Contract'))).toBe(
      'The ordered levels of “Contract”, Month-to-month < One year < Two year, kept as levels (in that order, set in the Data step) for rules and k-prototypes.',
    );
    expect(attributeDefinition(col('Partner'))).toBe(
      'The yes/no flag “Partner” as a category with two levels, No and Yes, for rules and k-prototypes.',
    );
    expect(attributeDefinition(col('gender'), { encoding: 'levels', topN: 3 })).toBe(
      'The categories of “gender” kept as levels (the 3 most frequent, the rest "(other)"), for rules and k-prototypes.',
    );
    expect(attributeDefinition(col('gender'), {})).toBe(
      'One 0/1 column per category of “gender” (one-hot), plus one for the rest.',
    );
    expect(attributeDefinition(col('tenure'))).toBe('The number in “tenure”, as it is.');
    expect(ATTRIBUTE_FEATURE.flag).toBe('attribute_category');
  });
});

describe('customer attributes inside a transactions file', () => {
  let store: Loaded;
  beforeAll(async () => {
    store = await loadFiles([{ path: fixture('superstore-orders.csv') }]);
  });
  afterAll(() => store?.db.close());

  it('offers the columns constant per customer, with how many customers have more than one value', async () => {
    const t = store.sources[0];
    const found = await customerAttributes(store.db, t.view, t.columns, 1);
    const withCheck = { ...store, sources: [{ ...t, attributes: found }] };
    const attrs = sourceOf(withCheck).txAttributes!;
    const segment = attrs.find((a) => a.name === 'Segment')!;
    expect(segment).toMatchObject({ kind: 'categorical' });
    expect(segment.customers).toBeGreaterThan(0);
    expect(txAttributeDefinition(segment)).toMatch(
      /^The customer’s most frequent value of “Segment” on its order lines, ties to the latest: a category \(kept as levels\)\. (One value per customer for all \d+ customers|\d+ of \d+ customers have more than one value)\.$/,
    );
    // The order lines' own product category is not a customer attribute.
    expect(attrs.map((a) => a.name)).not.toContain('Category');
    expect(sourceOf(withCheck).roles!.category).toBe('Category');
    // Columns that vary for more customers than allowed are not offered once the check ran.
    const strict = await customerAttributes(store.db, t.view, t.columns, 0);
    const offered = sourceOf({ ...store, sources: [{ ...t, attributes: strict }] }).txAttributes;
    expect((offered ?? []).every((a) => a.varying === 0)).toBe(true);
  });

  it('says when some customers have more than one value', () => {
    expect(
      txAttributeDefinition({ name: 'Region', kind: 'categorical', customers: 40, varying: 3 }),
    ).toBe(
      'The customer’s most frequent value of “Region” on its order lines, ties to the latest: a category (kept as levels). 3 of 40 customers have more than one value.',
    );
    expect(txAttributeDefinition({ name: 'VIP', kind: 'flag' })).toBe(
      'The customer’s most frequent value of “VIP” on its order lines, ties to the latest: a yes/no flag (levels No, Yes).',
    );
  });
});

describe('the unit of a date’s age in the spec', () => {
  const spec = (def: Record<string, unknown>) => ({
    asOf: null,
    features: [{ id: 'x', transform: { kind: 'none' }, missing: 'median', ...def }],
  });
  const problems = (v: unknown) => checkSpec(v).problems.map((p) => `${p.path}: ${p.message}`);

  it('takes years or days for the age of a date only', () => {
    expect(
      checkSpec(spec({ kind: 'attribute_date_age', column: 'signup', unit: 'days' })).spec
        ?.features[0].unit,
    ).toBe('days');
    expect(problems(spec({ kind: 'attribute_date_age', column: 'signup', unit: 'weeks' }))).toEqual(
      ['features[0].unit: must be "years" or "days"'],
    );
    expect(problems(spec({ kind: 'attribute_numeric', column: 'age', unit: 'days' }))).toEqual([
      'features[0].unit: only for the age of a date',
    ]);
  });
});

describe('the columns each transaction feature reads', () => {
  it('names the date, the order id, the value, the category and the product', () => {
    const roles = {
      customerId: 'Customer ID',
      datetime: 'Order Date',
      amount: 'Sales',
      quantity: 'Quantity',
      orderId: 'Order ID',
      category: 'Category',
      product: 'Product ID',
    };
    expect(columnsRead('recency', roles)).toEqual(['Order Date']);
    expect(columnsRead('frequency', roles)).toEqual(['Order ID']);
    expect(columnsRead('monetary', roles)).toEqual(['Sales']);
    expect(columnsRead('aov', roles)).toEqual(['Sales', 'Order ID']);
    expect(columnsRead('category_share', roles)).toEqual(['Category', 'Sales']);
    expect(columnsRead('distinct_products', roles)).toEqual(['Product ID']);
    expect(columnsRead('return_rate', roles)).toEqual(['Quantity', 'Order ID']);
    const lines = { customerId: 'c', datetime: 'd', quantity: 'q', unitPrice: 'p' };
    expect(columnsRead('monetary', lines)).toEqual(['q', 'p']);
    expect(columnsRead('frequency', lines)).toEqual(['d']);
    expect(columnsRead('attribute_numeric', lines)).toEqual([]);
  });
});
