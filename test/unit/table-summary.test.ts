import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { describeView } from '../../src/lib/ingest/table-summary';

let db: Awaited<ReturnType<typeof createNodeDb>>;
beforeAll(async () => {
  db = await createNodeDb();
  await db.exec(`CREATE VIEW "v w" AS SELECT i AS "select" FROM range(50) t(i)`);
});
afterAll(() => db.close());

describe('describeView', () => {
  it('reads the first rows and counts the view', async () => {
    const r = await describeView(db, 'v w', 5);
    expect(r.viewRows).toBe(50);
    expect(r.preview.rows).toHaveLength(5);
  });

  it('takes a row count the caller already knows instead of scanning', async () => {
    const sql: string[] = [];
    const counting = { ...db, query: (q: string) => (sql.push(q), db.query(q)) };
    const r = await describeView(counting, 'v w', 5, 50);
    expect(r.viewRows).toBe(50);
    expect(r.preview.rows).toHaveLength(5);
    expect(sql).toEqual(['SELECT * FROM "v w" LIMIT 5']);
  });
});
