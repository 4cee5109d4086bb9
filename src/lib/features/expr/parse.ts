/**
 * A recursive descent parser for custom feature expressions.
 *
 * Grammar (keywords case-insensitive):
 * ```
 * expr    := or
 * or      := and ("OR" and)*
 * and     := not ("AND" not)*
 * not     := "NOT" not | cmp
 * cmp     := add (("=" | "<>" | "!=" | "<" | "<=" | ">" | ">=") add)?
 * add     := mul (("+" | "-") mul)*
 * mul     := unary (("*" | "/") unary)*
 * unary   := "-" unary | primary
 * primary := number | 'string' | NULL | name | "quoted name" | call | "(" expr ")" | case
 * call    := name "(" [expr ("," expr)*] ")"
 * case    := "CASE" ("WHEN" expr "THEN" expr)+ ["ELSE" expr] "END"
 * ```
 * Which names and functions are allowed is checked by `compile.ts`, not here.
 */
import { ExprError, type BinaryOp, type ExprNode } from './ast';
import { tokenize, type Token } from './tokenize';

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NULL']);
const CMP = new Set(['=', '<>', '<', '<=', '>', '>=']);
const MAX_DEPTH = 64;

/** Parses `src` into an AST or throws ExprError with the position of the problem. */
export function parseExpr(src: string): ExprNode {
  const toks = tokenize(src);
  let k = 0;
  let depth = 0;
  const peek = (): Token => toks[k];
  const next = (): Token => toks[k++];
  const isKw = (t: Token, kw: string): boolean => t.type === 'word' && t.text.toUpperCase() === kw;
  const describe = (t: Token): string => (t.type === 'eof' ? 'end of expression' : `"${t.text}"`);
  const expectKw = (kw: string): void => {
    const t = next();
    if (!isKw(t, kw)) throw new ExprError(`expected ${kw} but found ${describe(t)}`, t.pos);
  };
  const expect = (type: Token['type']): Token => {
    const t = next();
    if (t.type !== type) throw new ExprError(`expected "${type}" but found ${describe(t)}`, t.pos);
    return t;
  };

  const binaryLevel = (ops: (t: Token) => BinaryOp | null, sub: () => ExprNode) => (): ExprNode => {
    let left = sub();
    for (let op = ops(peek()); op; op = ops(peek())) {
      const pos = next().pos;
      left = { type: 'binary', op, left, right: sub(), pos };
    }
    return left;
  };

  function expr(): ExprNode {
    if (++depth > MAX_DEPTH) throw new ExprError('expression is nested too deeply', peek().pos);
    const e = or();
    depth--;
    return e;
  }
  function not(): ExprNode {
    const t = peek();
    if (isKw(t, 'NOT')) {
      next();
      if (++depth > MAX_DEPTH) throw new ExprError('expression is nested too deeply', t.pos);
      const arg = not();
      depth--;
      return { type: 'unary', op: 'NOT', arg, pos: t.pos };
    }
    return cmp();
  }
  function cmp(): ExprNode {
    const left = add();
    const t = peek();
    if (t.type === 'op' && CMP.has(t.text)) {
      next();
      return { type: 'binary', op: t.text as BinaryOp, left, right: add(), pos: t.pos };
    }
    return left;
  }
  function unary(): ExprNode {
    const t = peek();
    if (t.type === 'op' && t.text === '-') {
      next();
      if (++depth > MAX_DEPTH) throw new ExprError('expression is nested too deeply', t.pos);
      const arg = unary();
      depth--;
      return { type: 'unary', op: '-', arg, pos: t.pos };
    }
    return primary();
  }
  function caseExpr(pos: number): ExprNode {
    const whens: [ExprNode, ExprNode][] = [];
    while (isKw(peek(), 'WHEN')) {
      next();
      const cond = expr();
      expectKw('THEN');
      whens.push([cond, expr()]);
    }
    if (whens.length === 0) throw new ExprError('CASE needs at least one WHEN', peek().pos);
    let otherwise: ExprNode | null = null;
    if (isKw(peek(), 'ELSE')) {
      next();
      otherwise = expr();
    }
    expectKw('END');
    return { type: 'case', whens, otherwise, pos };
  }
  function primary(): ExprNode {
    const t = next();
    switch (t.type) {
      case 'num': {
        const value = Number(t.text);
        if (!Number.isFinite(value)) throw new ExprError(`number ${t.text} is out of range`, t.pos);
        return { type: 'num', value, pos: t.pos };
      }
      case 'str':
        return { type: 'str', value: t.text, pos: t.pos };
      case 'qident':
        return { type: 'col', name: t.text, quoted: true, pos: t.pos };
      case '(': {
        const e = expr();
        expect(')');
        return e;
      }
      case 'word': {
        const up = t.text.toUpperCase();
        if (up === 'NULL') return { type: 'null', pos: t.pos };
        if (up === 'CASE') return caseExpr(t.pos);
        if (KEYWORDS.has(up)) throw new ExprError(`unexpected keyword ${up}`, t.pos);
        if (peek().type !== '(') return { type: 'col', name: t.text, quoted: false, pos: t.pos };
        next();
        const args: ExprNode[] = [];
        if (peek().type !== ')') {
          args.push(expr());
          while (peek().type === ',') {
            next();
            args.push(expr());
          }
        }
        expect(')');
        return { type: 'call', name: t.text.toLowerCase(), args, pos: t.pos };
      }
      default:
        throw new ExprError(`unexpected ${describe(t)}`, t.pos);
    }
  }

  const mul = binaryLevel(
    (t) => (t.type === 'op' && (t.text === '*' || t.text === '/') ? (t.text as BinaryOp) : null),
    unary,
  );
  const add = binaryLevel(
    (t) => (t.type === 'op' && (t.text === '+' || t.text === '-') ? (t.text as BinaryOp) : null),
    mul,
  );
  const and = binaryLevel((t) => (isKw(t, 'AND') ? 'AND' : null), not);
  const or = binaryLevel((t) => (isKw(t, 'OR') ? 'OR' : null), and);

  const root = expr();
  const rest = peek();
  if (rest.type !== 'eof')
    throw new ExprError(`unexpected ${describe(rest)} after the expression`, rest.pos);
  return root;
}
