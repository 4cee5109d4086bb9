/**
 * The SQL that produces an assignment export's rows: the assignment (registered as a one-column
 * table in the feature table's row order), the segment names, the raw features, and the customer
 * columns the user ticked. Every name goes through ident(), every value through literal().
 */
import { ident, literal } from '../sql/quote';
import type { ExportColumn } from './columns';

/** A customer-table column that may be joined into an export. */
export interface CustomerColumn {
  name: string;
  /** Written as a number (integers and doubles); everything else is written as text. */
  numeric: boolean;
}

/** A feature column of the export. */
export interface FeatureOut {
  name: string;
  levels?: readonly string[];
}

/** What an export reads and how it shapes the rows. */
export interface ExportPlan {
  /** Table with one INTEGER column `seg` (bucket index), row i = row i of `features.table`. */
  assignTable: string;
  /** Table `(idx INTEGER, segment_id VARCHAR, segment_name VARCHAR)`, one row per bucket. */
  segmentsTable: string;
  /**
   * The raw feature table (customer_id + feature columns, in customer_id order). A column with
   * `levels` holds category codes 0, 1, ...: it is written as its labels.
   */
  features: { table: string; columns: readonly FeatureOut[] };
  /** The customer table and the columns joined in (none: no join). */
  customers?: { relation: string; idColumn: string; columns: readonly CustomerColumn[] };
  /** Replace customer ids by hex SHA-256 of `salt` followed by the id. */
  salt?: string;
  /** Only the customers of this bucket. */
  segment?: number;
  /**
   * RFM scores are written too: `assignTable` then also has INTEGER columns `r_score`,
   * `f_score`, `m_score` (1-5; 0 = not scored, written as empty).
   */
  scores?: boolean;
}

/** The RFM score columns of an assignment table, in order. */
export const SCORE_COLUMNS = ['r_score', 'f_score', 'm_score'] as const;

/** Name of the id column in a pseudonymised export. */
export const HASHED_ID = 'customer_id_sha256';

/** Output names of a plan, in order: customer columns renamed when a name is taken. */
export function exportColumns(plan: ExportPlan): ExportColumn[] {
  const out: ExportColumn[] = [
    { name: plan.salt === undefined ? 'customer_id' : HASHED_ID, kind: 'text' },
    { name: 'segment_id', kind: 'text', repeats: true },
    { name: 'segment_name', kind: 'text', repeats: true },
    ...plan.features.columns.map((c): ExportColumn =>
      c.levels ? { name: c.name, kind: 'text', repeats: true } : { name: c.name, kind: 'number' },
    ),
  ];
  const used = new Set(out.map((c) => c.name.toLowerCase()));
  if (plan.scores)
    for (const s of SCORE_COLUMNS) {
      // A feature already called r_score keeps its name; the score takes a longer one.
      const name = used.has(s) ? `rfm_${s}` : s;
      used.add(name);
      out.push({ name, kind: 'number' });
    }
  for (const c of plan.customers?.columns ?? []) {
    let name = c.name;
    for (let i = 1; used.has(name.toLowerCase()); i++)
      name = i === 1 ? `customer_${c.name}` : `customer_${c.name}_${i}`;
    used.add(name.toLowerCase());
    out.push({ name, kind: c.numeric ? 'number' : 'text' });
  }
  return out;
}

/** The SELECT giving the export's rows in customer id order. */
export function exportSelect(plan: ExportPlan): string {
  const names = exportColumns(plan);
  const id =
    plan.salt === undefined
      ? 'f."customer_id"'
      : `sha256(${literal(plan.salt)} || f."customer_id")`;
  const list = [
    `${id} AS ${ident(names[0].name)}`,
    's."segment_id"',
    's."segment_name"',
    ...plan.features.columns.map((c) => `${featureValue(c)} AS ${ident(c.name)}`),
  ];
  let at = 3 + plan.features.columns.length;
  if (plan.scores)
    for (const s of SCORE_COLUMNS)
      list.push(`NULLIF(a.${ident(s)}, 0) AS ${ident(names[at++].name)}`);
  const cust = plan.customers?.columns.length ? plan.customers : undefined;
  cust?.columns.forEach((c, i) => {
    const type = c.numeric ? 'DOUBLE' : 'VARCHAR';
    list.push(`CAST(c.${ident(c.name)} AS ${type}) AS ${ident(names[at + i].name)}`);
  });
  const assigned = plan.scores
    ? `"seg", ${SCORE_COLUMNS.map((s) => ident(s)).join(', ')}`
    : '"seg"';
  const from = [
    `FROM (SELECT rowid AS "row", ${assigned} FROM ${ident(plan.assignTable)}) a`,
    `JOIN (SELECT rowid AS "row", * FROM ${ident(plan.features.table)}) f ON f."row" = a."row"`,
    `LEFT JOIN ${ident(plan.segmentsTable)} s ON s."idx" = a."seg"`,
  ];
  if (cust) {
    // One row per customer even if the customer table repeats an id.
    const key = `CAST(${ident(cust.idColumn)} AS VARCHAR)`;
    from.push(
      `LEFT JOIN (SELECT DISTINCT ON (${key}) ${key} AS "__id", * FROM ${ident(cust.relation)}) c ON c."__id" = f."customer_id"`,
    );
  }
  const where = plan.segment === undefined ? '' : `\nWHERE a."seg" = ${literal(plan.segment)}`;
  return `SELECT ${list.join(', ')}\n${from.join('\n')}${where}\nORDER BY a."row"`;
}

function featureValue(c: FeatureOut): string {
  const col = `f.${ident(c.name)}`;
  if (!c.levels) return `CAST(${col} AS DOUBLE)`;
  const labels = `[${c.levels.map((l) => literal(l)).join(', ')}]::VARCHAR[]`;
  return `list_extract(${labels}, CAST(${col} AS BIGINT) + 1)`;
}
