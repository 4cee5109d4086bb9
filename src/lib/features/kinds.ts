/**
 * The SQL of each feature kind. A kind contributes aggregates to the one per-customer GROUP BY
 * over the transactions (so most features share a single scan), optional side CTEs keyed by
 * `cid`, and output columns that refer to them (`a.` aggregates, `c.` customer table).
 */
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal, literalList } from '../sql/quote';
import { FeatureError } from './errors';
import { compileExpr } from './expr/compile';
import { featureLevels, type FeatureDef } from './spec';
import {
  FLAG_LABELS,
  hasTransactions,
  type CustomerSource,
  type FeatureSource,
  type TxSource,
} from './source';

type CustomerColumn = CustomerSource['columns'][number];

/** SQL snippets over a transactions row aliased `t`. */
export interface TxSql {
  /** The dialect the snippets are written in. */
  d: Dialect;
  cid: string;
  day: string;
  ts: string;
  /**
   * Line value as an exact decimal (MONEY_SCALE places), or null when the source has none: sums
   * of decimals do not depend on the order rows are added in, so every engine gets the same.
   */
  amt: string | null;
  order: string;
  /** A return/cancellation line, or null when neither quantity nor amount exists. */
  neg: string | null;
  cat: string | null;
  prod: string | null;
  /** `DATE 'YYYY-MM-DD'`. */
  asOf: string;
  /** WHERE clause every transaction feature shares: id present, day before as-of, window. */
  base: string;
  /** Like `base` without the global window: who counts as a customer. */
  ever: string;
}

/** Builds the row snippets for a source and a resolved as-of date, in dialect `d`. */
export function txSql(
  source: TxSource,
  asOf: string,
  windowDays?: number,
  d: Dialect = duckdb,
): TxSql {
  const r = source.roles;
  const col = (c: string): string => `t.${ident(c)}`;
  const num = (c: string): string => d.cast(col(c), 'DOUBLE');
  const amt = r.amount
    ? d.money(num(r.amount))
    : r.quantity && r.unitPrice
      ? d.money(`${num(r.quantity)} * ${num(r.unitPrice)}`)
      : null;
  const cid = d.cast(col(r.customerId), 'VARCHAR');
  const day = d.cast(col(r.datetime), 'DATE');
  const ts = d.cast(col(r.datetime), 'TIMESTAMP');
  const asOfSql = `DATE ${literal(asOf)}`;
  const ever = `${cid} IS NOT NULL AND ${day} < ${asOfSql}`;
  const base = windowDays ? `${ever} AND ${day} >= ${asOfSql} - ${literal(windowDays)}` : ever;
  return {
    d,
    cid,
    day,
    ts,
    amt,
    order: r.orderId ? col(r.orderId) : ts,
    neg: r.quantity ? `${num(r.quantity)} < 0` : amt ? `${amt} < 0` : null,
    cat: r.category ? d.cast(col(r.category), 'VARCHAR') : null,
    prod: r.product ? d.cast(col(r.product), 'VARCHAR') : null,
    asOf: asOfSql,
    base,
    ever,
  };
}

/** One output column of the raw feature table. */
export interface FeatureColumn {
  /** Column name in the feature table. */
  name: string;
  /** The FeatureDef id it belongs to. */
  feature: string;
  /** For category columns: the category, or null for the "other" column. */
  category?: string | null;
  /** True for a `__missing` indicator column (added by the transforms). */
  indicator?: boolean;
  /** For a category kept as levels: the label of each code (the column holds 0, 1, ...). */
  levels?: string[];
}

/** What one feature adds to the query. */
export interface KindSql {
  aggs: { alias: string; sql: string }[];
  ctes: { name: string; sql: string }[];
  columns: (FeatureColumn & { sql: string })[];
}

/** Context for building one feature. */
export interface KindContext {
  source: FeatureSource;
  /** The transactions' snippets; null when the source is a customer table alone. */
  tx: TxSql | null;
  /** The dialect, and the as-of date as a DATE literal. */
  d: Dialect;
  asOf: string;
  /** The window filter of this feature (`day >= ...`), or null for none beyond the base. */
  win: string | null;
  /** Unique prefix for aliases and CTE names of this feature. */
  key: string;
}

