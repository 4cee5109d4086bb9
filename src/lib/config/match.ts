/** Finding, among the loaded tables, the ones a config was made on. */
import type { Problem } from '../problems';
import type { TablePart } from './build';
import type { TableConfig } from './schema';

/** Which loaded table each of a config's tables is, or why one is missing. */
export function matchTables(
  wanted: readonly TableConfig[],
  loaded: readonly TablePart[],
): { ids: Map<string, string>; problems: Problem[] } {
  const ids = new Map<string, string>();
  const problems: Problem[] = [];
  wanted.forEach((t, i) => {
    const names = t.columns.map((c) => c.name);
    const same = (l: TablePart) =>
      l.columns.length === names.length && l.columns.every((c, j) => c.name === names[j]);
    const hit =
      loaded.find((l) => l.file === t.file && same(l)) ??
      loaded.find((l) => l.id === t.id && same(l));
    if (hit) {
      ids.set(t.id, hit.id);
      return;
    }
    const byName = loaded.find((l) => l.file === t.file);
    const rows = `${t.rows.toLocaleString('en')} rows`;
    problems.push({
      path: `dataset.tables[${i}]`,
      message: byName
        ? `${t.file} is loaded, but its columns differ (the config expects ${names.join(', ')})`
        : `made on ${t.file} (${rows}, columns ${names.join(', ')}): load that file in the Data step first`,
    });
  });
  return { ids, problems };
}
