/** What each feature kind means and needs, for the UI's feature picker. */
import type { FeatureKind } from './spec';
import type { FeatureSource } from './source';

/**
 * A need a feature has of the data. `value` = an amount, or quantity and unit price; `signed` =
 * a quantity or an amount, whose negative lines are returns.
 */
export type FeatureNeed =
  'transactions' | 'value' | 'signed' | 'category' | 'product' | 'customers';

/** One catalogue entry. */
export interface CatalogueEntry {
  kind: FeatureKind;
  label: string;
  /** One line for the UI. */
  definition: string;
  needs: FeatureNeed[];
}

const T: FeatureNeed = 'transactions';

/** All feature kinds, in the order the UI lists them. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    kind: 'recency',
    label: 'Recency',
    definition: 'Days from the last purchase to the as-of date.',
    needs: [T],
  },
  {
    kind: 'frequency',
    label: 'Frequency',
    definition: 'Number of distinct orders (distinct purchase times if there is no order id).',
    needs: [T],
  },
  {
    kind: 'monetary',
    label: 'Monetary',
    definition: 'Net spend: sum of amount, or of quantity x unit price.',
    needs: [T, 'value'],
  },
  {
    kind: 'tenure',
    label: 'Tenure',
    definition: 'Days from the first purchase to the as-of date.',
    needs: [T],
  },
  {
    kind: 'aov',
    label: 'Average order value',
    definition: 'Net spend divided by the number of orders.',
    needs: [T, 'value'],
  },
  {
    kind: 'avg_days_between',
    label: 'Avg days between purchases',
    definition: 'Mean gap in days between consecutive purchase days (empty with one purchase day).',
    needs: [T],
  },
  {
    kind: 'median_days_between',
    label: 'Median days between purchases',
    definition: 'Median gap in days between consecutive purchase days.',
    needs: [T],
  },
  {
    kind: 'distinct_products',
    label: 'Distinct products',
    definition: 'Number of different products bought.',
    needs: [T, 'product'],
  },
  {
    kind: 'distinct_categories',
    label: 'Distinct categories',
    definition: 'Number of different categories bought.',
    needs: [T, 'category'],
  },
  {
    kind: 'category_share',
    label: 'Category share',
    definition: 'Share of purchase value per top category, the rest as "other".',
    needs: [T, 'value', 'category'],
  },
  {
    kind: 'return_rate',
    label: 'Return rate',
    definition: 'Share of orders containing a return or cancellation line.',
    needs: [T, 'signed'],
  },
  {
    kind: 'spend_trend',
    label: 'Spend trend',
    definition:
      '(recent - prior) / (|recent| + |prior|) net spend over the last 90 days vs the 90 before; -1 to 1.',
    needs: [T, 'value'],
  },
  {
    kind: 'active_months',
    label: 'Active months',
    definition: 'Number of calendar months with at least one purchase.',
    needs: [T],
  },
  {
    kind: 'attribute_numeric',
    label: 'Customer attribute (number)',
    definition: 'A numeric column of the customer table as it is.',
    needs: ['customers'],
  },
  {
    kind: 'attribute_category',
    label: 'Customer attribute (category)',
    definition: 'One 0/1 column per category of a customer-table column.',
    needs: ['customers'],
  },
  {
    kind: 'attribute_date_age',
    label: 'Customer attribute (age of date)',
    definition: 'Years from a customer-table date (birth, signup) to the as-of date.',
    needs: ['customers'],
  },
  {
    kind: 'tx_attribute',
    label: 'Customer attribute from the transactions',
    definition:
      'A column repeated on each order line (country, region, segment): the customer’s most frequent value, ties to the latest.',
    needs: [T],
  },
  {
    kind: 'custom',
    label: 'Custom expression',
    definition:
      'An expression over customer-table columns and aggregates of transaction columns, e.g. sum(Quantity) / count_distinct(InvoiceNo).',
    needs: [],
  },
];

/** The catalogue entry of a kind. */
export function catalogueEntry(kind: FeatureKind): CatalogueEntry {
  const e = CATALOGUE.find((c) => c.kind === kind);
  if (!e) throw new Error(`no catalogue entry for ${kind}`);
  return e;
}

/** Which needs a source satisfies. */
export function satisfiedNeeds(
  source: Pick<FeatureSource, 'roles' | 'customers'>,
): Set<FeatureNeed> {
  const r = source.roles;
  const s = new Set<FeatureNeed>();
  if (r) {
    s.add('transactions');
    if (r.amount || (r.quantity && r.unitPrice)) s.add('value');
    if (r.amount || r.quantity) s.add('signed');
    if (r.category) s.add('category');
    if (r.product) s.add('product');
  }
  if (source.customers && source.customers.columns.length > 0) s.add('customers');
  return s;
}

/** The catalogue entries whose needs the given roles (and customer table, if any) satisfy. */
export function availableFeatures(
  source: Pick<FeatureSource, 'roles' | 'customers'>,
): CatalogueEntry[] {
  const have = satisfiedNeeds(source);
  return CATALOGUE.filter((c) => c.needs.every((n) => have.has(n)));
}
