import { describe, expect, it } from 'vitest';
import type { RecordBatch, Table } from 'apache-arrow';
import { withSignal } from '../../src/lib/db/signal';
import type { IngestDb, QueryOptions } from '../../src/lib/db/types';

/** A database that records the options each statement was given. */
function recorder() {
  const seen: { sql: string; signal?: AbortSignal }[] = [];
  const note = (sql: string, opts?: QueryOptions) => seen.push({ sql, signal: opts?.signal });
  const db: IngestDb = {
    query: (sql, opts) => (note(sql, opts), Promise.resolve(null as unknown as Table)),
    exec: (sql, opts) => (note(sql, opts), Promise.resolve()),
    forEachBatch: (sql: string, _f: (b: RecordBatch) => void, opts?: QueryOptions) => (
      note(sql, opts),
      Promise.resolve()
    ),
    registerFile: () => Promise.resolve(),
    dropFile: () => Promise.resolve(),
    insertArrow: () => Promise.resolve(),
    csvBytes: (select) => (note(select), Promise.resolve(new Uint8Array([1]))),
  };
  return { db, seen };
}

describe('withSignal', () => {
  it('gives every statement the signal, and keeps the other methods as they are', async () => {
    const { db, seen } = recorder();
    const job = new AbortController();
    const live = withSignal(db, job.signal);
    await live.query('SELECT 1');
    await live.exec('SELECT 2', { onProgress: () => {} });
    await live.forEachBatch('SELECT 3', () => {});
    expect(await live.csvBytes('SELECT 4')).toEqual(new Uint8Array([1]));
    expect(seen.map((s) => s.sql)).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4']);
    expect(seen.slice(0, 3).every((s) => s.signal === job.signal)).toBe(true);
    // The database itself is untouched: its own statements carry no signal.
    await db.query('SELECT 5');
    expect(seen[4].signal).toBeUndefined();
  });

  it("aborts a statement when either the job's or the caller's own signal aborts", async () => {
    const { db, seen } = recorder();
    const job = new AbortController();
    const own = new AbortController();
    await withSignal(db, job.signal).query('SELECT 1', { signal: own.signal });
    const signal = seen[0].signal!;
    expect(signal.aborted).toBe(false);
    own.abort();
    expect(signal.aborted).toBe(true);
    const again = recorder();
    await withSignal(again.db, job.signal).query('SELECT 1', {
      signal: new AbortController().signal,
    });
    job.abort();
    expect(again.seen[0].signal!.aborted).toBe(true);
  });
});
