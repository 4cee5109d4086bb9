/** What each feature kind means and needs, for the UI's feature picker. */
import type { FeatureDef, FeatureKind } from './spec';
import {
  FLAG_LABELS,
  type AttributeColumn,
  type FeatureSource,
  type TransactionRoles,
  type TxAttribute,
} from './source';

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
    definition:
      'A category of the customer table kept as levels (one code per category, the most frequent 10 and "(other)"), for rules and k-prototypes; or, encoded one-hot, one 0/1 column per category.',
    needs: ['customers'],
  },
  {
    kind: 'attribute_date_age',
    label: 'Customer attribute (age of date)',
    definition:
      'Years (an age) or days (a tenure) from a customer-table date (birth, signup) to the as-of date.',
    needs: ['customers'],
  },
  {
    kind: 'tx_attribute',
    label: 'Customer attribute from the transactions',
    definition:
      'A column repeated on each order line (country, region, segment): the customer’s most frequent value, ties to the latest; a category is kept as levels.',
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

/**
 * What one attribute feature reads and how, for the catalogue: the column it reads, and for a
 * category whether it is kept as levels (and which) or one-hot encoded. `def` is the feature when
 * chosen (its encoding and top-N count), else what adding it would make (levels).
 */
export function attributeDefinition(
  col: AttributeColumn,
  def?: Pick<FeatureDef, 'encoding' | 'topN' | 'unit'>,
): string {
  const from = `“${col.name}”`;
  if (col.kind === 'numeric') return `The number in ${from}, as it is.`;
  if (col.kind === 'date')
    return `${def?.unit === 'days' ? 'Days' : 'Years'} from the date in ${from} to the as-of date.`;
  if (def?.encoding === 'one-hot' || (def && def.encoding === undefined))
    return `One 0/1 column per category of ${from} (one-hot), plus one for the rest.`;
  if (col.kind === 'flag')
    return `The yes/no flag ${from} as a category with two levels, ${FLAG_LABELS[0]} and ${FLAG_LABELS[1]}, for rules and k-prototypes.`;
  if (col.levels?.length)
    return `The ordered levels of ${from}, ${col.levels.join(' < ')}, kept as levels (in that order, set in the Data step) for rules and k-prototypes.`;
  return `The categories of ${from} kept as levels (the ${def?.topN ?? 10} most frequent, the rest "(other)"), for rules and k-prototypes.`;
}

/** What a transactions attribute reads and how, for the catalogue, with the per-customer check. */
export function txAttributeDefinition(a: TxAttribute): string {
  const what =
    a.kind === 'numeric'
      ? 'number'
      : a.kind === 'flag'
        ? `yes/no flag (levels ${FLAG_LABELS[0]}, ${FLAG_LABELS[1]})`
        : 'category (kept as levels)';
  const base = `The customer’s most frequent value of “${a.name}” on its order lines, ties to the latest: a ${what}.`;
  if (a.customers === undefined || a.varying === undefined) return base;
  const n = a.customers.toLocaleString('en');
  return a.varying === 0
    ? `${base} One value per customer for all ${n} customers.`
    : `${base} ${a.varying.toLocaleString('en')} of ${n} customers have more than one value.`;
}

/**
 * The transactions columns a feature of `kind` reads with these roles (besides the customer id),
 * for the catalogue to name them: the date, the order id, the value (amount, or quantity and
 * unit price), the category or product. Empty for attribute and custom features.
 */
export function columnsRead(kind: FeatureKind, r: TransactionRoles): string[] {
  const value = r.amount ? [r.amount] : r.quantity && r.unitPrice ? [r.quantity, r.unitPrice] : [];
  const orders = [r.orderId ?? r.datetime];
  const out: (string | undefined)[] = (() => {
    switch (kind) {
      case 'recency':
      case 'tenure':
      case 'avg_days_between':
      case 'median_days_between':
      case 'active_months':
        return [r.datetime];
      case 'frequency':
        return orders;
      case 'monetary':
        return value;
      case 'aov':
        return [...value, ...orders];
      case 'spend_trend':
        return [...value, r.datetime];
      case 'distinct_products':
        return [r.product];
      case 'distinct_categories':
        return [r.category];
      case 'category_share':
        return [r.category, ...value];
      case 'return_rate':
        return [r.quantity ?? r.amount, ...orders];
      default:
        return [];
    }
  })();
  return [...new Set(out.filter((c): c is string => Boolean(c)))];
}
