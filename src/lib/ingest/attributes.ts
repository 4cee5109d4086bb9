/**
 * Customer attributes inside a transactions file: exports repeat the customer's country, region,
 * segment or company size on every line. A column with one value per customer (or nearly) can be
 * offered as an attribute of the customer, with the rule that picks the one value.
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import type { ColumnInfo, ColumnRole } from './types';

/** Roles a per-customer attribute can have (order-line roles and ids are not attributes). */
export const ATTRIBUTE_ROLES: readonly ColumnRole[] = [
  'category',
  'geo',
  'flag',
  'ordinal',
  'measure',
  'text',
];

/** How one value per customer is picked from its lines. */
export type AttributeRule = 'most_frequent_then_latest';

/** A column that is (nearly) constant per customer. */
export interface CustomerAttribute {
  column: string;
  role: ColumnRole;
  /** Customers with at least one value in the column. */
  customers: number;
  /** Of those, customers with more than one distinct value. */
  varying: number;
  /** The most frequent value of the customer; ties go to the latest line's value, then the smallest. */
  rule: AttributeRule;
}

/** Share of customers that may have more than one value for a column to count as an attribute. */
export const MAX_VARYING_SHARE = 0.05;

/**
 * The columns of `relation` (normalised, e.g. a cleaned view) whose values are constant per
 * customer for all but `maxVaryingShare` of the customers, in column order. One scan.
 */
export async function customerAttributes(
  db: Db,
  relation: string,
  columns: readonly ColumnInfo[],
  maxVaryingShare = MAX_VARYING_SHARE,
): Promise<CustomerAttribute[]> {
  const id = columns.find((c) => c.role === 'customer_id');
  const candidates = columns.filter((c) => ATTRIBUTE_ROLES.includes(c.role));
  if (!id || candidates.length === 0) return [];
  const per = candidates.map((c, i) => `count(DISTINCT ${ident(c.name)}) AS "d${i}"`).join(', ');
  const outer = candidates
    .map(
      (_, i) =>
        `count(*) FILTER (WHERE "d${i}" > 0)::DOUBLE AS "n${i}", count(*) FILTER (WHERE "d${i}" > 1)::DOUBLE AS "v${i}"`,
    )
    .join(', ');
  const sql =
    `SELECT ${outer} FROM (SELECT ${per} FROM ${ident(relation)} ` +
    `WHERE ${ident(id.name)} IS NOT NULL GROUP BY ${ident(id.name)}) AS per_customer`;
  const row = ((await db.query(sql)).get(0) ?? {}) as Record<string, unknown>;
  const out: CustomerAttribute[] = [];
  candidates.forEach((c, i) => {
    const customers = Number(row[`n${i}`] ?? 0);
    const varying = Number(row[`v${i}`] ?? 0);
    if (customers > 0 && varying <= maxVaryingShare * customers)
      out.push({
        column: c.name,
        role: c.role,
        customers,
        varying,
        rule: 'most_frequent_then_latest',
      });
  });
  return out;
}

/**
 * SELECT of one value of `column` per customer of `relation` (columns `customer_id`, `value`),
 * by the rule most_frequent_then_latest: the value on most of the customer's lines; on a tie the
 * one seen on the latest `dateColumn` (when given), then the smallest (in the engine's collation
 * for text). Standard SQL that DuckDB and PostgreSQL both run; the value keeps its type.
 */
export function attributeValueSql(
  relation: string,
  customerId: string,
  column: string,
  dateColumn: string | null,
): string {
  const idc = ident(customerId);
  const col = ident(column);
  const last = dateColumn ? `max(${ident(dateColumn)})` : 'NULL';
  const counted =
    `SELECT ${idc} AS k, ${col} AS v, count(*) AS n, ${last} AS latest FROM ${ident(relation)} ` +
    `WHERE ${idc} IS NOT NULL AND ${col} IS NOT NULL GROUP BY ${idc}, ${col}`;
  const ranked =
    `SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY n DESC, latest DESC NULLS LAST, v) AS r ` +
    `FROM (${counted}) AS counted`;
  return `SELECT k AS ${ident('customer_id')}, v AS ${ident('value')} FROM (${ranked}) AS ranked WHERE r = 1`;
}
