/**
 * Checks of the data a spec will read, run before any feature SQL so the user gets a message
 * naming the column and the fix instead of a DuckDB error, and resolution of the data-dependent
 * parts of a spec (default as-of date, top-N category sets).
 */
import type { Db } from '../db/types';
import { ident, literal } from '../sql/quote';
import { FeatureError } from './errors';
import { featureWindow } from './build';
import { txSql } from './kinds';
import type { FeatureSpec } from './spec';
import { FLAG_LABELS, hasTransactions, type FeatureSource, type TxSource } from './source';

/** Column names and DuckDB types of a relation. */
export async function describeRelation(
  db: Db,
  relation: string,
): Promise<{ name: string; type: string }[]> {
  const t = await db.query(`DESCRIBE SELECT * FROM ${ident(relation)}`);
  return t.toArray().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

const isNumeric = (t: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
    t,
  );
const isInteger = (t: string): boolean => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U)/.test(t);
const isDate = (t: string): boolean => /^(DATE|TIMESTAMP)$|^TIMESTAMP_(S|MS|NS)$/.test(t);

/** Facts about the transactions found by `checkSource()`. */
export interface SourceFacts {
  rows: number;
  firstDay: string;
  lastDay: string;
  /** Day after the last transaction: the default as-of date. */
  defaultAsOf: string;
}

function checkIdValues(n: number, floats: number, col: string, rel: string): void {
  if (floats > 0 && floats < n) {
    throw new FeatureError(
      `customer id column "${col}" in ${rel} mixes ids written as decimals (e.g. "17850.0", ${floats} rows) with ${n - floats} ids written otherwise: normalise the ids in ingest (strip ".0") so the same customer has one id`,
      col,
    );
  }
}

/**
 * Checks the transactions (and customer table) against the roles and the spec: columns exist
 * with usable types, dates parse, ids are consistently typed, the as-of date is after the
 * first transaction. Returns facts used to resolve the spec. Throws FeatureError. The rows are
 * read from `read` (a copy of the transactions' columns, see `materialise()`); messages name
 * `source.transactions`, whose columns and types are `described` when the caller has them.
 */
export async function checkSource(
  db: Db,
  source: TxSource,
  spec: FeatureSpec,
  read: string = source.transactions,
  described?: { name: string; type: string }[],
): Promise<SourceFacts> {
  const rel = source.transactions;
  const cols = described ?? (await describeRelation(db, rel));
  const typeOf = new Map(cols.map((c) => [c.name, c.type]));
  const r = source.roles;
  const roleCols: [string, string | undefined][] = [
    ['customer id', r.customerId],
    ['date', r.datetime],
    ['amount', r.amount],
    ['quantity', r.quantity],
    ['unit price', r.unitPrice],
    ['order id', r.orderId],
    ['category', r.category],
    ['product', r.product],
  ];
  for (const [role, c] of roleCols) {
    if (c !== undefined && !typeOf.has(c)) {
      throw new FeatureError(
        `the ${role} column "${c}" is not in ${rel}: pick another column for that role`,
        c,
      );
    }
  }
  const dt = typeOf.get(r.datetime) ?? '';
  if (!isDate(dt)) {
    throw new FeatureError(
      `the date column "${r.datetime}" holds ${dt} values, not dates: set its date format in the column roles so it is parsed to TIMESTAMP`,
      r.datetime,
    );
  }
  for (const [role, c] of roleCols.slice(2, 5)) {
    if (c !== undefined && !isNumeric(typeOf.get(c) ?? '')) {
      throw new FeatureError(
        `the ${role} column "${c}" holds ${typeOf.get(c)} values, not numbers: map a numeric column or fix its type in ingest`,
        c,
      );
    }
  }
  const idType = typeOf.get(r.customerId) ?? '';
  if (idType !== 'VARCHAR' && !isInteger(idType)) {
    throw new FeatureError(
      `the customer id column "${r.customerId}" is ${idType}: ids must be text or whole numbers; normalise them in ingest (e.g. "17850.0" -> "17850")`,
      r.customerId,
    );
  }
  const tx = txSql(source, '2000-01-01');
  const cid = tx.cid;
  const amtCount = tx.amt ? `count(${tx.amt})` : 'NULL';
  const q = `SELECT count(*) AS n, count(${tx.day}) AS nd, count(${cid}) AS nid, CAST(min(${tx.day}) AS VARCHAR) AS first, CAST(max(${tx.day}) AS VARCHAR) AS last, CAST(max(${tx.day}) + 1 AS VARCHAR) AS next, ${amtCount} AS na,
    count(*) FILTER (WHERE ${cid} LIKE '%.0') AS nf
    FROM ${ident(read)} AS t`;
  const s = (await db.query(q)).get(0)?.toJSON() ?? {};
  const n = Number(s.n);
  if (n === 0) throw new FeatureError(`${rel} has no rows: load transactions first`);
  if (Number(s.nd) === 0) {
    throw new FeatureError(
      `no date in column "${r.datetime}" could be parsed (all ${n} values are empty): check its date format (day/month vs month/day) in the column roles`,
      r.datetime,
    );
  }
  if (Number(s.nid) === 0)
    throw new FeatureError(
      `the customer id column "${r.customerId}" is empty in every row: pick the right column`,
      r.customerId,
    );
  if (tx.amt && Number(s.na) === 0) {
    const c = r.amount ?? `${r.quantity}" x "${r.unitPrice}`;
    throw new FeatureError(
      `the amount column "${c}" is empty in every row: map a usable amount column, or quantity and unit price`,
      c,
    );
  }
  checkIdValues(Number(s.nid), Number(s.nf), r.customerId, rel);
  const facts: SourceFacts = {
    rows: n,
    firstDay: String(s.first),
    lastDay: String(s.last),
    defaultAsOf: String(s.next),
  };
  if (spec.asOf !== null && spec.asOf <= facts.firstDay) {
    throw new FeatureError(
      `the as-of date ${spec.asOf} is not after the first transaction (${facts.firstDay} in "${r.datetime}"): pick a later date or leave it empty for ${facts.defaultAsOf}`,
      'asOf',
    );
  }
  if (source.customers) await checkCustomers(db, source, Number(s.nf) > 0);
  return facts;
}

