/**
 * How many k-means workers the studio runs. Its own module so the views can say it without
 * pulling the worker pool client (and comlink) into the first chunk.
 */

/** hardwareConcurrency - 1 where known (at least 2), else 2. */
export function defaultPoolSize(): number {
  const hc = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  // At least two: a sweep's ks are independent, and on a two-core machine the page's own thread
  // is mostly idle while they run, so one worker would leave a core unused.
  return Math.max(2, (hc || 2) - 1);
}
