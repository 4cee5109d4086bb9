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
    const nearest =
      named ??
      closestTable(
        t,
        loaded.filter((l) => !used.has(l.id)),
      );
    problems.push({
      path: `dataset.tables[${i}]`,
      message: named
        ? `${t.file} is loaded, but its columns differ: ${columnDifferences(t, named, sameType)}`
        : free.length > 1
          ? `several loaded tables have the columns of ${t.file}: load only the one it was made on`
          : `made on ${t.file} (${rows}; ${cols}): load that file in the Data step first${
              nearest
                ? ` (the closest loaded table, ${nearest.file}, differs: ${columnDifferences(t, nearest, sameType)})`
                : ''
            }`,
    });
  });
  return { ids, notes, problems };
}

/** The loaded table sharing most column names with `t` (at least half of them), if any. */
export function closestTable(t: TableConfig, loaded: readonly TablePart[]): TablePart | undefined {
  const names = new Set(t.columns.map((c) => c.name));
  let best: TablePart | undefined;
  let bestShared = Math.ceil(t.columns.length / 2) - 1;
  for (const l of loaded) {
    const shared = l.columns.filter((c) => names.has(c.name)).length;
    if (shared > bestShared) [best, bestShared] = [l, shared];
  }
  return best;
}

/** What differs between the columns a config expects and a loaded table's, in words. */
export function columnDifferences(
  t: TableConfig,
  l: TablePart,
  sameType: SameType = exactType,
): string {
  const loaded = new Map(l.columns.map((c) => [c.name, c.type]));
  const wanted = new Set(t.columns.map((c) => c.name));
  const missing = t.columns.filter((c) => !loaded.has(c.name)).map((c) => c.name);
  const extra = l.columns.filter((c) => !wanted.has(c.name)).map((c) => c.name);
  const retyped = t.columns
    .filter((c) => loaded.has(c.name) && !sameType(c.type, loaded.get(c.name)!))
    .map((c) => `${c.name} (${c.type} in the config, ${loaded.get(c.name)} here)`);
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `not in the config ${extra.join(', ')}` : '',
    retyped.length ? `of another type ${retyped.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the same columns in another order';
}
