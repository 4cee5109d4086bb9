/** Turning a batch of export rows into CSV or JSON Lines text. */
import { CRLF, numberCell, textCell } from './csv';
import type { BatchValues, ExportColumn } from './columns';

/** The file formats of an assignment export. */
export type ExportFormat = 'csv' | 'parquet' | 'jsonl';

/** File extension and MIME type of each format. */
export const FORMAT_FILES: Record<ExportFormat, { ext: string; type: string; label: string }> = {
  csv: { ext: 'csv', type: 'text/csv', label: 'CSV' },
  parquet: { ext: 'parquet', type: 'application/vnd.apache.parquet', label: 'Parquet' },
  jsonl: { ext: 'jsonl', type: 'application/x-ndjson', label: 'JSON Lines' },
};

/** Rows of a batch as CSV records (CRLF after each); text neutralised when `safe`. */
export function csvRows(
  columns: readonly ExportColumn[],
  values: BatchValues,
  rows: number,
  safe: boolean,
): string {
  const cells = columns.map((c, j) =>
    c.kind === 'number'
      ? (values[j] as (number | null)[]).map(numberCell)
      : (values[j] as (string | null)[]).map((v) => textCell(v, safe)),
  );
  const lines = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    let line = cells[0][i];
    for (let j = 1; j < cells.length; j++) line += ',' + cells[j][i];
    lines[i] = line;
  }
  return rows ? lines.join(CRLF) + CRLF : '';
}

/** Rows of a batch as JSON Lines: one object per line, non-finite numbers as null. */
export function jsonLines(
  columns: readonly ExportColumn[],
  values: BatchValues,
  rows: number,
): string {
  const keys = columns.map((c) => JSON.stringify(c.name) + ':');
  const lines = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    let line = '{';
    for (let j = 0; j < columns.length; j++) {
      const v = values[j][i];
      const cell =
        v === null || (typeof v === 'number' && !Number.isFinite(v))
          ? 'null'
          : typeof v === 'number'
            ? String(v)
            : JSON.stringify(v);
      line += (j ? ',' : '') + keys[j] + cell;
    }
    lines[i] = line + '}';
  }
  return rows ? lines.join('\n') + '\n' : '';
}
