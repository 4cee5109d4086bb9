/** A text file converted to UTF-8 in a temporary file, streaming (any size). */
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

const made: string[] = [];

/** Temporary folders this process made; removed by `removeTemporaryFiles`. */
export function temporaryFolders(): readonly string[] {
  return made;
}

/** A new temporary folder, removed when the tool exits. */
export function temporaryFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-cli-'));
  made.push(dir);
  return dir;
}

/** Writes `file` (in `encoding`) as UTF-8 to a temporary file and returns its path. */
export async function toUtf8File(file: string, encoding: string): Promise<string> {
  const out = path.join(temporaryFolder(), path.basename(file));
  const decoder = new TextDecoder(encoding);
  await pipeline(
    createReadStream(file),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
      },
      flush(done) {
        done(null, Buffer.from(decoder.decode(), 'utf8'));
      },
    }),
    createWriteStream(out),
  );
  return out;
}
