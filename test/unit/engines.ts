/**
 * Runs compiled scripts on the real engines and reads `segment_assignment` back: native DuckDB
 * (@duckdb/node-api, all threads, files found in a folder) and a PostgreSQL server (psql).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { postgresCreateTable, postgresLoad } from '../../src/lib/compile/sources';
import type { StudioConfig } from '../../src/lib/config/schema';
import { literal } from '../../src/lib/sql/quote';
import type { PgServer } from './pg-server';

/** customer id -> segment id (null: no segment), as a compiled script leaves it. */
export type Assignment = Map<string, string | null>;

/** Runs a DuckDB script on native DuckDB with `dir` as the folder the files are read from. */
export async function runNativeDuckdb(script: string, dir: string): Promise<Assignment> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await conn.run(`SET file_search_path = ${literal(dir)}`);
    await conn.run(script);
    const rows = (
      await conn.runAndReadAll('SELECT customer_id, segment_id FROM segment_assignment')
    ).getRowObjectsJson() as { customer_id: string; segment_id: string | null }[];
    return new Map(rows.map((r) => [String(r.customer_id), r.segment_id]));
  } finally {
    conn.closeSync();
  }
}

/**
 * Creates and fills the raw tables as a PostgreSQL script's header says (CREATE TABLE and psql's
 * \copy from the files in `dir`), in a fresh schema of its own, then runs the script there.
 */
export function runPostgres(
  pg: PgServer,
  config: StudioConfig,
  script: string,
  dir: string,
  schema: string,
): Assignment {
  const setup = [`DROP SCHEMA IF EXISTS "${schema}" CASCADE;`, `CREATE SCHEMA "${schema}";`];
  setup.push(`SET search_path = "${schema}";`);
  for (const t of config.dataset?.tables ?? []) {
    setup.push(postgresCreateTable(t));
    const load = postgresLoad(t);
    if (!load) throw new Error(`no \\copy for ${t.file}`);
    setup.push(...load);
  }
  pg.run(`${setup.join('\n')}\n${script}`, dir);
  const rows = pg.query<{ customer_id: string; segment_id: string | null }>(
    `SELECT customer_id, segment_id FROM "${schema}".segment_assignment`,
  );
  return new Map(rows.map((r) => [r.customer_id, r.segment_id]));
}

/** The customers whose segment differs between two assignments (or who are in one only). */
export function differences(a: Assignment, b: Assignment, max = 10): string[] {
  const out: string[] = [];
  for (const [id, s] of a) {
    if (!b.has(id)) out.push(`${id}: ${s} vs absent`);
    else if (b.get(id) !== s) out.push(`${id}: ${s} vs ${b.get(id)}`);
    if (out.length >= max) return out;
  }
  for (const id of b.keys())
    if (!a.has(id) && out.length < max) out.push(`${id}: absent vs ${b.get(id)}`);
  return out;
}

/** Absolute path of a fixture folder. */
export const fixturesDir = (): string => path.join(process.cwd(), 'test', 'fixtures');
