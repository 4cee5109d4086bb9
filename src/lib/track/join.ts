/** Lining up a file's rows with the segmented customers by customer id. */
import type { RawValue } from './values';

/** A file's column read against the customers: one value per customer, and what did not fit. */
export interface Joined {
  /** The value of customers[i] (null: the file has no row for them). */
  values: RawValue[];
  /** File rows whose id is no customer's. */
  unmatched: number;
  /** Up to five of those ids, for the message. */
  unmatchedExamples: string[];
  /** File rows whose id repeats an earlier row's (the first row is used). */
  duplicates: number;
  /** File rows without an id. */
  noId: number;
}

/**
 * Reads `fileValues` (row r has id `fileIds[r]`) as one value per customer of `customers`,
 * matching ids as trimmed text. The first row of a repeated id wins.
 */
export function joinById(
  customers: readonly string[],
  fileIds: readonly RawValue[],
  fileValues: readonly RawValue[],
): Joined {
  const index = new Map<string, number>();
  customers.forEach((id, i) => index.set(id, i));
  const values: RawValue[] = new Array<RawValue>(customers.length).fill(null);
  const seen = new Set<string>();
  let unmatched = 0;
  let duplicates = 0;
  let noId = 0;
  const unmatchedExamples: string[] = [];
  fileIds.forEach((raw, r) => {
    const id = raw === null || raw === undefined ? '' : String(raw).trim();
    if (id === '') {
      noId++;
      return;
    }
    if (seen.has(id)) {
      duplicates++;
      return;
    }
    seen.add(id);
    const i = index.get(id);
    if (i === undefined) {
      unmatched++;
      if (unmatchedExamples.length < 5) unmatchedExamples.push(id);
      return;
    }
    values[i] = fileValues[r];
  });
  return { values, unmatched, unmatchedExamples, duplicates, noId };
}
