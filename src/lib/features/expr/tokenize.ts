/** Splits a custom expression into tokens. Anything outside the grammar is an error. */
import { ExprError } from './ast';

/** Token kinds. `word` is a bare identifier or keyword; `qident` a "quoted" identifier. */
export type TokenType = 'num' | 'str' | 'word' | 'qident' | 'op' | '(' | ')' | ',' | 'eof';

/** One token with its 0-based source offset. */
export interface Token {
  type: TokenType;
  text: string;
  pos: number;
}

const OPS = ['<=', '>=', '<>', '!=', '+', '-', '*', '/', '=', '<', '>'];
const MAX_TOKENS = 1000;

/**
 * Tokenises `src`. Strings are `'...'` with `''` for a quote; quoted identifiers are `"..."`
 * with `""` for a quote; numbers are decimal (`12`, `1.5`, `.5`, `1e3`).
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      const text = m ? m[0] : ch;
      if (/[A-Za-z_]/.test(src[i + text.length] ?? '')) {
        throw new ExprError(`malformed number "${src.slice(i, i + text.length + 1)}"`, start);
      }
      out.push({ type: 'num', text, pos: start });
      i += text.length;
    } else if (ch === "'" || ch === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= n) {
          throw new ExprError(
            ch === "'" ? 'unterminated string' : 'unterminated quoted name',
            start,
          );
        }
        if (src[i] === ch) {
          if (src[i + 1] === ch) {
            text += ch;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += src[i++];
      }
      if (ch === '"' && text.length === 0) throw new ExprError('empty quoted name', start);
      out.push({ type: ch === "'" ? 'str' : 'qident', text, pos: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const text = m ? m[0] : ch;
      out.push({ type: 'word', text, pos: start });
      i += text.length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ type: ch, text: ch, pos: start });
      i++;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new ExprError(`unexpected character ${JSON.stringify(ch)}`, start);
      out.push({ type: 'op', text: op === '!=' ? '<>' : op, pos: start });
      i += op.length;
    }
    if (out.length > MAX_TOKENS) throw new ExprError('expression is too long', start);
  }
  out.push({ type: 'eof', text: '', pos: n });
  return out;
}
