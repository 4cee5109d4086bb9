/**
 * The k-prototypes parts of the WebAssembly kernels (see wasm-kernels.ts). A mixed row is stored
 * as dn + dc Float32 values, the numbers then the category codes (exact as floats; -1 = missing),
 * and a prototype as dn + dc splatted Float64 values, so the kernels load both kinds alike. The
 * distance adds to the numeric sum `gamma * m`, m the count of codes that differ, built as a sum
 * of 1.0 and 0.0 (an exact small integer): the same operations as the JavaScript kernels.
 */
import { op, seq, type Bytes } from './wasm-asm';

const { get, set, tee } = op;

/** Numeric and categorical column counts of a mixed kernel. */
export interface Mix {
  dn: number;
  dc: number;
}

/** Header bytes the mixed kernels read (below the first array, at byte 64). */
export const MIX_HEADER = {
  /** gamma in both f64 lanes. */
  gamma: 16,
  /** i32: byte address of the votes (i32, cluster-major). */
  votes: 32,
  /** i32: votes per cluster (the sum of the level counts). */
  width: 36,
  /** i32: byte address of each categorical column's first vote slot in a cluster (i32 each). */
  offsets: 40,
} as const;

/**
 * With the numeric sum in `s` (both lanes), sets s = s + gamma * m for the rows in x (lanes),
 * m the number of codes x[dn + l] that differ from the prototype's (cload(dn + l)).
 */
export function mismatchTerm(mix: Mix, x: number[], cload: (t: number) => Bytes, s: number) {
  const { dn, dc } = mix;
  const out = seq(get(s), op.i32(0), op.v128Load(MIX_HEADER.gamma));
  if (dc === 0) out.push(...seq(op.f64(0), op.f64x2Splat));
  for (let l = 0; l < dc; l++) {
    out.push(...seq(get(x[dn + l]), cload(dn + l), op.f64x2Ne, op.f64(1), op.f64x2Splat));
    out.push(...seq(op.v128And, ...(l > 0 ? [op.f64x2Add] : [])));
  }
  return seq(out, op.f64x2Mul, op.f64x2Add, set(s));
}

/** votes[a * width + offset[l] + code]++ for each non-missing code of the row at byte address o. */
export function addVotes(mix: Mix, a: number, o: number, scratch: number): Bytes {
  const { dn, dc } = mix;
  const header = (at: number) => seq(op.i32(0), op.i32Load(at));
  const out: Bytes = [];
  for (let l = 0; l < dc; l++) {
    out.push(...seq(get(o), op.f32Load(4 * (dn + l)), op.f64FromF32, op.i32TruncF64, tee(scratch)));
    out.push(...seq(op.i32(0), op.i32GeS, op.if, header(MIX_HEADER.votes), get(a)));
    out.push(...seq(header(MIX_HEADER.width), op.i32Mul, header(MIX_HEADER.offsets)));
    out.push(...seq(op.i32Load(4 * l), op.i32Add, get(scratch), op.i32Add, op.i32(4), op.i32Mul));
    out.push(...seq(op.i32Add, tee(scratch), get(scratch), op.i32Load(), op.i32(1), op.i32Add));
    out.push(...seq(op.i32Store(), op.end));
  }
  return out;
}
