/**
 * The assignment digest of `segment_assignment`, streamed: the same value as
 * `assignmentDigest` (src/lib/segment/digest.ts) without holding every customer in memory.
 * DuckDB orders VARCHAR by its bytes, which is the digest's UTF-8 byte order.
 */
import { createHash } from 'node:crypto';
import type { NativeDb } from './native-db';

/** SHA-256 hex of `customer_id<TAB>segment_id<LF>` lines in byte order of the ids. */
export async function tableDigest(db: NativeDb, table = 'segment_assignment'): Promise<string> {
  const hash = createHash('sha256');
  const result = await db.connection.stream(
    `SELECT CAST("customer_id" AS VARCHAR) AS c, coalesce("segment_id", '') AS s FROM "${table}" ORDER BY c`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const ids = chunk.getColumnVector(0);
    const segs = chunk.getColumnVector(1);
    let text = '';
    for (let r = 0; r < chunk.rowCount; r++) text += `${ids.getItem(r)}\t${segs.getItem(r)}\n`;
    hash.update(text, 'utf8');
  }
  return hash.digest('hex');
}
