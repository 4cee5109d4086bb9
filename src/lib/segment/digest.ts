/**
 * A short fingerprint of an assignment, so two runs (the studio, a share link, the command-line
 * tool, the exported SQL) can be compared at a glance: SHA-256 of the lines
 * `customer_id<TAB>segment_id<LF>`, sorted by customer id in UTF-8 byte order (NULL segments as an
 * empty id), written as hex.
 */
import { sha256 } from '../config/sha256';

/**
 * Compares two strings by their UTF-8 bytes, which is code-point order. UTF-16 units order the
 * same except surrogates (U+D800-DFFF, halves of code points above U+FFFF), which must come after
 * U+E000-FFFF: the units are shifted so they do.
 */
export function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return shift(x) - shift(y);
  }
  return a.length - b.length;
}

const shift = (u: number): number => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);

/** The digest of customer id -> segment id pairs (null: no segment). */
export function assignmentDigest(pairs: Iterable<[string, string | null]>): string {
  const list = [...pairs].sort((p, q) => byteOrder(p[0], q[0]));
  const text = list.map(([id, seg]) => `${id}\t${seg ?? ''}\n`).join('');
  const bytes = sha256(new TextEncoder().encode(text));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
