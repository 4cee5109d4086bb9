/**
 * Compiles a parsed custom expression to SQL in a dialect. Names reach SQL only through ident(),
 * values only through literal() and the dialect's number printer; functions come from a fixed
 * whitelist. Inside an aggregate a name is a transactions column; outside one it is a
 * customer-table column. The meaning is the same in every dialect: `/` divides doubles, `sum` and
 * `avg` add values rounded to MONEY_SCALE decimals exactly (so no engine's order of addition
 * shows), and `round` rounds halves away from zero.
 */
import type { Dialect } from '../../sql/dialect';
import { duckdb } from '../../sql/dialects/duckdb';
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
  /** The dialect to write; DuckDB when absent. */
  dialect?: Dialect;
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

/** Guards so data values cannot make the database raise (log of 0, root of a negative number). */
function guarded(name: string, a: string, d: Dialect): string {
  const x = d.cast(a, 'DOUBLE');
  if (name === 'ln' || name === 'log10') return `${name}(CASE WHEN ${x} > 0 THEN ${x} END)`;
  if (name === 'sqrt') return `sqrt(CASE WHEN ${x} >= 0 THEN ${x} END)`;
  if (name === 'exp') return `exp(least(${x}, ${d.num(700)}))`;
  if (name === 'round') return roundSql(x, 0, d);
  return `${name}(${a})`;
}

/** `x` rounded to `places` decimals, halves away from zero, with the same double arithmetic everywhere. */
function roundSql(x: string, places: number, d: Dialect): string {
  const scale = d.num(10 ** places);
  return `(sign(${x}) * floor(abs(${x}) * ${scale} + ${d.num(0.5)}) / ${scale})`;
}

const BOOLEAN_OPS = new Set(['=', '<>', '<', '<=', '>', '>=', 'AND', 'OR']);

/** True for a node whose value is true/false rather than a number. */
function isBoolean(node: ExprNode): boolean {
  return (
    (node.type === 'binary' && BOOLEAN_OPS.has(node.op)) ||
    (node.type === 'unary' && node.op === 'NOT')
  );
}

/** Compiles an AST; `inAgg` is true inside an aggregate's argument. */
export function compileNode(node: ExprNode, ctx: CompileContext, inAgg = false): string {
  const c = (n: ExprNode): string => compileNode(n, ctx, inAgg);
  const d = ctx.dialect ?? duckdb;
  switch (node.type) {
    case 'num':
      return d.num(node.value);
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
      if (node.op === '/') return `(${d.cast(c(node.left), 'DOUBLE')} / ${c(node.right)})`;
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
        if (node.name === 'round' && node.args.length === 2) {
          const places = node.args[1];
          if (
            places.type !== 'num' ||
            !Number.isInteger(places.value) ||
            Math.abs(places.value) > 12
          )
            throw new ExprError(
              "round()'s second argument must be a whole number of places, e.g. round(x, 2)",
              places.pos,
            );
          return roundSql(d.cast(args[0], 'DOUBLE'), places.value, d);
        }
        return node.args.length === 1
          ? guarded(node.name, args[0], d)
          : `${node.name}(${args.join(', ')})`;
      }
      if (inAgg)
        throw new ExprError(
          `aggregate ${node.name}() cannot be nested in another aggregate`,
          node.pos,
        );
      const args = node.args.map((a) => compileNode(a, ctx, true));
      // The context appends a FILTER to what it registers: only bare aggregate calls go in.
      const registered = (sql: string): string => d.cast(ctx.aggregate(sql), 'DOUBLE');
      switch (node.name) {
        case 'count_distinct':
          return ctx.aggregate(`count(DISTINCT ${args[0]})`);
        case 'count':
          return ctx.aggregate(args.length ? `count(${args[0]})` : 'count(*)');
        case 'sum':
          return registered(`sum(${d.money(args[0])})`);
        case 'avg':
          return `(${registered(`sum(${d.money(args[0])})`)} / nullif(${registered(`count(${args[0]})`)}, 0))`;
        case 'median':
          return ctx.aggregate(d.median(d.cast(args[0], 'DOUBLE')));
        default:
          return ctx.aggregate(`${node.name}(${args[0]})`);
      }
    }
  }
}

/**
 * Parses and compiles `src`; the result is a DOUBLE (a true/false expression is 1 or 0). Throws
 * ExprError on bad input.
 */
export function compileExpr(src: string, ctx: CompileContext): string {
  const d = ctx.dialect ?? duckdb;
  const node = parseExpr(src);
  const sql = compileNode(node, ctx);
  return isBoolean(node)
    ? d.cast(`CASE WHEN ${sql} THEN 1 WHEN NOT ${sql} THEN 0 END`, 'DOUBLE')
    : d.cast(sql, 'DOUBLE');
}
