/**
 * WebAssembly k-means kernels generated for one feature count d (1..16). Two rows go through the
 * two f64 lanes of a v128, so each row's squared distance is (x_0 - c_0)^2 + (x_1 - c_1)^2 + ...
 * added in t order with the Float32 value widened first: the same operations, in the same order,
 * as the JavaScript kernels (wasm has no implicit fused multiply-add), hence identical bits.
 * Centres are stored with every value duplicated ("splatted", 16 bytes) so one load feeds both lanes.
 */
import { Locals, op, seq, T, type Bytes, type WasmFunction } from './wasm-asm';
import { addVotes, mismatchTerm, type Mix } from './wasm-mixed-ops';

const { get, set, tee } = op;
const { i32: I, f64: F, v128: V } = T;

/** Locals of the two-row loop: row index, bound, row addresses, and the widened row values. */
export interface Pair {
  i: number;
  end: number;
  xp: number;
  o0: number;
  o1: number;
  two: number;
  x: number[];
}

export function pairOf(L: Locals, d: number, i: number, end: number, xp: number): Pair {
  const [o0, o1, two] = [L.add(I), L.add(I), L.add(I)];
  return { i, end, xp, o0, o1, two, x: Array.from({ length: d }, () => L.add(V)) };
}

/** Loops i over [start, end) two rows at a time; a missing second row repeats the first. */
/** Loads rows at byte addresses o0 and o1 (widened to f64) into the x locals, lane 0 and 1. */
export function loadRows(d: number, p: Pair): Bytes {
  const out: Bytes = [];
  for (let t = 0; t < d; t++) {
    out.push(...seq(get(p.o0), op.f32Load(4 * t), op.f64FromF32, op.f64x2Splat));
    out.push(...seq(get(p.o1), op.f32Load(4 * t), op.f64FromF32, op.f64x2SetLane(1), set(p.x[t])));
  }
  return out;
}

/** Loops i over [start, end) two rows at a time (loaded first); a missing second row repeats the first. */
export function pairLoop(d: number, p: Pair, body: Bytes): Bytes {
  const rb = 4 * d;
  const head = seq(
    ...[get(p.i), op.i32(1), op.i32Add, get(p.end), op.i32LtS, set(p.two)],
    ...[get(p.xp), get(p.i), op.i32(rb), op.i32Mul, op.i32Add, tee(p.o0)],
    ...[op.i32(rb), op.i32Add, get(p.o0), get(p.two), op.select, set(p.o1), loadRows(d, p)],
  );
  return seq(
    ...[op.block, op.loop, get(p.i), get(p.end), op.i32GeS, op.brIf(1)],
    ...[head, body, get(p.i), op.i32(2), op.i32Add, set(p.i), op.br(0), op.end, op.end],
  );
}

/**
 * s = sum over t of (x_t - c_t)^2 in t order; cload(t) pushes the centre pair for feature t. With
 * `mix`, the k-prototypes distance: the squares of the dn numbers, plus gamma times mismatches.
 */
export function distance(
  d: number,
  p: Pair,
  cload: (t: number) => Bytes,
  q: number,
  s: number,
  mix?: Mix,
): Bytes {
  const dn = mix ? mix.dn : d;
  if (dn === 0) return seq(op.f64(0), op.f64x2Splat, set(s), mismatchTerm(mix as Mix, p.x, cload, s)); // prettier-ignore
  const out = seq(get(p.x[0]), cload(0), op.f64x2Sub, tee(q), get(q), op.f64x2Mul, set(s));
  for (let t = 1; t < dn; t++) {
    out.push(...seq(get(s), get(p.x[t]), cload(t), op.f64x2Sub, tee(q), get(q), op.f64x2Mul));
    out.push(...seq(op.f64x2Add, set(s)));
  }
  return mix ? seq(out, mismatchTerm(mix, p.x, cload, s)) : out;
}

/** Locals of a scan over all k centres: best b, second q2, argmin bj (as f64 lanes). */
export interface Scan {
  k: number;
  cp: number;
  j: number;
  co: number;
  s: number;
  q: number;
  m: number;
  b: number;
  q2: number;
  bj: number;
  jv: number;
  one: number;
}

export function scanOf(L: Locals, k: number, cp: number): Scan {
  const [j, co] = [L.add(I), L.add(I)];
  const [s, q, m, b, q2, bj, jv, one] = Array.from({ length: 8 }, () => L.add(V));
  return { k, cp, j, co, s, q, m, b, q2, bj, jv, one };
}

