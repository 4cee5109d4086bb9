/** The tool's failures, each with the exit code a scheduler can act on (see README). */

/** Exit codes. */
export const EXIT = {
  ok: 0,
  /** Anything unexpected: a bug, or the engine failing in a way not listed below. */
  unexpected: 1,
  /** Bad arguments: unknown command or option, a required option missing, a bad value. */
  usage: 2,
  /** The config cannot be used: unreadable, not JSON, refused by the validator, no model. */
  config: 3,
  /** The data: a --data file missing or unreadable, no match for a config table, columns differ. */
  data: 4,
  /** The output cannot be written (no such folder, no permission). */
  output: 5,
} as const;

/** A failure the user can act on: what was wrong and what to do, and its exit code. */
export class CliError extends Error {
  constructor(
    readonly code: (typeof EXIT)[keyof typeof EXIT],
    message: string,
    /** Extra lines (e.g. every problem of a config with its path). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The first line of an engine's error message (DuckDB appends context lines). */
export const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0];
