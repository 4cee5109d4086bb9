/** Excel .xlsx -> Arrow. The "universal" entry of read-excel-file runs in browsers, workers and
 * Node alike (the "browser" entry spawns its own Web Worker, the "node" one needs fs). */
import type { Table } from 'apache-arrow';
import readXlsxFile from 'read-excel-file/universal';
import { columnsToTable, uniqueNames } from './arrow';
import { IngestError } from './errors';

type Cell = string | number | boolean | Date | null;

const isEmptyRow = (row: readonly unknown[]): boolean =>
  row.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/**
 * Turns a sheet's rows into an Arrow table: the first non-empty row names the columns (blank
 * names become column0.., duplicates get _2), later rows are data; wholly empty rows are
 * skipped. Throws IngestError 'empty_sheet' when there is no header or no data row.
 */
export function sheetToTable(
  rows: readonly (readonly unknown[])[],
  sheet: string,
  fileName = 'file',
): { table: Table; warnings: string[]; rowCount: number } {
  const nonEmpty = rows.filter((r) => !isEmptyRow(r));
  if (nonEmpty.length === 0) {
    throw new IngestError(
      'empty_sheet',
      `Sheet "${sheet}" of "${fileName}" is empty.`,
      'Pick another sheet, or put a header row and data rows in this one.',
    );
  }
  const [headerRow, ...data] = nonEmpty;
  if (data.length === 0) {
    throw new IngestError(
      'empty_sheet',
      `Sheet "${sheet}" of "${fileName}" has a header row but no data rows.`,
      'Pick another sheet, or add rows below the header.',
    );
  }
  const width = Math.max(...nonEmpty.map((r) => r.length));
  const rawNames = Array.from({ length: width }, (_, i) => {
    const h = headerRow[i];
    if (h === null || h === undefined) return '';
    return h instanceof Date ? h.toISOString().slice(0, 10) : String(h).trim();
  });
  const names = uniqueNames(rawNames);
  const warnings: string[] = [];
  if (rawNames.some((n) => n === ''))
    warnings.push('some header cells were blank and were named columnN');
  const columns = names.map((name, c) => ({
    name,
    values: data.map((r) => (r[c] ?? null) as Cell),
  }));
  const built = columnsToTable(columns);
  return { table: built.table, warnings: [...warnings, ...built.warnings], rowCount: data.length };
}

/**
 * Reads one sheet of an .xlsx workbook (the first unless `sheet` names another) and lists all
 * sheet names so the UI can offer a picker. Throws IngestError 'sheet_not_found',
 * 'empty_sheet' or 'read_failed'.
 */
export async function readXlsx(
  data: Blob | ArrayBuffer,
  opts: { sheet?: string; fileName?: string } = {},
): Promise<{
  table: Table;
  sheets: string[];
  sheet: string;
  warnings: string[];
  rowCount: number;
}> {
  const fileName = opts.fileName ?? 'file';
  let all: { sheet: string; data: unknown[][] }[];
  try {
    all = (await readXlsxFile(data)) as unknown as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    if (e instanceof RangeError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new IngestError(
      'read_failed',
      `"${fileName}" could not be read as an Excel workbook: ${msg}`,
      'Open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV.',
      { cause: e },
    );
  }
  const sheets = all.map((s) => s.sheet);
  if (all.length === 0) {
    throw new IngestError(
      'empty_sheet',
      `"${fileName}" has no sheets.`,
      'Choose a workbook with data.',
    );
  }
  const chosen = opts.sheet === undefined ? all[0] : all.find((s) => s.sheet === opts.sheet);
  if (!chosen) {
    throw new IngestError(
      'sheet_not_found',
      `"${fileName}" has no sheet named "${opts.sheet}".`,
      `Pick one of: ${sheets.map((s) => `"${s}"`).join(', ')}.`,
    );
  }
  const built = sheetToTable(chosen.data, chosen.sheet, fileName);
  return { ...built, sheets, sheet: chosen.sheet };
}