async function checkCustomers(db: Db, source: FeatureSource, txFloats: boolean): Promise<void> {
  const cust = source.customers;
  if (!cust) return;
  const cols = new Map((await describeRelation(db, cust.relation)).map((c) => [c.name, c.type]));
  for (const c of [cust.customerId, ...cust.columns.map((x) => x.name)]) {
    if (!cols.has(c))
      throw new FeatureError(`column "${c}" is not in the customer table ${cust.relation}`, c);
  }
  const id = `CAST(${ident(cust.customerId)} AS VARCHAR)`;
  const q = `SELECT count(${id}) AS n, count(DISTINCT ${id}) AS nd,
    count(*) FILTER (WHERE ${id} LIKE '%.0') AS nf
    FROM ${ident(cust.relation)}`;
  const s = (await db.query(q)).get(0)?.toJSON() ?? {};
  if (Number(s.n) !== Number(s.nd)) {
    throw new FeatureError(
      `the customer id column "${cust.customerId}" of ${cust.relation} has ${Number(s.n) - Number(s.nd)} duplicate ids: one row per customer is needed`,
      cust.customerId,
    );
  }
  checkIdValues(Number(s.n), Number(s.nf), cust.customerId, cust.relation);
  if (hasTransactions(source) && Number(s.nf) > 0 !== txFloats) {
    throw new FeatureError(
      `customer ids are written differently in ${cust.relation} ("${cust.customerId}") and ${source.transactions} ("${source.roles.customerId}"), one with a ".0" suffix: normalise both in ingest so they join`,
      cust.customerId,
    );
  }
}

/**
 * Fills in the data-dependent parts of a spec: the as-of date (default: `facts.defaultAsOf`)
 * and, where only topN is given, the category sets (category_share: top N by purchase value,
 * default 5; attribute_category: top N by customers, default 10; ties by name).
 */
