/**
 * Chunk kernels of k-prototypes, each generated for one (dn, dc, k, L) with the row's values in
 * locals and the column loops (and, for small k, the prototype loop) unrolled, about 3x faster
 * than the plain loops in mixed-plain.ts. The arithmetic is the canonical distance of
 * mixed-distance.ts, operation for operation: squares added in column order, then
 * `s + gamma * mismatches` with the mismatches an integer (counted without branches: for two
 * int32 codes, `((a ^ b) | -(a ^ b)) >>> 31` is 1 when they differ and 0 when equal).
 * Where code generation is refused (a CSP without unsafe-eval) the plain kernels are used: same
 * results, slower.
 */
import { plainKernels, type MixedKernels } from './mixed-plain';

export type { MixedKernels } from './mixed-plain';

/** Up to this many unrolled prototype terms (k * (dn + dc)) the scans unroll the prototype loop. */
const MAX_UNROLLED = 256;
const cache = new Map<string, MixedKernels>();
let codegen = true;

/** Turns generated kernels on or off (tests compare both); returns the previous setting. */
export function setMixedCodegen(on: boolean): boolean {
  const was = codegen;
  codegen = on;
  cache.clear();
  return was;
}

/** Statements loading row i's numbers into x0.. and codes into z0... */
function loadRow(dn: number, dc: number): string[] {
  const L = [`const xo = i * ${dn}, zo = i * ${dc};`];
  for (let t = 0; t < dn; t++) L.push(`const x${t} = X[xo + ${t}];`);
  for (let l = 0; l < dc; l++) L.push(`const z${l} = Z[zo + ${l}];`);
  return L;
}

/** Statements leaving in `s` the distance from the loaded row to the prototype at co / po. */
function distance(dn: number, dc: number, co: (t: number) => string, po: (l: number) => string) {
  const L: string[] = [];
  for (let t = 0; t < dn; t++) L.push(`q = x${t} - C[${co(t)}]; s ${t ? '+=' : '='} q * q;`);
  if (dn === 0) L.push('s = 0;');
  for (let l = 0; l < dc; l++)
    L.push(`e = z${l} ^ P[${po(l)}]; m ${l ? '+=' : '='} (e | -e) >>> 31;`);
  if (dc === 0) L.push('m = 0;');
  L.push('s = s + gamma * m;');
  return L;
}

const offset = (base: string) => (t: number) => (t === 0 ? base : `${base} + ${t}`);

/** Statements scanning all k prototypes: nearest in bj/best (ties: lowest), second in `second`. */
function scanAll(dn: number, dc: number, k: number): string[] {
  const L = ['best = Infinity; second = Infinity; bj = 0;'];
  const keep = (j: string) =>
    `if (s < best) { second = best; best = s; bj = ${j}; } else if (s < second) { second = s; }`;
  if (k * (dn + dc) <= MAX_UNROLLED) {
    for (let j = 0; j < k; j++) {
      L.push(
        ...distance(
          dn,
          dc,
          (t) => String(j * dn + t),
          (l) => String(j * dc + l),
        ),
        keep(`${j}`),
      );
    }
  } else {
    L.push(`for (let j = 0, co = 0, po = 0; j < ${k}; j++, co += ${dn}, po += ${dc}) {`);
    L.push(...distance(dn, dc, offset('co'), offset('po')), keep('j'), '}');
  }
  return L;
}

const LOCALS = 'let q = 0, s = 0, e = 0, m = 0, best = 0, second = 0, bj = 0;';

function scanSource(dn: number, dc: number, k: number): string {
  return [
    ...['for (let i = a; i < b; i++) {', ...loadRow(dn, dc), LOCALS, ...scanAll(dn, dc, k)],
    'const w = i - a; lab[w] = bj; best_[w] = best; second_[w] = second;',
    '}',
  ].join('\n');
}

