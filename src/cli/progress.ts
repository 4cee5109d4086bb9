/** Progress for long runs, on stderr (stdout is for `--json`), with the time since the start. */

/** Reports steps; silent with `quiet`. */
export class Progress {
  private readonly t0 = performance.now();

  constructor(private readonly quiet: boolean) {}

  /** Milliseconds since the run started. */
  get elapsedMs(): number {
    return performance.now() - this.t0;
  }

  /** Prints one line: `segment-studio: features (at 4.2 s)`. */
  step(message: string): void {
    if (!this.quiet)
      process.stderr.write(
        `segment-studio: ${message} (at ${(this.elapsedMs / 1000).toFixed(1)} s)\n`,
      );
  }

  /** A note the user should read (a table matched under another name), even when quiet. */
  note(message: string): void {
    process.stderr.write(`segment-studio: note: ${message}\n`);
  }
}
