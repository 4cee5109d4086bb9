/**
 * The content hash of a loaded file, so a config can tell the same file from another with the
 * same name and columns: `sha256-4m:<hex>` = SHA-256 of the concatenated SHA-256 digests of the
 * file's 4 MiB chunks. Chunks let a large file be hashed piece by piece (the browser's
 * `crypto.subtle` has no streaming API); Node and the command-line tool compute the same.
 */
import { sha256 } from './sha256';

/** Chunk size of the hash. */
export const HASH_CHUNK = 4 * 1024 * 1024;

/** Reads bytes [start, end) of a file. */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

type Subtle = { digest(alg: string, data: Uint8Array): Promise<ArrayBuffer> };

/** SHA-256 with the platform's implementation where it has one (not on plain-http pages). */
async function digest(data: Uint8Array): Promise<Uint8Array> {
  const subtle = (globalThis.crypto as { subtle?: Subtle } | undefined)?.subtle;
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', data));
  return sha256(data);
}

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** The `sha256-4m:` hash of a file of `size` bytes. */
export async function contentHash(size: number, read: ReadRange): Promise<string> {
  const parts: Uint8Array[] = [];
  let at = 0;
  do {
    const end = Math.min(size, at + HASH_CHUNK);
    parts.push(await digest(await read(at, end)));
    at = end;
  } while (at < size);
  const all = new Uint8Array(parts.length * 32);
  parts.forEach((p, i) => all.set(p, i * 32));
  return `sha256-4m:${hex(await digest(all))}`;
}

/** The hash of bytes in memory. */
export function hashBytes(bytes: Uint8Array): Promise<string> {
  return contentHash(bytes.length, async (a, b) => bytes.subarray(a, b));
}
