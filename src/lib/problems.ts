/**
 * Checking untrusted JSON (a config file, a share link) and reporting every problem with the
 * path to it, e.g. `segmentation.rules.segments[2].definition.when.all[0].value: expected a
 * number`, instead of stopping at the first.
 */

/** One problem: where (a path from the document's root) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** The problems as lines `path: message`. */
export function formatProblems(problems: readonly Problem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines.join('\n');
}

/** A plain JSON object (not an array, not null). */
export type Obj = Record<string, unknown>;

/** True for a plain JSON object. */
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a value looks, for messages: `"abc"`, `12`, `a list`, `an object`, `null`. */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/**
 * Collects problems while a value is walked. Each check reports under `path` and returns the
 * value when it is fine, or undefined (so the walk can go on and find the next problem).
 */
export class Checker {
  readonly problems: Problem[] = [];

  /** Records a problem. */
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** An object with only the `allowed` keys (others are reported); undefined if not an object. */
  object(v: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    if (!isObj(v)) {
      this.add(path, `expected an object, got ${shown(v)}`);
      return undefined;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.add(join(path, k), 'is not a known field');
    }
    return v;
  }

  /** A list of at most `max` items. */
  list(v: unknown, path: string, max = 10_000): unknown[] | undefined {
    if (!Array.isArray(v)) {
      this.add(path, `expected a list, got ${shown(v)}`);
      return undefined;
    }
    if (v.length > max) {
      this.add(path, `has ${v.length} items; at most ${max} are allowed`);
      return undefined;
    }
    return v;
  }

  /**
   * A string of 1 to `max` characters without control characters; with `lines`, tabs and line
   * breaks are allowed (a column name in a CSV header may hold them).
   */
  text(v: unknown, path: string, max = 1000, lines = false): string | undefined {
    if (typeof v !== 'string') {
      this.add(path, `expected text, got ${shown(v)}`);
      return undefined;
    }
    if (v.length === 0) return this.fail(path, 'may not be empty');
    if (v.length > max) return this.fail(path, `is ${v.length} characters long; at most ${max}`);
    const control = lines
      ? // eslint-disable-next-line no-control-regex
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
      : // eslint-disable-next-line no-control-regex
        /[\u0000-\u001f\u007f\u2028\u2029]/;
    if (control.test(v)) return this.fail(path, 'contains a control character or line break');
    return v;
  }

  /** A finite number, within [min, max] when given. */
  number(v: unknown, path: string, min = -Infinity, max = Infinity): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, `expected a number, got ${shown(v)}`);
      return undefined;
    }
    if (v < min || v > max) return this.fail(path, `must be from ${min} to ${max}, got ${v}`);
    return v;
  }

  /** A whole number within [min, max]. */
  integer(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(path, `expected a whole number from ${min} to ${max}, got ${shown(v)}`);
      return undefined;
    }
    return v;
  }

  /** true or false. */
  boolean(v: unknown, path: string): boolean | undefined {
    if (typeof v !== 'boolean') {
      this.add(path, `expected true or false, got ${shown(v)}`);
      return undefined;
    }
    return v;
  }

  /** One of `options`. */
  oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T | undefined {
    if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
    const list = options.length <= 12 ? `: one of ${options.join(', ')}` : '';
    this.add(path, `${shown(v)} is not allowed here${list}`);
    return undefined;
  }

  private fail(path: string, message: string): undefined {
    this.add(path, message);
    return undefined;
  }
}

/** `a.b` or `a[3]` from a path and a key or index. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
