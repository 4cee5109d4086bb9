import type { RelationKind } from '../ingest/cleaned-relation';
import type { ColumnInfo, TableInfo } from '../ingest/types';
import { isCustomerTable } from '../ingest/quality';
import type { CustomerAttribute } from '../ingest/attributes';
import { catalogueEntry } from './catalogue';
import type { FeatureDef, FeatureKind, FeatureSpec } from './spec';
import type {
  AttributeColumn,
  AttributeKind,
  FeatureSource,
  TransactionRoles,
  TxAttribute,
} from './source';

/** A loaded table as the feature layer sees it. */
export type SourceTable = Pick<TableInfo, 'id' | 'label' | 'view' | 'columns'> & {
  /** The quality checks, when run: whether customer ids repeat tells order lines from customers. */
  quality?: readonly { id: string; count: number }[] | null;
  /** The normalised view without cleaning, for return rates. */
  allRowsView?: string;
  /** How `view` exists (see RelationKind), when the caller knows. */
  relationKind?: RelationKind;
  /**
   * Order lines' columns found constant (or nearly) per customer (see `customerAttributes`);
   * absent or null when not checked.
   */
  attributes?: readonly CustomerAttribute[] | null;
};

const PRODUCT_NAME = /product|sku|stock|item|article/i;

/**
 * The customer-table choice that means "no customer table": with transactions, the customers are
 * the buyers only (a campaign or outcome file loaded beside them does not add its ids).
 */
export const NO_CUSTOMER_TABLE = '(none)';

function byRole(cols: readonly ColumnInfo[], role: ColumnInfo['role']): string | undefined {
  return cols.find((c) => c.role === role)?.name;
}

/** True when a table has what a transactions table needs: a customer id and a date. */
export function isTransactions(t: SourceTable): boolean {
  return Boolean(byRole(t.columns, 'customer_id') && byRole(t.columns, 'datetime'));
}

/** True when a table looks like one row per customer: an id and no order lines. */
export function isCustomers(t: SourceTable): boolean {
  return isCustomerTable(t.columns);
}

/** True when the quality checks found no customer id on more than one row. */
function oneRowPerCustomer(t: SourceTable): boolean {
  return t.quality?.some((c) => c.id === 'duplicate_ids' && c.count === 0) ?? false;
}

/**
 * How much a table looks like order lines: a customer table with a signup date also has an id
 * and a date, so order ids and values decide.
 */
function transactionScore(t: SourceTable): number {
  if (!isTransactions(t)) return -1;
  const has = (r: ColumnInfo['role']) => (byRole(t.columns, r) ? 1 : 0);
  return 2 * has('order_id') + 2 * has('amount') + has('quantity') + has('unit_price');
}

function transactionRoles(cols: readonly ColumnInfo[]): TransactionRoles {
  const categories = cols.filter((c) => c.role === 'category');
  const product =
    categories.find((c) => PRODUCT_NAME.test(c.name)) ??
    cols.find((c) => (c.role === 'text' || c.role === 'ignore') && PRODUCT_NAME.test(c.name));
  // The column the Data step made the product category; else the first other category.
  const category =
    cols.find((c) => c.role === 'product_category') ?? categories.find((c) => c !== product);
  return {
    customerId: byRole(cols, 'customer_id')!,
    datetime: byRole(cols, 'datetime')!,
    amount: byRole(cols, 'amount'),
    quantity: byRole(cols, 'quantity'),
    unitPrice: byRole(cols, 'unit_price'),
    orderId: byRole(cols, 'order_id'),
    category: category?.name,
    product: product?.name,
  };
}

/** How a customer-table column of each role becomes a feature (roles not listed do not). */
const ATTRIBUTE_KIND: Partial<Record<ColumnInfo['role'], AttributeKind>> = {
  measure: 'numeric',
  amount: 'numeric',
  quantity: 'numeric',
  unit_price: 'numeric',
  category: 'categorical',
  product_category: 'categorical',
  geo: 'categorical',
  ordinal: 'categorical',
  flag: 'flag',
  datetime: 'date',
};

/**
 * Picks the transactions table (and a customer table, if any) from the loaded tables and maps
 * their roles. Returns a sentence saying what is missing when features cannot be built.
 */
