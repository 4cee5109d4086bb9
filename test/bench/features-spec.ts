/** The benchmark's feature spec and source, shared with the browser benchmark. */
import type { FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource } from '../../src/lib/features/source';

/**
 * RFM plus 10 behavioural features, as used by `test/bench/features.ts`. As-of 2011-12-10
 * (the day after the last Online Retail transaction); log1p on skewed values, z-score elsewhere.
 */
export function benchFeatureSpec(): FeatureSpec {
  const f = (id: string, kind: FeatureSpec['features'][number]['kind'], more = {}) => ({
    id,
    kind,
    transform: { kind: 'zscore' as const },
    missing: 'median' as const,
    ...more,
  });
  return {
    asOf: '2011-12-10',
    features: [
      f('recency', 'recency'),
      f('frequency', 'frequency', { transform: { kind: 'log1p' } }),
      f('monetary', 'monetary', { transform: { kind: 'log1p' } }),
      f('tenure', 'tenure'),
      f('aov', 'aov', { transform: { kind: 'winsorize', lower: 0.01, upper: 0.99 } }),
      f('avg_gap', 'avg_days_between'),
      f('median_gap', 'median_days_between'),
      f('products', 'distinct_products', { transform: { kind: 'log1p' } }),
      f('countries', 'distinct_categories', { missing: 'zero' }),
      f('share', 'category_share', { topN: 5, transform: { kind: 'none' }, missing: 'zero' }),
      f('returns', 'return_rate', { transform: { kind: 'rank' }, missing: 'zero' }),
      f('trend', 'spend_trend', { missing: 'zero' }),
      f('months', 'active_months', { transform: { kind: 'minmax' } }),
    ],
  };
}

/**
 * The Online Retail source over views `tx` (cleaned) and `tx_raw` (with cancellations); the
 * country stands in for a category because the file has none.
 */
export function benchSource(): FeatureSource {
  return {
    transactions: 'tx',
    returnsRelation: 'tx_raw',
    roles: {
      customerId: 'cid',
      datetime: 'InvoiceDate',
      quantity: 'Quantity',
      unitPrice: 'UnitPrice',
      orderId: 'InvoiceNo',
      product: 'StockCode',
      category: 'Country',
    },
  };
}

/** SQL creating `tx_raw` and `tx` from a `read_csv` of the Online Retail file at `file`. */
export function retailViewsSql(file: string, table = 'retail'): string[] {
  return [
    `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true)`,
    `CREATE OR REPLACE VIEW tx_raw AS SELECT *, regexp_replace(CAST(CustomerID AS VARCHAR), '\\.0$', '') AS cid FROM "${table}" WHERE CustomerID IS NOT NULL`,
    `CREATE OR REPLACE VIEW tx AS SELECT * FROM tx_raw WHERE NOT starts_with(CAST(InvoiceNo AS VARCHAR), 'C')`,
  ];
}

/**
 * `rows` deterministic synthetic transactions over `customers` customer ids (hash-based, no
 * randomness), four lines per order: the scale benchmarks' data. With `each`, orders go to the
 * customers in turn, so every one of them buys (rows / 4 / customers orders each).
 */
export function synthSelect(rows: number, customers: number, each = false): string {
  const cid = each ? `(i // 4) % ${customers}` : `hash(i // 4, 1) % ${customers}`;
  return `SELECT CAST(${cid} AS INTEGER) AS cid,
    TIMESTAMP '2022-01-01' + to_seconds(CAST(hash(i // 4, 2) % (730 * 86400) AS BIGINT)) AS ts,
    i // 4 AS order_id,
    (1 + CAST(hash(i, 3) % 10 AS INTEGER)) * CASE WHEN hash(i, 4) % 50 = 0 THEN -1 ELSE 1 END AS qty,
    0.5 + CAST(hash(i, 5) % 10000 AS DOUBLE) / 100 AS price,
    'cat' || CAST(hash(i, 6) % 20 AS VARCHAR) AS cat,
    CAST(hash(i, 7) % 5000 AS INTEGER) AS prod
  FROM range(${rows}) r(i)`;
}

/** 10M deterministic synthetic transactions over 1M customer ids. */
export const SYNTH_SQL = `CREATE OR REPLACE TABLE synth AS
  ${synthSelect(10_000_000, 1_000_000)}`;

/** The feature source over `synth` (10M rows, 1M customer ids). */
export function scaleSource(): FeatureSource {
  return {
    transactions: 'synth',
    roles: {
      customerId: 'cid',
      datetime: 'ts',
      orderId: 'order_id',
      quantity: 'qty',
      unitPrice: 'price',
      category: 'cat',
      product: 'prod',
    },
  };
}