function hamerlySource(dn: number, dc: number, k: number): string {
  return [
    'let cost = 0, changed = 0;',
    'for (let i = a; i < b; i++) {',
    ...loadRow(dn, dc),
    LOCALS,
    'const own = labels[i];',
    'const lb = (lower[i] -= own === arg1 ? m2 : m1);',
    `const co = own * ${dn}, po = own * ${dc};`,
    ...distance(dn, dc, offset('co'), offset('po')),
    'const hs = halfSep[own];',
    'if (Math.sqrt(s) < (hs > lb ? hs : lb) * safe) { cost += s; continue; }',
    ...scanAll(dn, dc, k),
    'lower[i] = Math.sqrt(second); cost += best;',
    'if (bj !== own) { labels[i] = bj; changed++; }',
    '}',
    'tally[0] += changed;',
    'return cost;',
  ].join('\n');
}

function tightenSource(dn: number, dc: number): string {
  return [
    `const co = j * ${dn}, po = j * ${dc};`,
    'for (let i = a; i < b; i++) {',
    ...loadRow(dn, dc),
    LOCALS,
    ...distance(dn, dc, offset('co'), offset('po')),
    'const c = closest[i]; const v = s < c ? s : c; closest[i] = v; cum[i] = acc += v;',
    '}',
    'return acc;',
  ].join('\n');
}

function potentialsSource(dn: number, dc: number, L: number): string {
  const out: string[] = [];
  for (let t = 0; t < L; t++) out.push(`let pot${t} = pots[${t}]; const n${t} = ${t} * n;`);
  out.push('for (let i = a; i < b; i++) {', ...loadRow(dn, dc), LOCALS, 'const c = closest[i];');
  for (let t = 0; t < L; t++) {
    out.push(
      ...distance(
        dn,
        dc,
        (u) => String(t * dn + u),
        (l) => String(t * dc + l),
      ),
    );
    out.push(`s = s < c ? s : c; near[n${t} + i] = s; pot${t} += s;`);
  }
  out.push('}');
  for (let t = 0; t < L; t++) out.push(`pots[${t}] = pot${t};`);
  return out.join('\n');
}

function accumulateSource(dn: number, dc: number): string {
  const out: string[] = [];
  for (let l = 0; l < dc; l++) out.push(`const f${l} = offset[${l}];`);
  out.push('for (let i = a; i < b; i++) {', ...loadRow(dn, dc), 'const j = labels[i];');
  out.push(`counts[j]++; const so = j * ${dn}, vo = j * width;`);
  for (let t = 0; t < dn; t++) out.push(`sums[so + ${t}] += x${t};`);
  for (let l = 0; l < dc; l++) out.push(`if (z${l} >= 0) votes[vo + f${l} + z${l}]++;`);
  out.push('}');
  return out.join('\n');
}

function compile<F>(args: string[], body: string): F {
  return new Function(...args, `'use strict';\n${body}`) as F;
}

function generate(dn: number, dc: number, k: number, L: number): MixedKernels {
  const head = ['X', 'Z', 'C', 'P', 'gamma', 'a', 'b'];
  return {
    kind: 'generated',
    scan: compile([...head, 'lab', 'best_', 'second_'], scanSource(dn, dc, k)),
    hamerly: compile(
      [...head, 'labels', 'lower', 'halfSep', 'arg1', 'm1', 'm2', 'safe', 'tally'],
      hamerlySource(dn, dc, k),
    ),
    tighten: compile([...head, 'j', 'closest', 'cum', 'acc'], tightenSource(dn, dc)),
    potentials: compile([...head, 'closest', 'pots', 'near', 'n'], potentialsSource(dn, dc, L)),
    accumulate: compile(
      ['X', 'Z', 'labels', 'a', 'b', 'sums', 'counts', 'votes', 'offset', 'width'],
      accumulateSource(dn, dc),
    ),
  };
}

/**
 * The kernels for dn numeric and dc categorical columns, k prototypes and L seeding candidates:
 * generated when possible, else the plain loops. Cached per shape.
 */
export function mixedKernels(dn: number, dc: number, k: number, L: number): MixedKernels {
  const key = `${dn},${dc},${k},${L}`;
  let f = cache.get(key);
  if (!f) {
    f = plainKernels(dn, dc, k, L);
    if (codegen) {
      try {
        f = generate(dn, dc, k, L);
      } catch {
        // No code generation here: keep the plain kernels.
      }
    }
    cache.set(key, f);
  }
  return f;
}
