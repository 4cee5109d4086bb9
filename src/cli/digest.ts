/**
 * The assignment digest of `segment_assignment`, computed inside DuckDB: the same value as
 * `assignmentDigest` (src/lib/segment/digest.ts), SHA-256 of `customer_id<TAB>segment_id<LF>`
 * lines in the byte order of the ids (DuckDB orders VARCHAR by its UTF-8 bytes), without moving
 * millions of rows into JavaScript.
 */
import type { NativeDb } from './native-db';

/** The hex digest of table `segment_assignment`. */
export async function tableDigest(db: NativeDb): Promise<string> {
  const t = await db.query(
    `SELECT sha256(coalesce(string_agg(CAST("customer_id" AS VARCHAR) || chr(9) || coalesce("segment_id", '') || chr(10), '' ORDER BY CAST("customer_id" AS VARCHAR)), '')) AS h FROM "segment_assignment"`,
  );
  return String(t.get(0)?.h);
}
