/** File names a user types for an export: checked, with the reason when refused. */

/** Characters no common file system accepts in a name (Windows is the strictest). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Checks a base name (without extension). Returns the problem as a sentence for the user, or
 * null when the name is fine.
 */
export function fileNameProblem(name: string): string | null {
  const clean = name.trim();
  if (!clean) return 'The file name is empty: type a name, such as “segments”.';
  if (clean.length > 200) return 'The file name is longer than 200 characters.';
  const bad = FORBIDDEN.exec(clean);
  if (bad) {
    const ch = bad[0].charCodeAt(0) < 32 ? 'a control character' : `“${bad[0]}”`;
    return `A file name cannot contain ${ch}: characters < > : " / \\ | ? * are not allowed.`;
  }
  if (RESERVED.test(clean)) return `“${clean}” is a name Windows reserves: pick another.`;
  if (/^\.+$/.test(clean) || /[. ]$/.test(clean))
    return 'A file name cannot end with a dot or a space.';
  return null;
}

/**
 * A segment's part of a per-segment file name: its name with characters a file name cannot hold
 * replaced by `_` (and its index, so two names that clean the same stay apart).
 */
export function segmentFilePart(index: number, name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[<>:"/\\|?*\u0000-\u001f\s]+/g, '_').replace(/^[._]+|[._]+$/g, '');
  return `${String(index + 1).padStart(2, '0')}-${clean.slice(0, 60) || 'segment'}`;
}
