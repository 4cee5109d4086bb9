import { DataType, type Table } from 'apache-arrow';

/** The first rows of a table as display strings; `null` marks a missing value. */
export interface Preview {
  columns: string[];
  rows: (string | null)[][];
}

/** How a cell is displayed. */
export type CellKind = 'timestamp' | 'date' | 'other';

/** Formats one Arrow cell for display. Dates and times are UTC, as DuckDB stores them. */
export function formatCell(value: unknown, kind: CellKind): string | null {
  if (value === null || value === undefined) return null;
  if (
    kind !== 'other' &&
    (typeof value === 'number' || typeof value === 'bigint' || value instanceof Date)
  ) {
    const iso = new Date(Number(value)).toISOString();
    return kind === 'date' ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(+value.toPrecision(10));
  }
  if (typeof value === 'object') {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  }
  return String(value);
}

/** Turns a small Arrow result into display strings, column order kept. */
export function previewFromArrow(table: Table): Preview {
  const fields = table.schema.fields;
  const kinds: CellKind[] = fields.map((f) =>
    DataType.isTimestamp(f.type) ? 'timestamp' : DataType.isDate(f.type) ? 'date' : 'other',
  );
  const vectors = fields.map((f) => table.getChild(f.name));
  const rows: (string | null)[][] = [];
  for (let i = 0; i < table.numRows; i++) {
    rows.push(fields.map((_f, j) => formatCell(vectors[j]?.get(i), kinds[j])));
  }
  return { columns: fields.map((f) => f.name), rows };
}
