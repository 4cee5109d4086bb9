/**
 * The data quality report of one loaded table. Every check is measured on the normalised
 * column values (expr.ts) and, where a fix exists, offers it as a CleaningChoice (data, not SQL).
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import {
  asOfDate,
  cleaningClauses,
  dropPredicate,
  PLAUSIBLE_FROM,
  PLAUSIBLE_TO,
  type CleaningChoice,
} from './cleaning';
import { columnExpr, isNumericRole, missingSql } from './expr';
import { orderDateColumn } from './infer-table';
import { cancellationEvidence, duplicateIds, duplicateRows } from './quality-rows';
import type { ColumnInfo } from './types';

/**
 * One finding. `count` is in the check's own unit (rows, unless the label says ids or groups);
 * `affectedRows` is how many rows the finding touches.
 */
export interface QualityCheck {
  id: string;
  label: string;
  column?: string;
  count: number;
  affectedRows: number;
  cleaning?: CleaningChoice;
}

/** The report: row count, missing values of every column, and the checks that apply. */
export interface QualityReport {
  rows: number;
  /** The as-of date future dates are measured against (ISO), or null without a datetime. */
  asOf: string | null;
  /** The date column that dates each row (the order date), which the future check reads. */
  dateColumn: string | null;
  /** Per column: NULL or blank, and for ids and datetimes also values that do not parse. */
  missing: { column: string; count: number }[];
  checks: QualityCheck[];
}

/** Tuning of the report; the defaults are documented on each field. */
export interface QualityOptions {
  /** 'Future' means later than this. Default: the latest order date in the data + 1 day. */
  asOf?: string | Date;
  /**
   * Cleaning already applied: every count is then of the rows it keeps, so a check the user acted
   * on shows what is left.
   */
  applied?: readonly CleaningChoice[];
  /** Outlier rule part 1: |x| > `percentileFactor` x p99.9(|x|). Default 10. */
  percentileFactor?: number;
  /** Outlier rule part 2: robust z of |x| (median/MAD, MAD x 1.4826) > `robustZ`. Default 10. */
  robustZ?: number;
}

const DAY_MS = 86_400_000;
const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
const cnt = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const pct = (a: number, b: number): string => `${Math.round((100 * a) / Math.max(b, 1))}%`;

async function one(db: Db, sql: string): Promise<Record<string, unknown>> {
  return ((await db.query(sql)).get(0) ?? {}) as Record<string, unknown>;
}

/** True when the table looks like one row per customer (an id, but no order lines). */
export function isCustomerTable(columns: readonly ColumnInfo[]): boolean {
  const has = (r: string): boolean => columns.some((c) => c.role === r);
  return has('customer_id') && !has('order_id') && !has('quantity') && !has('unit_price');
}

/**
 * Runs every applicable check with a handful of queries. An extreme outlier is a value with
 * |x| > max(percentileFactor x p99.9(|x|), median(|x|) + robustZ x 1.4826 x MAD(|x|)): it must be
 * far beyond both the 99.9th percentile and the robust spread, so ordinary skew is not flagged.
 */
