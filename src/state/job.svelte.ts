/** One long-running, cancellable operation shown with a progress bar. */
export class Job {
  /** Fraction done in [0, 1], or null while unknown. */
  fraction = $state<number | null>(null);
  stage = $state('');
  readonly startedAt = performance.now();
  private readonly controller = new AbortController();

  constructor(readonly label: string) {}

  /** Aborted when the user cancels. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records progress; `fraction` null means "working, amount unknown". */
  progress(fraction: number | null, stage?: string): void {
    this.fraction = fraction === null ? null : Math.max(0, Math.min(1, fraction));
    if (stage !== undefined) this.stage = stage;
  }

  /** Asks the operation to stop. */
  cancel(): void {
    this.controller.abort();
  }
}

/** True when an error is the result of the user cancelling. */
export function isAbort(err: unknown): boolean {
  return (
    (err instanceof DOMException && err.name === 'AbortError') ||
    (err instanceof Error && /cancel|interrupt|abort/i.test(err.message))
  );
}
