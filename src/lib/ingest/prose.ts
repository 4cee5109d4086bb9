/**
 * Tells prose (a README, notes, a Markdown page) from a data file before it is parsed: such a
 * file would otherwise be reported as rows with the wrong number of fields, or loaded as one
 * column of sentences.
 */

const DELIMITERS = [',', ';', '\t', '|'];
const MARKDOWN = /^(#{1,6}\s|```|[-*+]\s+\S|\d+\.\s+\S|>\s)/;

/** How many of the first lines are looked at. */
const LINES = 60;

/** A line of running text: several words, mostly letters, read like a sentence. */
function isSentence(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length < 5) return false;
  const wordy = words.filter((w) => /^[\p{L}'’(“"]+[\p{L}'’)”",.:;!?]*$/u.test(w)).length;
  return wordy / words.length >= 0.7;
}

/** How often `d` occurs in `line` outside double-quoted text. */
function outsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/** True when some delimiter splits (nearly) every line into the same number (>1) of fields. */
function hasSteadyDelimiter(lines: string[]): boolean {
  return DELIMITERS.some((d) => {
    const counts = lines.map((l) => outsideQuotes(l, d));
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    const best = Math.max(0, ...tally.values());
    return best >= 0.8 * lines.length;
  });
}

/**
 * True when the first lines of `text` read as prose, not as rows: most are sentences or
 * Markdown (headings, lists, code fences), and no delimiter splits the lines evenly.
 */
export function looksLikeProse(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, LINES);
  if (lines.length === 0) return false;
  const markdown = lines.filter((l) => MARKDOWN.test(l)).length;
  const prose = lines.filter((l) => MARKDOWN.test(l) || isSentence(l)).length;
  // Too few lines to see a steady delimiter: only a Markdown heading with nothing but text.
  if (lines.length < 3) return prose === lines.length && lines.some((l) => /^#{1,6}\s/.test(l));
  if (hasSteadyDelimiter(lines)) return false;
  return prose >= 0.5 * lines.length && (markdown > 0 || prose >= 0.7 * lines.length);
}
