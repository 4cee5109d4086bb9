/**
 * Compiles a parsed custom expression to DuckDB SQL. Names reach SQL only through ident(),
 * values only through literal(); functions come from a fixed whitelist. Inside an aggregate a
 * name is a transactions column; outside one it is a customer-table column.
 */
import { literal } from '../../sql/quote';
import { ExprError, type ExprNode } from './ast';
import { parseExpr } from './parse';

/** Scalar functions: name -> [min args, max args]. */
const SCALAR: Record<string, [number, number]> = {
  abs: [1, 1],
  ln: [1, 1],
  log10: [1, 1],
  exp: [1, 1],
  sqrt: [1, 1],
  least: [2, 16],
  greatest: [2, 16],
  coalesce: [1, 16],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  nullif: [2, 2],
};
/** Aggregates over the customer's transactions: name -> [min args, max args]. */
const AGGREGATE: Record<string, [number, number]> = {
  sum: [1, 1],
  avg: [1, 1],
  min: [1, 1],
  max: [1, 1],
  count: [0, 1],
  count_distinct: [1, 1],
  median: [1, 1],
};

/** The allowed function names, for the UI's help text. */
export const EXPR_FUNCTIONS = { scalar: Object.keys(SCALAR), aggregate: Object.keys(AGGREGATE) };

/** What the compiler needs to know about the data. */
export interface CompileContext {
  /** Columns of the transactions relation (usable inside aggregates). */
  txColumns: readonly string[];
  /** Columns of the customer table (usable outside aggregates); empty if there is none. */
  customerColumns: readonly string[];
  /** SQL for a transactions column, e.g. `t."Quantity"`. */
  txRef(column: string): string;
  /** SQL for a customer column, e.g. `c."age"`. */
  customerRef(column: string): string;
  /**
   * Registers an aggregate (e.g. `sum(t."Quantity")`) to be computed per customer and returns
   * the SQL that refers to its result in the final SELECT.
   */
  aggregate(sql: string): string;
}

function resolve(
  node: { name: string; quoted: boolean; pos: number },
  cols: readonly string[],
  where: string,
): string {
  if (cols.includes(node.name)) return node.name;
  if (!node.quoted) {
    const ci = cols.filter((c) => c.toLowerCase() === node.name.toLowerCase());
    if (ci.length === 1) return ci[0];
  }
  const hint = cols.length ? `; known: ${cols.slice(0, 12).join(', ')}` : '';
  throw new ExprError(`unknown column ${JSON.stringify(node.name)} ${where}${hint}`, node.pos);
}

/** Guards so data values cannot make DuckDB raise (log of 0, root of a negative number). */
function guarded(name: string, a: string): string {
  if (name === 'ln' || name === 'log10') return `${name}(CASE WHEN ${a} > 0 THEN ${a} END)`;
  if (name === 'sqrt') return `sqrt(CASE WHEN ${a} >= 0 THEN ${a} END)`;
  if (name === 'exp') return `exp(least(${a}, 700))`;
  return `${name}(${a})`;
}

/** Compiles an AST; `inAgg` is true inside an aggregate's argument. */
export function compileNode(node: ExprNode, ctx: CompileContext, inAgg = false): string {
  const c = (n: ExprNode): string => compileNode(n, ctx, inAgg);
  switch (node.type) {
    case 'num':
      return literal(node.value);
    case 'str':
      return literal(node.value);
    case 'null':
      return 'NULL';
    case 'col':
      if (inAgg) return ctx.txRef(resolve(node, ctx.txColumns, 'in the transactions'));
      {
        const lower = node.name.toLowerCase();
        const inCustomers = ctx.customerColumns.some((x) => x.toLowerCase() === lower);
        if (!inCustomers && ctx.txColumns.some((x) => x.toLowerCase() === lower)) {
          throw new ExprError(
            `column ${JSON.stringify(node.name)} must be inside an aggregate such as sum(${node.name})`,
            node.pos,
          );
        }
      }
      return ctx.customerRef(resolve(node, ctx.customerColumns, 'in the customer table'));
    case 'unary':
      return node.op === '-' ? `(- ${c(node.arg)})` : `(NOT ${c(node.arg)})`;
    case 'binary':
      return `(${c(node.left)} ${node.op} ${c(node.right)})`;
    case 'case': {
      const whens = node.whens.map(([w, t]) => ` WHEN ${c(w)} THEN ${c(t)}`).join('');
      const other = node.otherwise ? ` ELSE ${c(node.otherwise)}` : '';
      return `(CASE${whens}${other} END)`;
    }
    case 'call': {
      const agg = AGGREGATE[node.name];
      const arity = agg ?? SCALAR[node.name];
      if (!arity) {
        throw new ExprError(
          `unknown function ${node.name}(); allowed: ${[...Object.keys(SCALAR), ...Object.keys(AGGREGATE)].join(', ')}`,
          node.pos,
        );
      }
      const [lo, hi] = arity;
      if (node.args.length < lo || node.args.length > hi) {
        const want = lo === hi ? `${lo}` : `${lo} to ${hi}`;
        throw new ExprError(
          `${node.name}() takes ${want} argument(s), got ${node.args.length}`,
          node.pos,
        );
      }
      if (!agg) {
        const args = node.args.map(c);
        return node.args.length === 1
          ? guarded(node.name, args[0])
          : `${node.name}(${args.join(', ')})`;
      }
      if (inAgg)
        throw new ExprError(
          `aggregate ${node.name}() cannot be nested in another aggregate`,
          node.pos,
        );
      const args = node.args.map((a) => compileNode(a, ctx, true));
      let sql: string;
      if (node.name === 'count_distinct') sql = `count(DISTINCT ${args[0]})`;
      else if (node.name === 'count') sql = args.length ? `count(${args[0]})` : 'count(*)';
      else sql = `${node.name}(${args[0]})`;
      return ctx.aggregate(sql);
    }
  }
}

/** Parses and compiles `src`; the result is cast to DOUBLE. Throws ExprError on bad input. */
export function compileExpr(src: string, ctx: CompileContext): string {
  return `CAST(${compileNode(parseExpr(src), ctx)} AS DOUBLE)`;
}
