/**
 * Chunk kernels of k-prototypes generated for one column shape (dn, dc): the row's values sit in
 * locals and the column loops are unrolled; full scans take two rows per pass over the
 * prototypes, so each prototype value is loaded once for both. About 3x faster than the plain
 * loops of mixed-plain.ts. The source depends on dn and dc only (k and L are arguments), so a k
 * sweep compiles and warms up one set of kernels, not one per k.
 *
 * The arithmetic is the canonical distance of mixed-distance.ts, operation for operation: squares
 * added in column order, then `s + gamma * mismatches` with the mismatches an integer, counted
 * without branches (for int32 codes, `((a ^ b) | -(a ^ b)) >>> 31` is 1 when they differ, else 0).
 * Where code generation is refused (a CSP without unsafe-eval) the plain kernels are used: same
 * results, slower.
 */
import { plainKernels, type MixedKernels } from './mixed-plain';

export type { MixedKernels } from './mixed-plain';

const cache = new Map<string, MixedKernels>();
let codegen = true;

/** Turns generated kernels on or off (tests compare both); returns the previous setting. */
export function setMixedCodegen(on: boolean): boolean {
  const was = codegen;
  codegen = on;
  cache.clear();
  return was;
}

/** Statements loading the row at xo / zo into x0.. and z0.. (names prefixed `x` and `z`). */
function loadRow(dn: number, dc: number, x = 'x', z = 'z', xo = 'xo', zo = 'zo'): string[] {
  const L: string[] = [];
  for (let t = 0; t < dn; t++) L.push(`const ${x}${t} = X[${xo} + ${t}];`);
  for (let l = 0; l < dc; l++) L.push(`const ${z}${l} = Z[${zo} + ${l}];`);
  return L;
}

/**
 * Statements leaving in `s` (and, for a second row y / w, in `u`) the distance to the prototype
 * whose values start at co / po.
 */
function distance(dn: number, dc: number, co: string, po: string, two = false): string[] {
  const L: string[] = [];
  const at = (base: string, t: number) => (t === 0 ? base : `${base} + ${t}`);
  const op = (t: number) => (t ? '+=' : '=');
  for (let t = 0; t < dn; t++) {
    L.push(`c = C[${at(co, t)}]; q = x${t} - c; s ${op(t)} q * q;`);
    if (two) L.push(`r = y${t} - c; u ${op(t)} r * r;`);
  }
  if (dn === 0) L.push(two ? 's = 0; u = 0;' : 's = 0;');
  for (let l = 0; l < dc; l++) {
    L.push(`p = P[${at(po, l)}]; e = z${l} ^ p; m ${op(l)} (e | -e) >>> 31;`);
    if (two) L.push(`e = w${l} ^ p; g ${op(l)} (e | -e) >>> 31;`);
  }
  if (dc === 0) L.push(two ? 'm = 0; g = 0;' : 'm = 0;');
  L.push('s = s + gamma * m;');
  if (two) L.push('u = u + gamma * g;');
  return L;
}

const LOCALS = 'let c = 0, p = 0, q = 0, r = 0, s = 0, u = 0, e = 0, m = 0, g = 0;';

/** `if` keeping the nearest (ties: lowest index) and second-nearest of value v in b / d / j. */
const keep = (v: string, b: string, d: string, j: string) =>
  `if (${v} < ${b}) { ${d} = ${b}; ${b} = ${v}; ${j} = j; } else if (${v} < ${d}) { ${d} = ${v}; }`;

/** Statements scanning k prototypes for one row: nearest in bj/best, second in `second`. */
function scanOne(dn: number, dc: number): string[] {
  return [
    'best = Infinity; second = Infinity; bj = 0;',
    `for (let j = 0, co = 0, po = 0; j < k; j++, co += ${dn}, po += ${dc}) {`,
    ...distance(dn, dc, 'co', 'po'),
    keep('s', 'best', 'second', 'bj'),
    '}',
  ];
}