const filt = (cond: string | null): string => (cond ? ` FILTER (WHERE ${cond})` : '');
const and = (...c: (string | null)[]): string | null => c.filter(Boolean).join(' AND ') || null;

function need<T>(v: T | null, def: FeatureDef, what: string): T {
  if (v === null) {
    throw new FeatureError(
      `feature "${def.id}" (${def.kind}) needs ${what}: map it in the column roles`,
      def.id,
    );
  }
  return v;
}

/** Builds the SQL of one feature. */
export function kindSql(def: FeatureDef, k: KindContext): KindSql {
  const { win, key, d } = k;
  const attribute = def.kind.startsWith('attribute_') || def.kind === 'custom';
  if (!k.tx && !attribute)
    throw new FeatureError(
      `feature "${def.id}" (${def.kind}) is computed from transactions: load a transactions table (customer id, date, amount), or remove the feature`,
      def.id,
    );
  // Attribute and custom features never read `tx` when there is none (custom: no aggregates).
  const tx = k.tx ?? NO_TRANSACTIONS;
  const out: KindSql = { aggs: [], ctes: [], columns: [] };
  const agg = (sql: string): string => {
    const alias = `${key}_${out.aggs.length}`;
    out.aggs.push({ alias, sql });
    return `"a".${ident(alias)}`;
  };
  const col = (sql: string, extra: Partial<FeatureColumn> = {}): void => {
    out.columns.push({ name: def.id, feature: def.id, sql, ...extra });
  };
  // Every division is of doubles: PostgreSQL divides integers (and decimals) its own way.
  const ratio = (a: string, b: string): string => `${d.cast(a, 'DOUBLE')} / ${d.cast(b, 'DOUBLE')}`;
  // Count-like features are 0, not NULL, for customers with no rows in scope.
  const zeroIfNone = (ref: string): string => `CASE WHEN "a"."cid" IS NULL THEN 0 ELSE ${ref} END`;
  const W = filt(win);
  const amt = (): string => need(tx.amt, def, 'an amount column, or quantity and unit price');
  switch (def.kind) {
    case 'recency':
      col(agg(d.dayDiff(`max(${tx.day})${W}`, tx.asOf)));
      break;
    case 'tenure':
      col(agg(d.dayDiff(`min(${tx.day})${W}`, tx.asOf)));
      break;
    case 'frequency':
      col(zeroIfNone(agg(`count(DISTINCT ${tx.order})${W}`)));
      break;
    case 'monetary':
      col(zeroIfNone(agg(`CASE WHEN count(*)${W} = 0 THEN 0 ELSE sum(${amt()})${W} END`)));
      break;
    case 'aov':
      col(agg(ratio(`sum(${amt()})${W}`, `nullif(count(DISTINCT ${tx.order})${W}, 0)`)));
      break;
    case 'avg_days_between':
      col(
        agg(
          ratio(
            d.dayDiff(`min(${tx.day})${W}`, `max(${tx.day})${W}`),
            `nullif(count(DISTINCT ${tx.day})${W} - 1, 0)`,
          ),
        ),
      );
      break;
    case 'median_days_between': {
      const name = `${key}_gaps`;
      const days = `SELECT DISTINCT ${tx.cid} AS cid, ${tx.day} AS d FROM ${ident(k.source.transactions ?? '')} AS t WHERE ${and(tx.base, win)}`;
      const gap = d.cast(d.dayDiff('lag(d) OVER (PARTITION BY cid ORDER BY d)', 'd'), 'DOUBLE');
      const gaps = `SELECT cid, ${gap} AS gap FROM (${days}) AS "days"`;
      out.ctes.push({
        name,
        sql: `SELECT cid, ${d.median('gap')} AS v FROM (${gaps}) AS "gaps" GROUP BY cid`,
      });
      col(`${ident(name)}.v`);
      break;
    }
    case 'distinct_products':
      col(zeroIfNone(agg(`count(DISTINCT ${need(tx.prod, def, 'a product column')})${W}`)));
      break;
    case 'distinct_categories':
      col(zeroIfNone(agg(`count(DISTINCT ${need(tx.cat, def, 'a category column')})${W}`)));
      break;
    case 'active_months':
      col(zeroIfNone(agg(`count(DISTINCT date_trunc('month', ${tx.day}))${W}`)));
      break;
    case 'category_share': {
      const cat = need(tx.cat, def, 'a category column');
      const cats = need(
        def.categories ?? null,
        def,
        'resolved categories (call resolveSpec first)',
      );
      const buy = and(win, `${amt()} > 0`);
      const total = `nullif(sum(${amt()}) FILTER (WHERE ${buy}), 0)`;
      const share = (cond: string): string =>
        ratio(`coalesce(sum(${amt()}) FILTER (WHERE ${and(buy, cond)}), 0)`, total);
      for (const c of cats)
        col(agg(share(`${cat} = ${literal(c)}`)), { name: `${def.id}__${c}`, category: c });
      col(agg(share(`(${cat} IS NULL OR ${cat} NOT IN (${literalList(cats)}))`)), {
        name: `${def.id}__other`,
        category: null,
      });
      break;
    }
    case 'return_rate': {
      const neg = need(tx.neg, def, 'a quantity or amount column (negative lines are returns)');
      const rate = ratio(
        `count(DISTINCT ${tx.order}) FILTER (WHERE ${and(win, neg)})`,
        `nullif(count(DISTINCT ${tx.order})${W}, 0)`,
      );
      const rel = k.source.returnsRelation;
      if (!rel) {
        col(agg(rate));
        break;
      }
      const name = `${key}_returns`;
      out.ctes.push({
        name,
        sql: `SELECT ${tx.cid} AS cid, ${rate} AS v FROM ${ident(rel)} AS t WHERE ${tx.base} GROUP BY 1`,
      });
      col(`${ident(name)}.v`);
      break;
    }
    case 'spend_trend': {
      const p = def.windowDays ?? 90;
      const recent = `coalesce(sum(${amt()}) FILTER (WHERE ${tx.day} >= ${tx.asOf} - ${literal(p)}), 0)`;
      const prior = `coalesce(sum(${amt()}) FILTER (WHERE ${tx.day} >= ${tx.asOf} - ${literal(2 * p)} AND ${tx.day} < ${tx.asOf} - ${literal(p)}), 0)`;
      col(agg(ratio(`${recent} - ${prior}`, `nullif(abs(${recent}) + abs(${prior}), 0)`)));
      break;
    }
    case 'attribute_numeric': {
      const { name, kind } = customerColumn(def, k.source);
      const v = `c.${ident(name)}`;
      // A flag is already 1/0 in the cleaned relation.
      col(
        kind === 'numeric' || kind === 'flag'
          ? d.cast(v, 'DOUBLE')
          : d.parseNumber(`trim(${d.cast(v, 'VARCHAR')})`),
      );
      break;
    }
    case 'attribute_date_age': {
      const { name, kind } = customerColumn(def, k.source);
      const v = `c.${ident(name)}`;
      const day =
        kind === 'date'
          ? d.cast(v, 'DATE')
          : d.cast(d.parseIsoTimestamp(`trim(${d.cast(v, 'VARCHAR')})`), 'DATE');
      const days = d.cast(d.dayDiff(day, k.asOf), 'DOUBLE');
      col(def.unit === 'days' ? days : `${days} / ${d.num(365.25)}`);
      break;
    }
    case 'attribute_category': {
      const column = customerColumn(def, k.source);
      const ref = `c.${ident(column.name)}`;
      const v = column.kind === 'flag' ? flagLabel(ref) : d.cast(ref, 'VARCHAR');
      const cats = need(
        def.categories ?? null,
        def,
        'resolved categories (call resolveSpec first)',
      );
      if (def.encoding === 'levels') {
        // The category's position in the list; any other category is the last level.
        const arms = cats.map((c, j) => `WHEN ${v} = ${literal(c)} THEN ${j}`).join(' ');
        col(`CASE WHEN ${v} IS NULL THEN NULL ${arms} ELSE ${cats.length} END`, {
          levels: featureLevels(def) ?? undefined,
        });
        break;
      }
      const oneHot = (cond: string): string =>
        `CASE WHEN ${v} IS NULL THEN NULL WHEN ${cond} THEN 1 ELSE 0 END`;
      for (const c of cats)
        col(oneHot(`${v} = ${literal(c)}`), { name: `${def.id}__${c}`, category: c });
      col(oneHot(`${v} NOT IN (${literalList(cats)})`), {
        name: `${def.id}__other`,
        category: null,
      });
      break;
    }
    case 'tx_attribute': {
      // The customer's most frequent value; ties to the latest purchase, then the first value.
      const column = txColumn(def, k.source);
      const v = `t.${ident(column)}`;
      const levels = def.encoding === 'levels';
      const flag = levels && (k.source.txFlags ?? []).includes(column);
      const value = flag ? flagLabel(v) : levels ? d.cast(v, 'VARCHAR') : d.cast(v, 'DOUBLE');
      const name = `${key}_values`;
      const counts = `SELECT ${tx.cid} AS cid, ${value} AS v, count(*) AS n, max(${tx.ts}) AS last FROM ${ident(k.source.transactions ?? '')} AS t WHERE ${tx.base} AND ${v} IS NOT NULL GROUP BY 1, 2`;
      const ranked = `SELECT cid, v, row_number() OVER (PARTITION BY cid ORDER BY n DESC, last DESC, ${d.bytesOrder('v')}) AS rk FROM (${counts}) AS "counts"`;
      out.ctes.push({ name, sql: `SELECT cid, v FROM (${ranked}) AS "ranked" WHERE rk = 1` });
      const ref = `${ident(name)}.v`;
      if (!levels) {
        col(ref);
        break;
      }
      const cats = need(
        def.categories ?? null,
        def,
        'resolved categories (call resolveSpec first)',
      );
      const arms = cats.map((c, j) => `WHEN ${ref} = ${literal(c)} THEN ${j}`).join(' ');
      col(`CASE WHEN ${ref} IS NULL THEN NULL ${arms} ELSE ${cats.length} END`, {
        levels: featureLevels(def) ?? undefined,
      });
      break;
    }
    case 'custom': {
      const cust = k.source.customers;
      const txColumns = hasTransactions(k.source) ? k.source.columns : [];
      if (!txColumns)
        throw new FeatureError(
          `feature "${def.id}": the transactions column list is needed to check the expression`,
          def.id,
        );
      col(
        compileExpr(def.expr ?? '', {
          txColumns,
          customerColumns: cust ? cust.columns.map((c) => c.name) : [],
          txRef: (c) => `t.${ident(c)}`,
          customerRef: (c) => `c.${ident(c)}`,
          aggregate: (sql) => agg(`${sql}${W}`),
          dialect: d,
        }),
      );
      break;
    }
  }
  return out;
}

