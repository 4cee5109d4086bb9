import type { Db, QueryOptions } from './types';

/** Both signals in one: aborted when either is. */
function either(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a && a !== b ? AbortSignal.any([a, b]) : b;
}

/**
 * The same database, with every statement run through it cancelled by `signal` (on top of a
 * signal a caller passes itself). Code that runs many statements (a feature compute, a table
 * rebuild) is handed this instead of threading a signal through each call: aborting then
 * interrupts the statement that is running, where the implementation can (see browser.ts), and
 * refuses the ones after it, so the database is free again at once instead of finishing work
 * nobody waits for.
 */
export function withSignal<T extends Db>(db: T, signal: AbortSignal): T {
  const withOpts = (opts: QueryOptions | undefined): QueryOptions => ({
    ...opts,
    signal: either(opts?.signal, signal),
  });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'query' || prop === 'exec')
        return (sql: string, opts?: QueryOptions) => target[prop](sql, withOpts(opts));
      if (prop === 'forEachBatch')
        return (sql: string, f: unknown, opts?: QueryOptions) =>
          (target as unknown as Record<string, (...a: unknown[]) => unknown>).forEachBatch.call(
            target,
            sql,
            f,
            withOpts(opts),
          );
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}
