/**
 * WebAssembly column sums for matrix.columnStats: columns go in pairs through the two f64 lanes,
 * so every column's sum gets the same additions in row order as the JavaScript loops (same bits).
 */
import { Locals, op, seq, T, type Bytes, type WasmFunction } from './wasm-asm';

const { get, set, tee } = op;
const { i32: I, v128: V } = T;

/**
 * colSums(n, X, mean, out) over rows of d features: out[j] = sum over rows of x_j (mean = 0), or
 * with `squares` sum of (x_j - mean[j])^2. Writes ceil(d / 2) * 2 values; the last odd lane reads
 * one value past the row and is ignored.
 */
export function columnSums(d: number, squares: boolean): WasmFunction {
  const params = [I, I, I, I];
  const L = new Locals(params.length);
  const [n, xp, mp, outp] = [0, 1, 2, 3];
  const pairs = Math.ceil(d / 2);
  const [i, o] = [L.add(I), L.add(I)];
  const acc = Array.from({ length: pairs }, () => L.add(V));
  const mean = Array.from({ length: pairs }, () => L.add(V));
  const q = L.add(V);
  const init: Bytes = [];
  const row: Bytes = [];
  const done: Bytes = [];
  for (let u = 0; u < pairs; u++) {
    init.push(...seq(op.f64(0), op.f64x2Splat, set(acc[u]), get(mp), op.v128Load(16 * u), set(mean[u]))); // prettier-ignore
    const x = seq(get(o), op.load64Zero(8 * u), op.f64x2FromF32x4Low);
    row.push(...seq(get(acc[u]), x));
    if (squares) row.push(...seq(get(mean[u]), op.f64x2Sub, tee(q), get(q), op.f64x2Mul));
    row.push(...seq(op.f64x2Add, set(acc[u])));
    done.push(...seq(get(outp), get(acc[u]), op.v128Store(16 * u)));
  }
  const body = seq(
    ...[init, op.i32(0), set(i), get(xp), set(o), op.block, op.loop, get(i), get(n), op.i32GeS],
    ...[op.brIf(1), row, get(o), op.i32(4 * d), op.i32Add, set(o), get(i), op.i32(1), op.i32Add],
    ...[set(i), op.br(0), op.end, op.end, done],
  );
  return { name: squares ? 'colSquares' : 'colSums', params, results: [], locals: L.types, body };
}
