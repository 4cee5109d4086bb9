/** The AST of custom feature expressions, and the error they raise. */
import { FeatureError } from '../errors';

/** Binary operators, upper-cased for AND/OR. */
export type BinaryOp = '+' | '-' | '*' | '/' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** A node of the expression tree; `pos` is the 0-based character offset in the source text. */
export type ExprNode =
  | { type: 'num'; value: number; pos: number }
  | { type: 'str'; value: string; pos: number }
  | { type: 'null'; pos: number }
  | { type: 'col'; name: string; quoted: boolean; pos: number }
  | { type: 'unary'; op: '-' | 'NOT'; arg: ExprNode; pos: number }
  | { type: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode; pos: number }
  | { type: 'call'; name: string; args: ExprNode[]; pos: number }
  | { type: 'case'; whens: [ExprNode, ExprNode][]; otherwise: ExprNode | null; pos: number };

/** A syntax or validation error in a custom expression, with its position. */
export class ExprError extends FeatureError {
  /** 0-based character offset of the problem in the expression. */
  readonly pos: number;

  /** Creates an error; the message gets " at position N" appended. */
  constructor(message: string, pos: number) {
    super(`${message} at position ${pos}`);
    this.name = 'ExprError';
    this.pos = pos;
  }
}