/** Nearest (ties -> lowest index) and, if `second`, second-nearest squared distance per lane. */
export function scan(d: number, p: Pair, S: Scan, second: boolean, mix?: Mix): Bytes {
  const splat = (v: number, ...to: number[]) => seq(op.f64(v), op.f64x2Splat, ...to.map(set));
  const body = seq(
    distance(d, p, (t) => seq(get(S.co), op.v128Load(16 * t)), S.q, S.s, mix),
    ...[get(S.s), get(S.b), op.f64x2Lt, set(S.m)],
    // pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: single min/max instructions
    // that pick the same values as the strict-< selects (distances are never NaN or -0).
    second ? seq(get(S.q2), get(S.b), get(S.s), op.f64x2PMax, op.f64x2PMin, set(S.q2)) : [],
    ...[get(S.b), get(S.s), op.f64x2PMin, set(S.b)],
    ...[get(S.jv), get(S.bj), get(S.m), op.bitselect, set(S.bj)],
    ...[get(S.jv), get(S.one), op.f64x2Add, set(S.jv)],
    ...[get(S.co), op.i32(16 * d), op.i32Add, set(S.co), get(S.j), op.i32(1), op.i32Add, set(S.j)],
  );
  return seq(
    ...[splat(Infinity), tee(S.b), set(S.q2), splat(0), tee(S.bj), set(S.jv), splat(1, S.one)],
    ...[get(S.cp), set(S.co), op.i32(0), set(S.j)],
    ...[
      op.block,
      op.loop,
      get(S.j),
      get(S.k),
      op.i32GeS,
      op.brIf(1),
      body,
      op.br(0),
      op.end,
      op.end,
    ],
  );
}

export const lane = (v: number, l: number) => seq(get(v), op.f64x2Lane(l));
export const label = (bj: number, l: number) => seq(lane(bj, l), op.i32TruncF64);
export const addr = (base: number, i: number, size: number) => seq(get(base), get(i), op.i32(size), op.i32Mul, op.i32Add); // prettier-ignore
export const inc = (v: number) => seq(get(v), op.i32(1), op.i32Add, set(v));

/**
 * counts[a] += 1 and sums[a * d + t] += x_t (row at byte address o), t in order. With `mix`, the
 * sums cover the dn numbers (stride dn) and the codes vote (addVotes).
 */
export function accumulate(
  d: number,
  sp: number,
  np: number,
  a: number,
  o: number,
  sb: number,
  mix?: Mix,
): Bytes {
  const w = mix ? mix.dn : d;
  const out = seq(
    addr(np, a, 8),
    tee(sb),
    get(sb),
    op.f64Load(),
    op.f64(1),
    op.f64Add,
    op.f64Store(),
  );
  out.push(...seq(addr(sp, a, 8 * w), set(sb)));
  // Two features per f64x2: each sum still gets the same additions in row order.
  for (let t = 0; t + 1 < w; t += 2) {
    out.push(...seq(get(sb), get(sb), op.v128Load(8 * t), get(o), op.load64Zero(4 * t)));
    out.push(...seq(op.f64x2FromF32x4Low, op.f64x2Add, op.v128Store(8 * t)));
  }
  if (w % 2) {
    const t = w - 1;
    out.push(...seq(get(sb), get(sb), op.f64Load(8 * t), get(o), op.f32Load(4 * t), op.f64FromF32));
    out.push(...seq(op.f64Add, op.f64Store(8 * t)));
  }
  return mix ? seq(out, addVotes(mix, a, o, sb)) : out;
}

/**
 * assign(start, end, k, X, C, labels) -> inertia, or with sums:
 * lloyd(..., sums, counts[, lower]) -> inertia, changed rows at byte 0, lower = sqrt(second).
 */
export function fullScan(d: number, mode: 'assign' | 'lloyd' | 'first', mix?: Mix): WasmFunction {
  const params = mode === 'assign' ? [I, I, I, I, I, I] : [I, I, I, I, I, I, I, I, I];
  const L = new Locals(params.length);
  const [lp, sp, np, lwp] = [5, 6, 7, 8];
  const p = pairOf(L, d, 0, 1, 3);
  const S = scanOf(L, 2, 4);
  const [la, a, sb, ch, inertia] = [L.add(I), L.add(I), L.add(I), L.add(I), L.add(F)];
  const body = seq(addr(lp, p.i, 4), set(la), scan(d, p, S, mode === 'first', mix));
  for (const l of [0, 1]) {
    const o = l === 0 ? p.o0 : p.o1;
    let rowCode: Bytes;
    if (mode === 'assign') rowCode = seq(get(la), label(S.bj, l), op.i32Store(4 * l));
    else {
      rowCode = seq(label(S.bj, l), set(a));
      if (mode === 'first') {
        rowCode.push(...seq(addr(lwp, p.i, 8), lane(S.q2, l), op.f64Sqrt, op.f64Store(8 * l)));
      }
      rowCode.push(...seq(get(la), op.i32Load(4 * l), get(a), op.i32Ne, op.if));
      rowCode.push(...seq(get(la), get(a), op.i32Store(4 * l), inc(ch), op.end));
      rowCode.push(...accumulate(d, sp, np, a, o, sb, mix));
    }
    rowCode.push(...seq(get(inertia), lane(S.b, l), op.f64Add, set(inertia)));
    body.push(...(l === 0 ? rowCode : seq(get(p.two), op.if, rowCode, op.end)));
  }
  const tail = mode === 'assign' ? [] : seq(op.i32(0), get(ch), op.i32Store());
  return { name: mode, params, results: [F], locals: L.types, body: seq(pairLoop(d, p, body), tail, get(inertia)) }; // prettier-ignore
}

