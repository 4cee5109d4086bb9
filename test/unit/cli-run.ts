/**
 * Runs the command-line tool as a user does: its `bin` file in a child process, from a folder of
 * the caller's choice, with stdout, stderr and the exit code kept apart.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { literal } from '../../src/lib/sql/quote';
import type { Assignment } from './engines';
import { main } from '../../src/cli/main';

/** The `bin` of package.json. */
export const CLI_BIN = path.join(process.cwd(), 'src', 'cli', 'bin.mjs');

/** What a run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON, when it is one object (`--json`). */
  json: Record<string, unknown> | null;
}

/** Runs `segment-studio ...args` in `cwd`. */
export function runCli(args: string[], cwd = process.cwd()): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        json = null;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/**
 * Runs the tool's `main` in this process with its output captured: the same code as the bin
 * without a child process's start-up, for the many short failure cases. Not concurrent-safe.
 */
export async function runMain(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as never;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as never;
  let code: number;
  try {
    code = await main(args);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { code, stdout, stderr, json };
}

/** An assignment file the tool wrote (CSV or Parquet), read back with native DuckDB. */
export async function readAssignment(file: string): Promise<Assignment> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
    const opts = reader === 'read_csv' ? `, all_varchar=true` : '';
    const rows = (
      await conn.runAndReadAll(
        `SELECT CAST(customer_id AS VARCHAR) AS c, segment_id AS s FROM ${reader}(${literal(file)}${opts})`,
      )
    ).getRowObjectsJson() as { c: string; s: string | null }[];
    return new Map(rows.map((r) => [r.c, r.s]));
  } finally {
    conn.closeSync();
  }
}
