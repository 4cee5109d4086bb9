/**
 * Checking that a second snapshot (next month's export) has the columns the segmentation reads,
 * with types of the same family, before a frozen model is applied to it.
 */
import { TrackError } from './error';

/** A column as DESCRIBE reports it. */
export interface TypedColumn {
  name: string;
  type: string;
}

/** The family of a DuckDB type: what a feature can read it as. */
export function typeFamily(type: string): 'number' | 'text' | 'time' | 'boolean' | 'other' {
  const t = type.toUpperCase();
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
      t,
    )
  )
    return 'number';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|UUID)/.test(t)) return 'text';
  if (/^(DATE|TIME|TIMESTAMP)/.test(t)) return 'time';
  if (t === 'BOOLEAN') return 'boolean';
  return 'other';
}

/**
 * Every problem with `actual` (the second snapshot's columns) against `expected` (the first's),
 * for the columns in `needed`: missing ones, and ones whose type family differs (a whole-number
 * and a decimal amount are both numbers). An empty list means the snapshot can be read.
 */
export function snapshotProblems(
  expected: readonly TypedColumn[],
  actual: readonly TypedColumn[],
  needed: readonly string[],
): string[] {
  const have = new Map(actual.map((c) => [c.name, c.type]));
  const want = new Map(expected.map((c) => [c.name, c.type]));
  const problems: string[] = [];
  for (const name of needed) {
    const a = have.get(name);
    const e = want.get(name);
    if (a === undefined) problems.push(`“${name}” is missing`);
    else if (e !== undefined && typeFamily(a) !== typeFamily(e))
      problems.push(`“${name}” holds ${describe(a)} instead of ${describe(e)}`);
  }
  return problems;
}

function describe(type: string): string {
  return { number: 'numbers', text: 'text', time: 'dates', boolean: 'true/false', other: type }[
    typeFamily(type)
  ];
}

/** Throws the problems as one sentence naming the file, or returns when there are none. */
export function checkSnapshot(
  label: string,
  expected: readonly TypedColumn[],
  actual: readonly TypedColumn[],
  needed: readonly string[],
): void {
  const problems = snapshotProblems(expected, actual, needed);
  if (problems.length === 0) return;
  throw new TrackError(
    `“${label}” cannot be segmented like the first file: ${problems.join('; ')}. It needs the same columns with the same kinds of values.`,
    'migration',
  );
}
