/**
 * Hamerly's bounded E-step as a WebAssembly kernel (see wasm-kernels.ts for exactness). Three
 * passes over a chunk: (1) distance to the own centre and the bound test, two rows per v128, with
 * the rows the bounds cannot settle listed; (2) full scans of the listed rows, paired in list order
 * so a settled row never rides along with an unsettled one; (3) inertia and M-step sums in row order.
 */
import { Locals, op, seq, T, type Bytes, type WasmFunction } from './wasm-asm';
import type { Mix } from './wasm-mixed-ops';
import { accumulate, addr, distance, inc, label, lane, loadRows, pairLoop, pairOf, scan, scanOf } from './wasm-kernels'; // prettier-ignore

const { get, set, tee } = op;
const { i32: I, f64: F, v128: V } = T;

/**
 * hamerly(start, end, k, X, C, labels, sums, counts, lower, halfSep, arg1, m1, m2, safe, dist,
 * list) -> inertia; changed rows at byte 0. dist and list are scratch for end - start rows (+ 1).
 */
export function hamerly(d: number, mix?: Mix): WasmFunction {
  const params = [I, I, I, I, I, I, I, I, I, I, I, F, F, F, I, I];
  const L = new Locals(params.length);
  const [xp, cp, lp, sp, np, lwp, hsp, arg1, m1, m2, safe, ddp, flp] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]; // prettier-ignore
  const p = pairOf(L, d, 0, 1, xp);
  const S = scanOf(L, 2, cp);
  const [s0, la, lw, da, sb, ch, cnt, f, a0, a1, ab0, ab1, ok0, ok1] = Array.from({ length: 14 }, () => L.add(I)); // prettier-ignore
  const [inertia, d0, d1, lb, hs] = Array.from({ length: 5 }, () => L.add(F));
  const [dd, q] = [L.add(V), L.add(V)];
  const idx = [a0, a1]; // pass 2 reuses the label locals for row indices
  const a = [a0, a1];
  const dl = [d0, d1];
  const ok = [ok0, ok1];
  const bound = (l: number) =>
    seq(
      ...[get(lw), get(lw), op.f64Load(8 * l), get(m2), get(m1), get(a[l]), get(arg1), op.i32Eq],
      ...[op.select, op.f64Sub, tee(lb), op.f64Store(8 * l), addr(hsp, a[l], 8), op.f64Load()],
      ...[set(hs), get(dl[l]), op.f64Sqrt, get(hs), get(lb), get(hs), get(lb), op.f64Gt],
      ...[op.select, get(safe), op.f64Mul, op.f64Lt, set(ok[l])],
    );
  const keep = (l: number) =>
    seq(
      ...[get(da), get(dl[l]), op.f64Store(8 * l), get(ok[l]), op.i32Eqz, op.if, addr(flp, cnt, 4)],
      ...[get(p.i), op.i32(l), op.i32Add, op.i32Store(), inc(cnt), op.end],
    );
  const own = (t: number) => seq(get(ab1), get(ab0), op.v128Load(16 * t), op.load64Lane(16 * t, 1));
  const settle = seq(
    ...[addr(lp, p.i, 4), tee(la), op.i32Load(), tee(a0), get(la), op.i32Load(4), get(a0)],
    ...[get(p.two), op.select, set(a1), addr(cp, a0, 16 * d), set(ab0), addr(cp, a1, 16 * d)],
    ...[set(ab1), distance(d, p, own, q, dd, mix), lane(dd, 0), set(d0), lane(dd, 1), set(d1)],
    ...[addr(lwp, p.i, 8), set(lw), bound(0), op.i32(1), set(ok1), get(p.two), op.if, bound(1)],
    ...[op.end, get(ddp), get(p.i), get(s0), op.i32Sub, op.i32(8), op.i32Mul, op.i32Add, set(da)],
    ...[keep(0), get(p.two), op.if, keep(1), op.end],
  );
  const rb = 4 * d;
  const rowAt = (o: number, r: number) => seq(get(xp), get(r), op.i32(rb), op.i32Mul, op.i32Add, set(o)); // prettier-ignore
  const rescan = (l: number) =>
    seq(
      ...[addr(lwp, idx[l], 8), lane(S.q2, l), op.f64Sqrt, op.f64Store(), addr(lp, idx[l], 4)],
      ...[tee(la), op.i32Load(), label(S.bj, l), tee(sb), op.i32Ne, op.if, get(la), get(sb)],
      ...[op.i32Store(), inc(ch), op.end, get(ddp), get(idx[l]), get(s0), op.i32Sub, op.i32(8)],
      ...[op.i32Mul, op.i32Add, lane(S.b, l), op.f64Store()],
    );
  const scanListed = seq(
    ...[op.i32(0), set(f), op.block, op.loop, get(f), get(cnt), op.i32GeS, op.brIf(1)],
    ...[addr(flp, f, 4), tee(la), op.i32Load(), set(idx[0]), get(f), op.i32(1), op.i32Add],
    ...[get(cnt), op.i32LtS, tee(p.two), op.if, get(la), op.i32Load(4), set(idx[1]), op.else],
    ...[get(idx[0]), set(idx[1]), op.end, rowAt(p.o0, idx[0]), rowAt(p.o1, idx[1]), loadRows(d, p)],
    ...[scan(d, p, S, true, mix), rescan(0), get(p.two), op.if, rescan(1), op.end],
    ...[get(f), op.i32(2), op.i32Add, set(f), op.br(0), op.end, op.end],
  );
  const sumRows = seq(
    ...[get(s0), set(p.i), op.block, op.loop, get(p.i), get(p.end), op.i32GeS, op.brIf(1)],
    ...[get(inertia), get(ddp), get(p.i), get(s0), op.i32Sub, op.i32(8), op.i32Mul, op.i32Add],
    ...[op.f64Load(), op.f64Add, set(inertia), addr(lp, p.i, 4), op.i32Load(), set(a0)],
    ...[
      rowAt(p.o0, p.i),
      accumulate(d, sp, np, a0, p.o0, sb, mix),
      inc(p.i),
      op.br(0),
      op.end,
      op.end,
    ],
  );
  const body: Bytes = seq(
    ...[get(0), set(s0), op.i32(0), set(cnt), pairLoop(d, p, settle), scanListed, sumRows],
    ...[op.i32(0), get(ch), op.i32Store(), get(inertia)],
  );
  return { name: 'hamerly', params, results: [F], locals: L.types, body };
}

/**
 * seeded(start, end, X, labels, closest, sums, counts, lower) -> inertia: Lloyd's first E-step
 * when k-means++ left each row's nearest centre in labels and its squared distance in closest
 * (the same values a scan computes); lower bounds start at 0.
 */
export function seeded(d: number, mix?: Mix): WasmFunction {
  const params = [I, I, I, I, I, I, I, I];
  const L = new Locals(params.length);
  const [i, end, xp, lp, clp, sp, np, lwp] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [o, a, sb] = [L.add(I), L.add(I), L.add(I)];
  const inertia = L.add(F);
  const body = seq(
    ...[op.block, op.loop, get(i), get(end), op.i32GeS, op.brIf(1), get(inertia), addr(clp, i, 8)],
    ...[op.f64Load(), op.f64Add, set(inertia), addr(lwp, i, 8), op.f64(0), op.f64Store()],
    ...[addr(lp, i, 4), op.i32Load(), set(a), addr(xp, i, 4 * d), set(o)],
    ...[accumulate(d, sp, np, a, o, sb, mix), inc(i), op.br(0), op.end, op.end, get(inertia)],
  );
  return { name: 'seeded', params, results: [F], locals: L.types, body };
}