export function sourceFromTables(
  tables: readonly SourceTable[],
  transactionsId: string | null,
  customersId: string | null,
): FeatureSource | string {
  const tx = transactionsId
    ? tables.find((t) => t.id === transactionsId)
    : tables
        // An id and a date alone make a customer table with a signup date, not order lines;
        // so does a table whose ids never repeat, whatever else it has.
        // The table chosen as the customer table is not also the transactions.
        .filter(
          (t) =>
            t.id !== customersId &&
            isTransactions(t) &&
            transactionScore(t) > 0 &&
            !oneRowPerCustomer(t),
        )
        .reduce<SourceTable | undefined>(
          (best, t) => (!best || transactionScore(t) > transactionScore(best) ? t : best),
          undefined,
        );
  if (!tx) return customerOnlySource(tables, customersId);
  if (!isTransactions(tx)) {
    return `"${tx.label}" needs a customer id and a date-time column to be the transactions: set those roles in the Data step, or choose "Automatic".`;
  }
  const roles = transactionRoles(tx.columns);
  const source: FeatureSource = { transactions: tx.view, roles };
  const fromLines = txAttributes(tx.columns, roles, tx.attributes ?? null);
  if (fromLines.length) source.txAttributes = fromLines;
  const flags = tx.columns.filter((c) => c.role === 'flag').map((c) => c.name);
  if (flags.length) source.txFlags = flags;
  if (tx.allRowsView) source.returnsRelation = tx.allRowsView;
  if (tx.relationKind === 'table') source.storedTables = [tx.view];
  // A passthrough view (and its all-rows twin, also unchanged) reads the stored raw table.
  if (tx.relationKind === 'passthrough')
    source.storedTables = [tx.view, source.returnsRelation ?? tx.view];
  const cust =
    customersId === NO_CUSTOMER_TABLE
      ? undefined
      : customersId
        ? tables.find((t) => t.id === customersId)
        : tables.find((t) => t !== tx && isCustomers(t));
  if (cust && cust !== tx) {
    const id = byRole(cust.columns, 'customer_id');
    if (id) source.customers = customerSource(cust, id);
  }
  return source;
}

/**
 * The source when no table holds transactions: the customer table alone (the chosen one, else
 * the first with a customer id), its columns as attributes.
 */
function customerOnlySource(
  tables: readonly SourceTable[],
  customersId: string | null,
): FeatureSource | string {
  if (!tables.length)
    return 'Load a customer table or a transactions file (customer id, date, amount) in the Data step first.';
  if (customersId === NO_CUSTOMER_TABLE)
    return 'No table holds transactions, so the customer table is all the features can come from: choose it above.';
  const cust = customersId
    ? tables.find((t) => t.id === customersId)
    : (tables.find((t) => byRole(t.columns, 'customer_id')) ?? tables[0]);
  if (!cust) return 'Choose the customer table above.';
  const id = byRole(cust.columns, 'customer_id');
  if (!id)
    return `“${cust.label}” has no customer id column: set the role of the column that identifies customers to “Customer id” in the Data step.`;
  return { customers: customerSource(cust, id) };
}

function customerSource(t: SourceTable, id: string): NonNullable<FeatureSource['customers']> {
  return {
    relation: t.view,
    customerId: id,
    columns: t.columns
      .filter((c) => c.name !== id && ATTRIBUTE_KIND[c.role])
      .map((c) => {
        const col: AttributeColumn = { name: c.name, kind: ATTRIBUTE_KIND[c.role]! };
        if (c.role === 'ordinal' && c.levels?.length) col.levels = [...c.levels];
        return col;
      }),
  };
}

/** A feature id from a label: lower-case letters, digits and `_`, unique in the spec. */
export function featureId(base: string, taken: readonly FeatureDef[]): string {
  let id = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = `f_${id}`;
  id = id.slice(0, 50);
  const used = new Set(taken.map((f) => f.id));
  let out = id;
  for (let i = 2; used.has(out); i++) out = `${id}_${i}`;
  return out;
}

const ATTRIBUTE_KINDS = new Set<FeatureKind>([
  'attribute_numeric',
  'attribute_category',
  'attribute_date_age',
  'tx_attribute',
]);

/**
 * A new feature with sensible defaults: percentile-rank transform (robust to the heavy skew of
 * spend data and puts every feature on one scale for k-means) and median imputation.
 */
