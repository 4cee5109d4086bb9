/**
 * A tokenizer for the scripts the compiler writes: they only ever hold `"..."` identifiers (with
 * `""` inside), `'...'` strings (with `''` inside), `--` comments, numbers, words, whitespace
 * and punctuation. Joining the tokens' text gives the script back unchanged.
 */

/** One token. `value` is the unquoted text of identifiers and strings. */
export type Token =
  | { kind: 'ident' | 'string'; text: string; value: string }
  | { kind: 'comment' | 'space' | 'word' | 'number' | 'punct'; text: string };

/** The tokens of `sql`. Throws on an unterminated quote, which the compiler never writes. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const quoted = (q: string, kind: 'ident' | 'string') => {
    let j = i + 1;
    let value = '';
    for (;;) {
      const k = sql.indexOf(q, j);
      if (k < 0) throw new Error(`unterminated ${kind} at ${i}`);
      value += sql.slice(j, k);
      if (sql[k + 1] === q) {
        value += q;
        j = k + 2;
      } else {
        out.push({ kind, text: sql.slice(i, k + 1), value });
        i = k + 1;
        return;
      }
    }
  };
  while (i < sql.length) {
    const c = sql[i];
    const rest = sql.slice(i);
    let m: RegExpExecArray | null;
    if (c === '"') quoted('"', 'ident');
    else if (c === "'") quoted("'", 'string');
    else if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if ((m = /^\s+/.exec(rest))) {
      out.push({ kind: 'space', text: m[0] });
      i += m[0].length;
    } else if ((m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest))) {
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest))) {
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      out.push({ kind: 'punct', text: c });
      i += 1;
    }
  }
  return out;
}

/** The script text of tokens. */
export const untokenize = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join('');

/** Index of the `)` closing the `(` at `open`. */
export function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parenthesis at token ${open}`);
}

/** Index of the `(` opening the `)` at `close`. */
export function opening(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (tokens[i].text === ')') depth++;
    else if (tokens[i].text === '(' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parenthesis at token ${close}`);
}

/** The next token at or after `i` that is not whitespace or a comment (its index). */
export function next(tokens: readonly Token[], i: number): number {
  while (i < tokens.length && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  return i;
}

/** The last token at or before `i` that is not whitespace or a comment (its index). */
export function previous(tokens: readonly Token[], i: number): number {
  while (i >= 0 && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i--;
  return i;
}

/** True when token `t` is the word `w` (any case). */
export const isWord = (t: Token | undefined, w: string): boolean =>
  t?.kind === 'word' && t.text.toUpperCase() === w;
