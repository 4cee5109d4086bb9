/**
 * Undo/redo over config snapshots. Snapshots are small JSON configs, so each is deep-copied on the
 * way in and out: an edit to the live config can never rewrite history.
 */

/**
 * Deep copy: structuredClone (keeps typed arrays), or a JSON round trip for values it refuses,
 * such as the Proxy objects of Svelte's deep `$state`.
 */
export function cloneSnapshot<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return JSON.parse(JSON.stringify(value)) as T;
  }
}

/** A capped linear undo history. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private present: T;

  /** Starts at `initial`; keeps at most `cap` undo steps (oldest dropped first). */
  constructor(
    initial: T,
    private readonly cap = 100,
  ) {
    if (!(cap >= 1)) throw new Error('History: cap must be at least 1');
    this.present = cloneSnapshot(initial);
  }

  /** A copy of the current snapshot. */
  get current(): T {
    return cloneSnapshot(this.present);
  }

  /** True when there is a step to undo. */
  get canUndo(): boolean {
    return this.past.length > 0;
  }

  /** True when there is a step to redo. */
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /**
   * Applies `f` to every snapshot, past, present and future: a change that is not a user edit
   * (e.g. results arriving in the background) and must survive undo and redo.
   */
  rebase(f: (snapshot: T) => T): T {
    this.past = this.past.map((p) => structuredClone(f(p)));
    this.future = this.future.map((p) => structuredClone(f(p)));
    this.present = structuredClone(f(this.present));
    return this.current;
  }

  /** Records a new snapshot; clears the redo stack. */
  push(snapshot: T): void {
    this.past.push(this.present);
    if (this.past.length > this.cap) this.past.shift();
    this.present = cloneSnapshot(snapshot);
    this.future = [];
  }

  /** Steps back; returns the restored snapshot, or undefined when there is nothing to undo. */
  undo(): T | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(this.present);
    this.present = prev;
    return this.current;
  }

  /** Steps forward again; undefined when there is nothing to redo. */
  redo(): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(this.present);
    this.present = next;
    return this.current;
  }
}
