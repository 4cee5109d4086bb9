import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { STORE_MAX_ROWS, writeCleanedRelation } from '../../src/lib/ingest/cleaned-relation';
import type { ColumnInfo } from '../../src/lib/ingest/types';

const columns: ColumnInfo[] = [
  { name: 'id', type: 'DOUBLE', role: 'customer_id', floatId: true },
  { name: 'qty', type: 'BIGINT', role: 'quantity' },
];

async function kindOf(db: Awaited<ReturnType<typeof createNodeDb>>, name: string): Promise<string> {
  const t = await db.query(
    `SELECT table_type AS k FROM information_schema.tables WHERE table_name = '${name}'`,
  );
  return String(t.getChild('k')?.get(0));
}

describe('the cleaned relation', () => {
  it('is stored as a table up to the size limit, as a view beyond it, with the same rows either way', async () => {
    const db = await createNodeDb();
    await db.exec(
      'CREATE TABLE raw AS SELECT * FROM (VALUES (17850.0, 3), (NULL, 1), (12.0, -2)) AS v(id, qty)',
    );
    const cleaning = [{ kind: 'drop_negative' as const, column: 'qty' }];
    let kind = await writeCleanedRelation(db, 'raw', 'clean', columns, cleaning, 3, null);
    expect(kind).toBe('table');
    expect(await kindOf(db, 'clean')).toBe('BASE TABLE');
    const rows = async () =>
      (await db.query('SELECT id, qty FROM clean ORDER BY qty')).toArray().map((r) => r.toJSON());
    const asTable = await rows();
    expect(asTable).toEqual([
      { id: null, qty: 1 },
      { id: '17850', qty: 3 },
    ]);
    kind = await writeCleanedRelation(
      db,
      'raw',
      'clean',
      columns,
      cleaning,
      STORE_MAX_ROWS + 1,
      kind,
    );
    expect(kind).toBe('view');
    expect(await kindOf(db, 'clean')).toBe('VIEW');
    expect(await rows()).toEqual(asTable);
    kind = await writeCleanedRelation(db, 'raw', 'clean', columns, [], 3, kind);
    expect(kind).toBe('table');
    expect((await rows()).length).toBe(3);
  });
});
