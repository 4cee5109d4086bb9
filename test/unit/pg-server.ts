/**
 * A private PostgreSQL server for tests and benchmarks: Debian's `postgresql` binaries, a fresh
 * data directory under the system temp folder, a Unix socket there and no TCP port. Driven with
 * `psql`, the tool a user runs exported scripts with. Fails loudly when it cannot start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running server. */
export interface PgServer {
  /** Runs a script file with psql (stops at the first error, which it throws). */
  runFile(file: string, cwd?: string): string;
  /** Runs SQL text with psql. */
  run(sql: string, cwd?: string): string;
  /** Rows of a query as objects (through `json_agg`, so doubles keep every digit). */
  query<T = Record<string, unknown>>(sql: string): T[];
  /** The socket directory, for `psql -h`. */
  host: string;
  stop(): void;
}

/** The folder holding Debian's PostgreSQL server binaries (the newest version installed). */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      "PostgreSQL's server is not installed: apt-get install postgresql (or set PG_BIN to the folder with initdb)",
    );
  }
  return path.join(root, versions[0], 'bin');
}

const isRoot = (): boolean => process.getuid?.() === 0;
let scripts = 0;

/** Runs a server binary as `postgres` when we are root (initdb and postgres refuse root). */
function asServerUser(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr || r.stdout}`);
  }
}

/** Starts a server in a new temporary directory; `stop()` removes it. */
export function startPostgres(): PgServer {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-pg-'));
  if (isRoot()) chownSync(dir, Number(uid('postgres')), Number(gid('postgres')));
  const data = path.join(dir, 'data');
  asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  asServerUser(path.join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  const psql = (args: string[], cwd?: string): string => {
    const r = spawnSync(
      'psql',
      ['-h', dir, '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args],
      {
        encoding: 'utf8',
        cwd,
        maxBuffer: 1 << 30,
        env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
      },
    );
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr.trim() || r.stdout.trim()}`);
    return r.stdout;
  };
  return {
    host: dir,
    runFile: (file, cwd) => psql(['-f', file], cwd),
    run(sql, cwd) {
      const file = path.join(dir, `run-${++scripts}.sql`);
      writeFileSync(file, sql);
      try {
        return psql(['-f', file], cwd);
      } finally {
        rmSync(file, { force: true });
      }
    },
    query<T>(sql: string): T[] {
      const out = psql(['-At', '-c', `SELECT coalesce(json_agg(q), '[]') FROM (${sql}) AS q`]);
      return JSON.parse(out) as T[];
    },
    stop() {
      try {
        asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function uid(user: string): string {
  return execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim();
}

function gid(user: string): string {
  return execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim();
}
