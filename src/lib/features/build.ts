/** Assembles the per-kind SQL into one SELECT producing the raw (untransformed) feature table. */
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal } from '../sql/quote';
import { FeatureError } from './errors';
import { kindSql, txSql, type FeatureColumn, type KindSql } from './kinds';
import { isIsoDate, type FeatureDef, type FeatureSpec } from './spec';
import { hasTransactions, type FeatureSource } from './source';

export type { FeatureColumn } from './kinds';

const TX_KINDS_WITHOUT_ROWS = new Set([
  'attribute_numeric',
  'attribute_category',
  'attribute_date_age',
]);

function resolvedAsOf(spec: FeatureSpec): string {
  if (!isIsoDate(spec.asOf)) {
    throw new FeatureError(
      'asOf must be resolved to a YYYY-MM-DD date first (resolveSpec does it)',
      'asOf',
    );
  }
  return spec.asOf;
}

/** The window filter of one feature (its own windowDays), or null. spend_trend uses it as its period. */
export function featureWindow(def: FeatureDef, day: string, asOf: string): string | null {
  if (!def.windowDays || def.kind === 'spend_trend') return null;
  return `${day} >= ${asOf} - ${literal(def.windowDays)}`;
}

/**
 * Builds the SELECT of the raw feature table: one row per customer (`customer_id`, text), one
 * DOUBLE-valued column per feature (category features: one per category plus `__other`),
 * ordered by customer_id. Pure: the spec must be resolved (as-of date, category sets) by
 * `resolveSpec()`. Throws FeatureError for features the source cannot support.
 *
 * Customers are everyone with a transaction before the as-of date, plus everyone in the
 * customer table (kept even without transactions). Transactions on or after the as-of date,
 * with a NULL date or NULL customer id are not read.
 */
export function buildFeatureSql(
  spec: FeatureSpec,
  source: FeatureSource,
  d: Dialect = duckdb,
): { sql: string; columns: FeatureColumn[] } {
  const asOf = resolvedAsOf(spec);
  const tx = hasTransactions(source) ? txSql(source, asOf, spec.window?.days, d) : null;
  const asOfSql = `DATE ${literal(asOf)}`;
  const parts: KindSql[] = spec.features.map((def, i) =>
    kindSql(def, {
      source,
      tx,
      d,
      asOf: asOfSql,
      win: tx ? featureWindow(def, tx.day, tx.asOf) : null,
      key: `f${i}`,
    }),
  );
  const cust = source.customers;
  const ctes: string[] = [];
  const aggs = parts.flatMap((p) => p.aggs);
  let ids: string;
  if (tx) {
    const rel = ident(source.transactions!);
    if (aggs.length > 0) {
      const list = aggs.map((a) => `,\n    ${a.sql} AS ${ident(a.alias)}`).join('');
      ctes.push(
        `"a" AS (\n  SELECT ${tx.cid} AS cid${list}\n  FROM ${rel} AS t\n  WHERE ${tx.base}\n  GROUP BY 1\n)`,
      );
    }
    // Without a global window the aggregate's groups are exactly the buyers: save a scan.
    ids =
      aggs.length > 0 && tx.base === tx.ever
        ? `SELECT cid FROM "a"`
        : `SELECT DISTINCT ${tx.cid} AS cid FROM ${rel} AS t WHERE ${tx.ever}`;
  } else if (!cust) {
    throw new FeatureError('there is neither a transactions table nor a customer table');
  }
  if (cust) {
    const cid = d.cast(ident(cust.customerId), 'VARCHAR');
    const customers = `SELECT ${cid} AS cid FROM ${ident(cust.relation)} WHERE ${cid} IS NOT NULL`;
    ids = tx ? `${ids!} UNION ${customers}` : customers;
  }
  ctes.push(`"ids" AS (${ids!})`);
  const side = parts.flatMap((p) => p.ctes);
  for (const s of side) ctes.push(`${ident(s.name)} AS (${s.sql})`);
  const joins: string[] = [];
  if (aggs.length > 0) joins.push(`LEFT JOIN "a" ON "a".cid = "ids".cid`);
  for (const s of side)
    joins.push(`LEFT JOIN ${ident(s.name)} ON ${ident(s.name)}.cid = "ids".cid`);
  // Only attribute and custom features read the customer table's columns (c.*); its ids are
  // unique (checkSource), so leaving the join out otherwise changes no row.
  const readsCustomers = spec.features.some(
    (d) => d.kind.startsWith('attribute_') || d.kind === 'custom',
  );
  if (cust && readsCustomers) {
    joins.push(
      `LEFT JOIN ${ident(cust.relation)} AS c ON ${d.cast(`c.${ident(cust.customerId)}`, 'VARCHAR')} = "ids".cid`,
    );
  }
  const columns = parts.flatMap((p) => p.columns);
  const seen = new Set<string>(['customer_id']);
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new FeatureError(
        `two output columns are both named "${c.name}": rename feature "${c.feature}"`,
        c.feature,
      );
    }
    seen.add(c.name);
  }
  const select = columns.map((c) => `,\n  ${d.cast(c.sql, 'DOUBLE')} AS ${ident(c.name)}`).join('');
  const sql =
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT "ids".cid AS "customer_id"${select}\n` +
    `FROM "ids"\n${joins.join('\n')}\n` +
    `ORDER BY "customer_id"`;
  return { sql, columns: columns.map(({ sql: _sql, ...c }) => c) };
}

/**
 * A one-row SELECT counting, per feature id, the transaction rows that feature reads (its
 * window applied). Customer-attribute features read none; return_rate with a returns relation
 * counts that relation's rows.
 */
export function buildRowsReadSql(spec: FeatureSpec, source: FeatureSource): string {
  const asOf = resolvedAsOf(spec);
  if (!hasTransactions(source))
    return `SELECT ${spec.features.map((f) => `0 AS ${ident(f.id)}`).join(', ')}`;
  const tx = txSql(source, asOf, spec.window?.days);
  const counts = (defs: FeatureDef[]): string =>
    defs
      .map((d) => {
        const w =
          d.kind === 'spend_trend'
            ? `${tx.day} >= ${tx.asOf} - ${literal(2 * (d.windowDays ?? 90))}`
            : featureWindow(d, tx.day, tx.asOf);
        const n = TX_KINDS_WITHOUT_ROWS.has(d.kind)
          ? '0'
          : `count(*)${w ? ` FILTER (WHERE ${w})` : ''}`;
        return `${n} AS ${ident(d.id)}`;
      })
      .join(', ');
  const onReturns = (d: FeatureDef): boolean =>
    d.kind === 'return_rate' && !!source.returnsRelation;
  const main = spec.features.filter((d) => !onReturns(d));
  const ret = spec.features.filter(onReturns);
  const from = (rel: string): string => `FROM ${ident(rel)} AS t WHERE ${tx.base}`;
  const selects = [];
  if (main.length) selects.push(`(SELECT ${counts(main)} ${from(source.transactions)}) AS m`);
  if (ret.length && source.returnsRelation)
    selects.push(`(SELECT ${counts(ret)} ${from(source.returnsRelation)}) AS r`);
  return `SELECT * FROM ${selects.join(', ')}`;
}
