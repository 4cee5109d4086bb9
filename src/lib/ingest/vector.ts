/**
 * Arrow vectors built without generated code. apache-arrow's `vectorFromArray` compiles its
 * null test with `new Function`, which the page's Content-Security-Policy (no 'unsafe-eval')
 * refuses; this builds the same vector with a plain null test.
 */
import { makeBuilder, type DataType, type Vector } from 'apache-arrow';

/** A vector of `type` from `values`; null and undefined are missing values. */
export function vectorOf<T extends DataType>(values: Iterable<unknown>, type: T): Vector<T> {
  const builder = makeBuilder({ type, nullValues: [] });
  // The builder's own test would be compiled; this one is the same for [null, undefined].
  (builder as unknown as { isValid: (v: unknown) => boolean }).isValid = (v) =>
    v !== null && v !== undefined;
  for (const v of values) builder.append(v as T['TValue']);
  return builder.finish().toVector();
}