/**
 * A flag (1/0 in the cleaned relation) as the category it is read as: `Yes`, `No`, or NULL. The
 * feature's code is then the label's position in its categories, as for any category.
 */
function flagLabel(ref: string): string {
  return `CASE WHEN ${ref} = 1 THEN ${literal(FLAG_LABELS[1])} WHEN ${ref} = 0 THEN ${literal(FLAG_LABELS[0])} END`;
}

/**
 * Stands in for the transactions of a customer-table-only source: attribute and custom features
 * do not read it (a custom aggregate fails earlier, naming the column it lacks).
 */
const NO_TRANSACTIONS: TxSql = new Proxy({} as TxSql, {
  get(_t, field) {
    throw new FeatureError(`there are no transactions to read ${String(field)} from`);
  },
});

/** The transactions column a tx_attribute reads; FeatureError when it is not there. */
function txColumn(def: FeatureDef, source: FeatureSource): string {
  const name = def.column ?? '';
  if (source.columns && !source.columns.includes(name))
    throw new FeatureError(
      `feature "${def.id}": column "${name}" is not in the transactions ${source.transactions}`,
      def.id,
    );
  return name;
}

function customerColumn(def: FeatureDef, source: FeatureSource): CustomerColumn {
  const cust = source.customers;
  const name = def.column ?? '';
  if (!cust)
    throw new FeatureError(
      `feature "${def.id}" needs a customer table: load one or remove the feature`,
      def.id,
    );
  const found = cust.columns.find((c) => c.name === name);
  if (!found) {
    throw new FeatureError(
      `feature "${def.id}": column "${name}" is not an attribute of the customer table ${cust.relation}`,
      def.id,
    );
  }
  return found;
}
