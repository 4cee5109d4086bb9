/** Finding, among the loaded tables, the ones a config was made on. */
import type { Problem } from '../problems';
import type { TablePart } from './build';
import type { TableConfig } from './schema';

/** What matching found: loaded table id per config table, notes for the user, and problems. */
export interface TableMatch {
  ids: Map<string, string>;
  /** Tables matched by their columns under another file name. */
  notes: string[];
  problems: Problem[];
}

/** Whether a loaded column's type can stand for the type a config recorded. */
export type SameType = (wanted: string, loaded: string) => boolean;

const exactType: SameType = (wanted, loaded) => wanted === loaded;

const sameColumns = (t: TableConfig, l: TablePart, sameType: SameType): boolean =>
  l.columns.length === t.columns.length &&
  l.columns.every((c, j) => c.name === t.columns[j].name && sameType(t.columns[j].type, c.type));

/**
 * Which loaded table each of a config's tables is: the file of that name with the same columns
 * (names and types, in order), or else the one loaded table with exactly those columns (next
 * month's export under a new name). Each table is used once. Types are compared with `sameType`
 * (exact by default; the command-line tool reads files with another reader and passes a looser
 * test).
 */
export function matchTables(
  wanted: readonly TableConfig[],
  loaded: readonly TablePart[],
  sameType: SameType = exactType,
): TableMatch {
  const ids = new Map<string, string>();
  const notes: string[] = [];
  const problems: Problem[] = [];
  const used = new Set<string>();
  wanted.forEach((t, i) => {
    const free = loaded.filter((l) => !used.has(l.id) && sameColumns(t, l, sameType));
    const byFile = free.find((l) => l.file === t.file);
    const hit = byFile ?? (free.length === 1 ? free[0] : undefined);
    if (hit) {
      ids.set(t.id, hit.id);
      used.add(hit.id);
      if (!byFile) notes.push(`${t.file} was matched to ${hit.file}, which has the same columns`);
      return;
    }
    const named = loaded.find((l) => l.file === t.file);
    const cols = t.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    const rows = `${t.rows.toLocaleString('en')} rows`;
    problems.push({
      path: `dataset.tables[${i}]`,
      message: named
        ? `${t.file} is loaded, but its columns differ: the config expects ${cols}`
        : free.length > 1
          ? `several loaded tables have the columns of ${t.file}: load only the one it was made on`
          : `made on ${t.file} (${rows}; ${cols}): load that file in the Data step first`,
    });
  });
  return { ids, notes, problems };
}
