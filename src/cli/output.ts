/** Where a command writes: the --out file, checked before any work is done. */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT } from './errors';

/**
 * The absolute --out path after checking its extension is one of `extensions` (exit 2) and its
 * folder exists and is writable (exit 5).
 */
export function checkOut(out: string | undefined, extensions: readonly string[]): string {
  if (!out)
    throw new CliError(EXIT.usage, `give --out with a ${extensions.join(' or ')} file name`);
  const ext = path.extname(out).toLowerCase();
  if (!extensions.includes(ext))
    throw new CliError(
      EXIT.usage,
      `--out ${out}: the file name must end in ${extensions.join(' or ')}, which says what to write`,
    );
  const abs = path.resolve(out);
  const dir = path.dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError(
      EXIT.output,
      `--out ${out}: cannot write in ${dir} (no such folder, or no permission); create it or pick another place`,
    );
  }
  return abs;
}