/** tighten(start, end, X, point, closest, cum, acc) -> acc: k-means++'s closest/cumulative pass. */
export function tighten(d: number, mix?: Mix): WasmFunction {
  const params = [I, I, I, I, I, I, F, I, I];
  const L = new Locals(params.length);
  const [pp, clp, cup, acc, owp, idx] = [3, 4, 5, 6, 7, 8];
  const p = pairOf(L, d, 0, 1, 2);
  const [cl, cu, ow] = [L.add(I), L.add(I), L.add(I)];
  const [q, s, v, old] = [L.add(V), L.add(V), L.add(V), L.add(V)];
  // owner = index where the point is strictly closer: the lowest-index nearest centre, as a scan.
  const owner = (l: number) =>
    seq(get(ow), get(idx), get(ow), op.i32Load(4 * l), lane(s, l), lane(old, l), op.f64Lt, op.select, op.i32Store(4 * l)); // prettier-ignore
  // closest = pmin(closest, s) = s < closest ? s : closest; a missing second row adds +0 to
  // acc (>= +0), no change, and its cum slot is rewritten by the next range or is padding.
  const body = seq(
    distance(d, p, (t) => seq(get(pp), op.v128Load(16 * t)), q, s, mix),
    ...[addr(clp, p.i, 8), tee(cl), op.v128Load(), tee(old), get(s), op.f64x2PMin, set(v)],
    ...[addr(owp, p.i, 4), set(ow), owner(0), get(p.two), op.if, get(cl), get(v), op.v128Store()],
    ...[owner(1), op.else, get(cl), lane(v, 0), op.f64Store(), op.end],
    ...[addr(cup, p.i, 8), tee(cu), get(acc), lane(v, 0), op.f64Add, tee(acc)],
    ...[op.f64Store(), get(cu), get(acc), lane(v, 1), op.f64(0), get(p.two), op.select],
    ...[op.f64Add, tee(acc), op.f64Store(8)],
  );
  return { name: 'tighten', params, results: [F], locals: L.types, body: seq(pairLoop(d, p, body), get(acc)) }; // prettier-ignore
}

/** potentials(start, end, L, X, cands, closest, pots): pots[c] += min(closest, dist to cand c). */
export function potentials(d: number, mix?: Mix): WasmFunction {
  const params = [I, I, I, I, I, I, I];
  const L = new Locals(params.length);
  const [nc, cdp, clp, pp] = [2, 4, 5, 6];
  const p = pairOf(L, d, 0, 1, 3);
  const [c, co, pa] = [L.add(I), L.add(I), L.add(I)];
  const [q, s, v, cl] = [L.add(V), L.add(V), L.add(V), L.add(V)];
  const inner = seq(
    distance(d, p, (t) => seq(get(co), op.v128Load(16 * t)), q, s, mix),
    // pmin(cl, s) = s < cl ? s : cl; a missing second row adds +0, which leaves a pot (>= +0) as is.
    ...[get(cl), get(s), op.f64x2PMin, set(v), get(pa), get(pa), op.f64Load(), lane(v, 0)],
    ...[op.f64Add, lane(v, 1), op.f64(0), get(p.two), op.select, op.f64Add, op.f64Store()],
    ...[
      get(co),
      op.i32(16 * d),
      op.i32Add,
      set(co),
      get(pa),
      op.i32(8),
      op.i32Add,
      set(pa),
      inc(c),
    ],
  );
  const body = seq(
    ...[addr(clp, p.i, 8), op.v128Load(), set(cl), op.i32(0), set(c), get(cdp), set(co), get(pp)],
    ...[set(pa), op.block, op.loop, get(c), get(nc), op.i32GeS, op.brIf(1), inner, op.br(0)],
    ...[op.end, op.end],
  );
  return { name: 'potentials', params, results: [], locals: L.types, body: pairLoop(d, p, body) };
}