/**
 * Opens a loop over rows [a, b) two at a time: row i in x / z, row i + 1 in y / w (a missing
 * second row, `two` false, repeats the first), and the distance locals.
 */
function pairHead(dn: number, dc: number): string[] {
  return [
    'for (let i = a; i < b; i += 2) {',
    `const two = i + 1 < b; const xo = i * ${dn}, zo = i * ${dc};`,
    `const yo = two ? xo + ${dn} : xo, wo = two ? zo + ${dc} : zo;`,
    ...loadRow(dn, dc),
    ...loadRow(dn, dc, 'y', 'w', 'yo', 'wo'),
    LOCALS,
  ];
}

/**
 * A loop over rows [a, b) two at a time (a missing second row repeats the first) that scans the
 * prototypes once for both, then runs `each` for row i (values in x / z) and, if there is one,
 * row i + 1 (values in y / w), each with `row`, `bj`, `best` and `second` set.
 */
function pairScan(dn: number, dc: number, each: (x: string, z: string) => string[]): string[] {
  return [
    ...pairHead(dn, dc),
    'let b0 = Infinity, d0 = Infinity, j0 = 0, b1 = Infinity, d1 = Infinity, j1 = 0;',
    `for (let j = 0, co = 0, po = 0; j < k; j++, co += ${dn}, po += ${dc}) {`,
    ...distance(dn, dc, 'co', 'po', true),
    keep('s', 'b0', 'd0', 'j0'),
    keep('u', 'b1', 'd1', 'j1'),
    '}',
    '{ const row = i, bj = j0, best = b0, second = d0;',
    ...each('x', 'z'),
    '}',
    'if (two) { const row = i + 1, bj = j1, best = b1, second = d1;',
    ...each('y', 'w'),
    '}',
    '}',
  ];
}

/** Statements hoisting the accumulators of `acc` into locals. */
function hoistTotals(dc: number): string[] {
  const L = ['const { sums, counts, votes, offset, width, tally } = acc;'];
  L.push('let cost = 0, changed = 0;');
  for (let l = 0; l < dc; l++) L.push(`const f${l} = offset[${l}];`);
  return L;
}

/** Statements adding the row in x / z to cluster `j`'s count, sums and votes. */
function addRow(dn: number, dc: number, j: string, x = 'x', z = 'z'): string[] {
  const L = [`counts[${j}] += 1; const so = ${j} * ${dn}, vo = ${j} * width;`];
  for (let t = 0; t < dn; t++) L.push(`sums[so + ${t}] += ${x}${t};`);
  for (let l = 0; l < dc; l++) L.push(`if (${z}${l} >= 0) votes[vo + f${l} + ${z}${l}]++;`);
  return L;
}

const FINISH = ['tally[0] += changed;', 'return cost;'];

function scanSource(dn: number, dc: number): string {
  const store = ['lab[row - a] = bj; best_[row - a] = best; second_[row - a] = second;'];
  return pairScan(dn, dc, () => store).join('\n');
}

function lloydSource(dn: number, dc: number): string {
  const each = (x: string, z: string) => [
    'if (lower !== null) lower[row] = Math.sqrt(second);',
    'cost += best;',
    'if (bj !== labels[row]) { labels[row] = bj; changed++; }',
    ...addRow(dn, dc, 'bj', x, z),
  ];
  return [...hoistTotals(dc), ...pairScan(dn, dc, each), ...FINISH].join('\n');
}

