/** Arrow rows into the table a loaded file is stored in (see `loadedTableRef`). */
import type { Table } from 'apache-arrow';
import type { IngestDb, StoredTable } from '../db/types';
import { ident } from '../sql/quote';

/** Rows staged at a time on their way to the compressed catalog. */
const STAGING_ROWS = 1 << 20;

/**
 * Creates the table `stored.target` from an Arrow table (`name` unqualified). DuckDB-WASM
 * inserts Arrow only into the default catalog, so rows bound for the compressed one pass through
 * a plain staging table a slice at a time: a whole plain copy of a large file is what the
 * compressed catalog is there to avoid. Row order is kept.
 */
export async function storeArrow(
  db: IngestDb,
  name: string,
  table: Table,
  stored: StoredTable,
  stagingRows = STAGING_ROWS,
): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${stored.other}`);
  if (!stored.compressed) return db.insertArrow(name, table);
  const stagingName = `__segment_studio_staging_${name}`;
  const staging = ident(stagingName);
  try {
    for (let at = 0; at === 0 || at < table.numRows; at += stagingRows) {
      await db.exec(`DROP TABLE IF EXISTS ${staging}`);
      await db.insertArrow(stagingName, table.slice(at, at + stagingRows));
      await db.exec(
        at === 0
          ? `CREATE OR REPLACE TABLE ${stored.target} AS SELECT * FROM ${staging}`
          : `INSERT INTO ${stored.target} SELECT * FROM ${staging}`,
      );
    }
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${staging}`);
  }
}