export async function qualityReport(
  db: Db,
  table: string,
  columns: readonly ColumnInfo[],
  opts: QualityOptions = {},
): Promise<QualityReport> {
  const applied = opts.applied ?? [];
  const t = applied.length
    ? `(SELECT * FROM ${ident(table)} ${cleaningClauses(columns, applied)}) AS kept`
    : ident(table);
  const aggs: string[] = ['count(*) AS "rows"'];
  columns.forEach((c, i) => aggs.push(`count(*) FILTER (WHERE ${missingSql(c)}) AS "m${i}"`));
  const dates = columns.filter((c) => c.role === 'datetime');
  const dateCol = orderDateColumn(columns);
  const numbers = columns.filter(isNumericRole);
  const orderCol = columns.find((c) => c.role === 'order_id');
  const qtyCol = columns.find((c) => c.role === 'quantity');
  const pred = (c: CleaningChoice): string => `COALESCE(${dropPredicate(columns, c)}, FALSE)`;
  const evidence = orderCol ? await cancellationEvidence(db, t, orderCol, columns) : null;
  const cancel: CleaningChoice | null =
    orderCol && evidence?.convincing
      ? { kind: 'drop_cancellations', column: orderCol.name, prefix: 'C' }
      : null;
  numbers.forEach((c, i) => {
    const e = `CAST(${columnExpr(c)} AS DOUBLE)`;
    aggs.push(
      `count(*) FILTER (WHERE ${e} < 0) AS "neg${i}"`,
      `count(*) FILTER (WHERE ${e} = 0) AS "zero${i}"`,
      `quantile_cont(abs(${e}), 0.999) AS "p${i}"`,
      `median(abs(${e})) AS "med${i}"`,
      `mad(abs(${e})) AS "mad${i}"`,
    );
  });
  dates.forEach((c, i) => {
    aggs.push(
      `count(*) FILTER (WHERE ${pred({ kind: 'drop_implausible_dates', column: c.name })}) AS "bad${i}"`,
    );
  });
  if (dateCol) aggs.push(`epoch_ms(max(${columnExpr(dateCol)})) AS "dmax"`);
  if (cancel) {
    aggs.push(`count(*) FILTER (WHERE ${pred(cancel)}) AS "cancel"`);
    if (qtyCol) {
      const neg = `(${columnExpr(qtyCol)}) < 0`;
      aggs.push(`count(*) FILTER (WHERE ${neg} AND NOT ${pred(cancel)}) AS "negother"`);
    }
  }
  const a = await one(db, `SELECT ${aggs.join(', ')} FROM ${t}`);
  const rows = cnt(a.rows);
  const checks: QualityCheck[] = [];
  const missing = columns.map((c, i) => ({ column: c.name, count: cnt(a[`m${i}`]) }));

  columns.forEach((c, i) => {
    if (c.generated) return;
    const m = missing[i].count;
    const id = c.role === 'customer_id' ? 'missing_customer_id' : `missing:${c.name}`;
    const label = c.role === 'customer_id' ? 'Missing customer id' : `Missing ${c.name}`;
    checks.push({
      id,
      label,
      column: c.name,
      count: m,
      affectedRows: m,
      cleaning: { kind: 'drop_missing', column: c.name },
    });
  });

  // Default as-of: a day after the latest order date. A ship or delivery date after it is normal.
  const maxMs = num(a.dmax);
  const asOf =
    opts.asOf !== undefined
      ? asOfDate(opts.asOf)
      : Number.isFinite(maxMs)
        ? new Date(maxMs + DAY_MS)
        : null;
  const pf = opts.percentileFactor ?? 10;
  const rz = opts.robustZ ?? 10;
  const limits = numbers.map((_, i) => {
    const p = num(a[`p${i}`]);
    const lim = Math.max(pf * p, num(a[`med${i}`]) + rz * 1.4826 * num(a[`mad${i}`]));
    return Number.isFinite(lim) && p > 0 ? lim : null;
  });
  const later: string[] = ['count(*) AS "n"'];
  limits.forEach((lim, i) => {
    if (lim !== null)
      later.push(
        `count(*) FILTER (WHERE ${pred({ kind: 'drop_outliers', column: numbers[i].name, limit: lim })}) AS "out${i}"`,
      );
  });
  const future: CleaningChoice | null =
    asOf && dateCol
      ? { kind: 'drop_future', column: dateCol.name, asOf: asOf.toISOString() }
      : null;
  if (future) later.push(`count(*) FILTER (WHERE ${pred(future)}) AS "fut"`);
  const b = await one(db, `SELECT ${later.join(', ')} FROM ${t}`);

  numbers.forEach((c, i) => {
    const neg = cnt(a[`neg${i}`]);
    if (c.role === 'unit_price') {
      const zero = cnt(a[`zero${i}`]);
      checks.push({
        id: `zero_price:${c.name}`,
        label: `Zero ${c.name}`,
        column: c.name,
        count: zero,
        affectedRows: zero,
        cleaning: { kind: 'drop_zero_price', column: c.name },
      });
      checks.push({
        id: `negative_price:${c.name}`,
        label: `Negative ${c.name}`,
        column: c.name,
        count: neg,
        affectedRows: neg,
        cleaning: { kind: 'drop_negative', column: c.name },
      });
    } else if (c.role === 'quantity' || c.role === 'amount') {
      checks.push({
        id: `negative:${c.name}`,
        label: `Negative ${c.name}`,
        column: c.name,
        count: neg,
        affectedRows: neg,
        cleaning: { kind: 'drop_negative', column: c.name },
      });
    }
    const lim = limits[i];
    if (lim !== null) {
      const out = cnt(b[`out${i}`]);
      const label = `Extreme ${c.name} (|x| > ${lim.toPrecision(4)})`;
      checks.push({
        id: `outliers:${c.name}`,
        label,
        column: c.name,
        count: out,
        affectedRows: out,
        cleaning: { kind: 'drop_outliers', column: c.name, limit: lim },
      });
    }
  });
  if (cancel && orderCol && evidence) {
    const n = cnt(a.cancel);
    const signs = evidence.signColumns.join(' or ');
    checks.push({
      id: 'cancellations',
      label: `Cancellations (${orderCol.name} "C" + digits on ${pct(evidence.prefixed, evidence.orders)} of orders, ${pct(evidence.negativeRows, evidence.prefixedRows)} of their lines with negative ${signs})`,
      column: orderCol.name,
      count: n,
      affectedRows: n,
      cleaning: cancel,
    });
    if (qtyCol) {
      const n2 = cnt(a.negother);
      checks.push({
        id: 'negative_quantity_not_cancelled',
        label: `Negative ${qtyCol.name} outside cancellations (adjustments)`,
        column: qtyCol.name,
        count: n2,
        affectedRows: n2,
      });
    }
  }
  if (future && asOf) {
    const n = cnt(b.fut);
    checks.push({
      id: `future:${future.column}`,
      label: `${future.column} after ${asOf.toISOString().slice(0, 10)}`,
      column: future.column,
      count: n,
      affectedRows: n,
      cleaning: future,
    });
  }
  dates.forEach((c, i) => {
    const bad = cnt(a[`bad${i}`]);
    const label = `${c.name} before ${PLAUSIBLE_FROM.getUTCFullYear()} or after ${PLAUSIBLE_TO.getUTCFullYear() - 1}`;
    checks.push({
      id: `implausible_dates:${c.name}`,
      label,
      column: c.name,
      count: bad,
      affectedRows: bad,
      cleaning: { kind: 'drop_implausible_dates', column: c.name },
    });
  });
  checks.push(await duplicateRows(db, t, columns));
  const idCol = columns.find((c) => c.role === 'customer_id');
  if (idCol?.generated) checks.push(uniqueByConstruction(idCol));
  else if (idCol && isCustomerTable(columns)) {
    const repeated = await duplicateIds(db, t, idCol);
    if (repeated) checks.push(repeated);
  }
  return {
    rows,
    asOf: asOf ? asOf.toISOString() : null,
    dateColumn: dateCol?.name ?? null,
    missing,
    checks,
  };
}

/** A generated row number repeats no id: the check every customer table gets, with nothing found. */
function uniqueByConstruction(idCol: ColumnInfo): QualityCheck {
  return {
    id: 'duplicate_ids',
    label: `Customer ids on more than one row (${idCol.name})`,
    column: idCol.name,
    count: 0,
    affectedRows: 0,
  };
}