function hamerlySource(dn: number, dc: number): string {
  return [
    ...hoistTotals(dc),
    'for (let i = a; i < b; i++) {',
    `const xo = i * ${dn}, zo = i * ${dc};`,
    ...loadRow(dn, dc),
    LOCALS,
    'let best = 0, second = 0, bj = labels[i];',
    'const own = bj;',
    'const lb = (lower[i] -= own === arg1 ? m2 : m1);',
    ...distance(dn, dc, `own * ${dn}`, `own * ${dc}`),
    'const hs = halfSep[own];',
    'if (Math.sqrt(s) < (hs > lb ? hs : lb) * safe) {',
    'cost += s;',
    '} else {',
    ...scanOne(dn, dc),
    'lower[i] = Math.sqrt(second); cost += best;',
    'if (bj !== own) { labels[i] = bj; changed++; }',
    '}',
    ...addRow(dn, dc, 'bj'),
    '}',
    ...FINISH,
  ].join('\n');
}

function tightenSource(dn: number, dc: number): string {
  return [
    'for (let i = a; i < b; i++) {',
    `const xo = i * ${dn}, zo = i * ${dc};`,
    ...loadRow(dn, dc),
    LOCALS,
    ...distance(dn, dc, `j * ${dn}`, `j * ${dc}`),
    'const cl = closest[i];',
    'if (s < cl) { owner[i] = j; closest[i] = s; cum[i] = acc += s; } else { cum[i] = acc += cl; }',
    '}',
    'return acc;',
  ].join('\n');
}

function potentialsSource(dn: number, dc: number): string {
  return [
    ...pairHead(dn, dc),
    'const cl0 = closest[i], cl1 = two ? closest[i + 1] : 0;',
    `for (let t = 0, co = 0, po = 0; t < L; t++, co += ${dn}, po += ${dc}) {`,
    ...distance(dn, dc, 'co', 'po', true),
    'let pot = pots[t] + (s < cl0 ? s : cl0);',
    'if (two) pot += u < cl1 ? u : cl1;',
    'pots[t] = pot;',
    '}',
    '}',
  ].join('\n');
}

function seededSource(dn: number, dc: number): string {
  return [
    ...hoistTotals(dc),
    'for (let i = a; i < b; i++) {',
    `const xo = i * ${dn}, zo = i * ${dc};`,
    ...loadRow(dn, dc),
    'cost += closest[i];',
    'if (lower !== null) lower[i] = 0;',
    'const bj = labels[i];',
    ...addRow(dn, dc, 'bj'),
    '}',
    'return cost;',
  ].join('\n');
}

function compile<F>(args: string[], body: string): F {
  return new Function(...args, `'use strict';\n${body}`) as F;
}

function generate(dn: number, dc: number): MixedKernels {
  const head = ['X', 'Z', 'C', 'P', 'gamma', 'a', 'b'];
  return {
    kind: 'generated',
    scan: compile([...head, 'k', 'lab', 'best_', 'second_'], scanSource(dn, dc)),
    lloyd: compile([...head, 'k', 'labels', 'lower', 'acc'], lloydSource(dn, dc)),
    hamerly: compile(
      [...head, 'k', 'labels', 'lower', 'halfSep', 'arg1', 'm1', 'm2', 'safe', 'acc'],
      hamerlySource(dn, dc),
    ),
    tighten: compile([...head, 'j', 'closest', 'cum', 'owner', 'acc'], tightenSource(dn, dc)),
    potentials: compile([...head, 'L', 'closest', 'pots'], potentialsSource(dn, dc)),
    seeded: compile(
      ['X', 'Z', 'a', 'b', 'labels', 'closest', 'lower', 'acc'],
      seededSource(dn, dc),
    ),
  };
}

/**
 * The kernels for dn numeric and dc categorical columns: generated when possible, else the plain
 * loops. Cached per shape.
 */
export function mixedKernels(dn: number, dc: number): MixedKernels {
  const key = `${dn},${dc}`;
  let f = cache.get(key);
  if (!f) {
    f = plainKernels(dn, dc);
    if (codegen) {
      try {
        f = generate(dn, dc);
      } catch {
        // No code generation here: keep the plain kernels.
      }
    }
    cache.set(key, f);
  }
  return f;
}