export async function resolveSpec(
  db: Db,
  spec: FeatureSpec,
  source: FeatureSource,
  facts: SourceFacts,
): Promise<FeatureSpec> {
  const asOf = spec.asOf ?? facts.defaultAsOf;
  const tx = hasTransactions(source) ? txSql(source, asOf, spec.window?.days) : null;
  const features = [];
  for (const f of spec.features) {
    const levelsFromTx = f.kind === 'tx_attribute' && f.encoding === 'levels';
    if (
      f.categories ||
      (f.kind !== 'category_share' && f.kind !== 'attribute_category' && !levelsFromTx)
    ) {
      features.push(f);
      continue;
    }
    const fixed = fixedCategories(f, source);
    if (fixed) {
      features.push({ ...f, categories: fixed });
      continue;
    }
    let q: string;
    if (levelsFromTx) {
      if (!tx) throw new FeatureError(`feature "${f.id}" needs a transactions table`, f.id);
      const v = `CAST(t.${ident(f.column ?? '')} AS VARCHAR)`;
      q = `SELECT ${v} AS v, count(DISTINCT ${tx.cid}) AS s FROM ${ident(source.transactions!)} AS t WHERE ${tx.base} AND ${v} IS NOT NULL GROUP BY 1 ORDER BY s DESC, v LIMIT ${literal(f.topN ?? 10)}`;
    } else if (f.kind === 'category_share') {
      if (!tx) throw new FeatureError(`feature "${f.id}" needs a transactions table`, f.id);
      const win = featureWindow(f, tx.day, tx.asOf);
      if (!tx.cat || !tx.amt)
        throw new FeatureError(`feature "${f.id}" needs a category and an amount column`, f.id);
      q = `SELECT ${tx.cat} AS v, sum(${tx.amt}) AS s FROM ${ident(source.transactions!)} AS t WHERE ${tx.base}${win ? ` AND ${win}` : ''} AND ${tx.amt} > 0 AND ${tx.cat} IS NOT NULL GROUP BY 1 ORDER BY s DESC, v LIMIT ${literal(f.topN ?? 5)}`;
    } else {
      const cust = source.customers;
      if (!cust) throw new FeatureError(`feature "${f.id}" needs a customer table`, f.id);
      const v = `CAST(${ident(f.column ?? '')} AS VARCHAR)`;
      q = `SELECT ${v} AS v, count(*) AS s FROM ${ident(cust.relation)} WHERE ${v} IS NOT NULL GROUP BY 1 ORDER BY s DESC, v LIMIT ${literal(f.topN ?? 10)}`;
    }
    const cats = (await db.query(q)).toArray().map((row) => String(row.v));
    if (cats.length === 0)
      throw new FeatureError(`feature "${f.id}" found no categories to use`, f.id);
    features.push({ ...f, categories: cats });
  }
  return { ...spec, asOf, features };
}

/**
 * The categories a column fixes whatever its data: a flag's No/Yes, an ordinal's levels in the
 * order the Data step set (all of them: topN does not apply); null for other columns.
 */
function fixedCategories(
  f: FeatureSpec['features'][number],
  source: FeatureSource,
): string[] | null {
  if (f.kind === 'tx_attribute')
    return (source.txFlags ?? []).includes(f.column ?? '') ? [...FLAG_LABELS] : null;
  if (f.kind !== 'attribute_category') return null;
  const col = source.customers?.columns.find((c) => c.name === f.column);
  if (col?.kind === 'flag') return [...FLAG_LABELS];
  return col?.levels?.length ? [...col.levels] : null;
}

/**
 * Facts of a source that is a customer table alone: its ids are checked (present, unique, one
 * spelling), and the default as-of date is the day after the latest date in its date columns
 * (ages of dates are measured to it; without date columns it matters to no feature).
 */
export async function checkCustomerSource(db: Db, source: FeatureSource): Promise<SourceFacts> {
  const cust = source.customers;
  if (!cust) throw new FeatureError('load a customer table or a transactions table first');
  await checkCustomers(db, source, false);
  const dates = cust.columns.filter((c) => c.kind === 'date').map((c) => c.name);
  const latest = dates.length
    ? `greatest(${dates.map((c) => `max(TRY_CAST(${ident(c)} AS DATE))`).join(', ')})`
    : 'NULL';
  const q = `SELECT count(*) AS n, CAST(${latest} AS VARCHAR) AS last, CAST(${latest} + 1 AS VARCHAR) AS next FROM ${ident(cust.relation)}`;
  const s = (await db.query(q)).get(0)?.toJSON() ?? {};
  const n = Number(s.n);
  if (n === 0)
    throw new FeatureError(`${cust.relation} has no rows: load a customer table with data`);
  const last = s.last === null || s.last === undefined ? null : String(s.last);
  return {
    rows: n,
    firstDay: '0001-01-01',
    lastDay: last ?? '1970-01-01',
    // No date to measure from: an arbitrary fixed day, so the result never depends on the clock.
    defaultAsOf: last ? String(s.next) : '2000-01-01',
  };
}
