/** Shared setup of tests that load fixture files into one DuckDB-WASM (Node) per test file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';

/** The Node Db the tests use. */
export type NodeDb = Awaited<ReturnType<typeof createNodeDb>>;

/** A fixture file's bytes (test/fixtures). */
export const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures', name)));

/** Opens a Node Db before the file's tests (handed to `set`) and closes it after them. */
export function useNodeDb(set: (db: NodeDb) => void): void {
  let db: NodeDb | undefined;
  beforeAll(async () => {
    db = await createNodeDb();
    set(db);
  });
  afterAll(() => db?.close());
}
