/**
 * Per-compute copies of the transaction columns the features read. In the app the transactions
 * are a view that parses and cleans every raw row on each read; computeFeatures reads them about
 * seven times (checks, top categories, the feature query and its side CTEs, rows read), so one
 * scan into a temporary table with only the needed columns is cheaper than re-running the view.
 */
import type { Db } from '../db/types';
import { ident, literal } from '../sql/quote';
import { compileExpr } from './expr/compile';
import type { FeatureSpec } from './spec';
import { hasTransactions, type FeatureSource, type TxSource } from './source';

/** The source to read from and how to clean up. */
export interface Scratch {
  /** `source` with `transactions` (and `returnsRelation`) pointing at the copies. */
  read: FeatureSource;
  /** Drops the copies; never throws. */
  drop(): Promise<void>;
}

/**
 * Relations with more rows than this are read directly: a copy costs about 100 bytes a row of
 * WASM memory on top of the data, so 2M rows is ~200 MB at most.
 */
export const MAX_COPY_ROWS = 2_000_000;

let counter = 0;

/** Random hex for temp-table names (not results), unique across connections sharing a db. */
const token = (): string =>
  Array.from(crypto.getRandomValues(new Uint32Array(2)), (x) => x.toString(16)).join('');

/** The transactions columns the spec reads: the mapped roles and custom-expression columns. */
function neededColumns(source: TxSource, spec: FeatureSpec, all: string[]): string[] | null {
  const need = new Set(Object.values(source.roles).filter((c): c is string => !!c));
  for (const def of spec.features) {
    if (def.kind !== 'custom') continue;
    try {
      compileExpr(def.expr ?? '', {
        txColumns: all,
        customerColumns: source.customers?.columns.map((c) => c.name) ?? [],
        txRef: (c) => {
          need.add(c);
          return 'NULL';
        },
        customerRef: () => 'NULL',
        aggregate: () => 'NULL',
      });
    } catch {
      return null; // the feature query reports the error, with the original relation
    }
  }
  const cols = [...need];
  return cols.every((c) => all.includes(c)) ? cols : null;
}

async function isBaseTable(db: Db, relation: string): Promise<boolean> {
  const q = `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${literal(relation)}`;
  return Number((await db.query(q)).get(0)?.toJSON().n) > 0;
}

/**
 * Copies the needed columns of every row of the transactions (and returns) relation into
 * uniquely named TEMP tables when that relation is a view; base tables are read directly (a
 * columnar scan is already cheap). Column types and row order are kept, so every query gives
 * the same result on the copy. Relations over `maxRows` rows are not copied (the copy stops at
 * `maxRows + 1` rows and is dropped). Never throws: where a copy cannot be made (a needed column is
 * missing, a bad expression, no such relation) the original is read, so the checks and the
 * feature query report the problem exactly as without copies.
 */
export async function materialise(
  db: Db,
  source: FeatureSource,
  spec: FeatureSpec,
  maxRows = MAX_COPY_ROWS,
): Promise<Scratch> {
  const made: string[] = [];
  const drop = async (): Promise<void> => {
    for (const t of made) await db.exec(`DROP TABLE IF EXISTS ${ident(t)}`).catch(() => {});
  };
  const copy = async (
    relation: string,
    cols: (all: string[]) => string[] | null,
  ): Promise<string> => {
    if (source.storedTables?.includes(relation)) return relation;
    const name = `__features_src_${++counter}_${token()}`;
    try {
      const want = cols(await describe(db, relation));
      if (!want || (await isBaseTable(db, relation))) return relation;
      made.push(name);
      const list = want.map(ident).join(', ');
      await db.exec(
        `CREATE TEMP TABLE ${ident(name)} AS SELECT ${list} FROM ${ident(relation)} LIMIT ${literal(maxRows + 1)}`,
      );
      const n = await db.query(`SELECT count(*) AS n FROM ${ident(name)}`);
      if (Number(n.get(0)?.toJSON().n) <= maxRows) return name;
      await db.exec(`DROP TABLE ${ident(name)}`);
      return relation;
    } catch {
      return relation;
    }
  };
  if (!hasTransactions(source)) return { read: source, drop };
  const read: TxSource = {
    ...source,
    transactions: await copy(source.transactions, (all) => neededColumns(source, spec, all)),
  };
  const ret = source.returnsRelation;
  if (ret && spec.features.some((f) => f.kind === 'return_rate')) {
    const r = source.roles;
    const want = [r.customerId, r.datetime, r.orderId, r.amount, r.quantity, r.unitPrice];
    const cols = want.filter((c): c is string => !!c);
    read.returnsRelation = await copy(ret, (all) =>
      cols.every((c) => all.includes(c)) ? cols : null,
    );
  }
  return { read, drop };
}

async function describe(db: Db, relation: string): Promise<string[]> {
  const t = await db.query(`DESCRIBE SELECT * FROM ${ident(relation)}`);
  return t.toArray().map((r) => String(r.column_name));
}
