/** The config and SQL downloads, offered by the Segments and Export steps alike. */
import type { ConfigFiles } from '../state/config-files.svelte';
import type { DialectName } from '../lib/sql/dialect';
import { downloadText } from './download';

/** Downloads `segmentation.json`. */
export function saveConfigFile(files: ConfigFiles): void {
  const f = files.configFile();
  downloadText(f.name, f.type, f.text);
}

/** Downloads the SQL for `dialect`; returns why there is none (nothing downloaded), else null. */
export function saveSqlFile(files: ConfigFiles, dialect: DialectName): string | null {
  const f = files.sqlFile(dialect);
  if ('error' in f) return f.error;
  downloadText(f.name, f.type, f.text);
  return null;
}