export function newFeatureDef(
  kind: FeatureKind,
  taken: readonly FeatureDef[],
  column?: string,
  categorical = false,
): FeatureDef {
  const base = ATTRIBUTE_KINDS.has(kind) && column ? column : catalogueEntry(kind).label;
  const def: FeatureDef = {
    id: featureId(base, taken),
    kind,
    transform: {
      kind: kind === 'attribute_category' || kind === 'category_share' ? 'none' : 'rank',
    },
    missing: kind === 'recency' ? 'indicator' : 'median',
  };
  if (column) def.column = column;
  if (kind === 'category_share') def.topN = 5;
  // A category attribute is kept as levels: rules name its values and k-prototypes compares
  // them as categories (one-hot columns stay available in a config, `encoding: "one-hot"`).
  if (kind === 'attribute_category' || (kind === 'tx_attribute' && categorical))
    Object.assign(def, {
      encoding: 'levels',
      missing: 'keep',
      topN: 10,
      transform: { kind: 'none' },
    });
  return def;
}

/** How a transactions column of each role is read as a customer attribute. */
const TX_ATTRIBUTE_KIND: Partial<Record<ColumnInfo['role'], TxAttribute['kind']>> = {
  category: 'categorical',
  geo: 'categorical',
  ordinal: 'categorical',
  flag: 'flag',
  measure: 'numeric',
};

/**
 * Columns of the transactions that may describe the customer rather than the line (a country,
 * region or segment repeated on every line; numbers such as an age): offered as attributes.
 * The product and product-category columns are the lines' own. When the per-customer check ran
 * (`found`), only the columns it found constant (or nearly) per customer, with its counts.
 */
function txAttributes(
  cols: readonly ColumnInfo[],
  roles: TransactionRoles,
  found: readonly CustomerAttribute[] | null,
): TxAttribute[] {
  const own = new Set([roles.category, roles.product].filter(Boolean));
  const byColumn = new Map((found ?? []).map((a) => [a.column, a]));
  const out: TxAttribute[] = [];
  for (const c of cols) {
    const kind = TX_ATTRIBUTE_KIND[c.role];
    if (own.has(c.name) || !kind) continue;
    if (!found) {
      out.push({ name: c.name, kind });
      continue;
    }
    const a = byColumn.get(c.name);
    if (a) out.push({ name: c.name, kind, customers: a.customers, varying: a.varying });
  }
  return out;
}

/** The starting spec: recency, frequency and monetary (when the data has a value). */
export function defaultSpec(
  kinds: readonly FeatureKind[] = ['recency', 'frequency', 'monetary'],
): FeatureSpec {
  const features: FeatureDef[] = [];
  for (const k of kinds) features.push(newFeatureDef(k, features));
  return { asOf: null, features };
}

/** Most attributes the starting spec of a customer table takes (a wide table would drown k-means). */
const MAX_DEFAULT_ATTRIBUTES = 24;

/**
 * The starting spec of a customer table alone: each attribute column as a feature. Numbers are
 * standardised (z-score), so that a column in large units (income) does not outweigh a small one
 * (children) in clustering; dates become their age in years; categories (text, codes, geography,
 * ordinals in their order, flags as No/Yes) keep their levels.
 */
export function defaultCustomerSpec(source: FeatureSource): FeatureSpec {
  const features: FeatureDef[] = [];
  for (const c of (source.customers?.columns ?? []).slice(0, MAX_DEFAULT_ATTRIBUTES)) {
    const def = newFeatureDef(ATTRIBUTE_FEATURE[c.kind], features, c.name);
    if (def.encoding !== 'levels') def.transform = { kind: 'zscore' };
    features.push(def);
  }
  return { asOf: null, features };
}

/**
 * The feature kind each kind of customer-table column becomes: categories, ordinals and flags
 * are categories kept as levels (flags as No/Yes, ordinals in their order), dates their age.
 */
export const ATTRIBUTE_FEATURE = {
  numeric: 'attribute_numeric',
  categorical: 'attribute_category',
  flag: 'attribute_category',
  date: 'attribute_date_age',
} as const satisfies Record<AttributeKind, FeatureKind>;

/** True when `spec` is the starting spec no one has edited. */
export function isDefaultSpec(spec: FeatureSpec): boolean {
  return JSON.stringify(spec) === JSON.stringify(defaultSpec());
}
