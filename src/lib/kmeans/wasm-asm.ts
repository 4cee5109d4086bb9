/**
 * A tiny WebAssembly binary emitter: just the instructions the k-means kernels use, and a module
 * writer with one imported memory (`e.m`) and exported functions. No dependencies, no text format.
 */

/** Encoded bytes of one or more instructions. */
export type Bytes = number[];
type Part = number | Bytes;

/** Concatenates bytes and byte arrays. */
export function seq(...parts: Part[]): Bytes {
  const out: Bytes = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else for (const b of p) out.push(b);
  }
  return out;
}

function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Value types. */
export const T = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;

const simd = (code: number, ...imm: Part[]) => seq(0xfd, uleb(code), ...imm);
const f64Bytes = (v: number) => [...new Uint8Array(Float64Array.of(v).buffer)];

/** Instruction encoders (memory offsets are byte immediates). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  select: [0x1b],
  get: (i: number) => seq(0x20, uleb(i)),
  set: (i: number) => seq(0x21, uleb(i)),
  tee: (i: number) => seq(0x22, uleb(i)),
  i32Load: (off = 0) => seq(0x28, 2, uleb(off)),
  f32Load: (off = 0) => seq(0x2a, 2, uleb(off)),
  f64Load: (off = 0) => seq(0x2b, 3, uleb(off)),
  i32Store: (off = 0) => seq(0x36, 2, uleb(off)),
  f64Store: (off = 0) => seq(0x39, 3, uleb(off)),
  i32: (v: number) => seq(0x41, sleb(v)),
  f64: (v: number) => seq(0x44, f64Bytes(v)),
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32GeS: [0x4e],
  f64Lt: [0x63],
  f64Gt: [0x64],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  f64Sqrt: [0x9f],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  i32TruncF64: [0xaa],
  f64FromI32: [0xb7],
  f64FromF32: [0xbb],
  v128Load: (off = 0) => simd(0x00, 4, uleb(off)),
  v128Store: (off = 0) => simd(0x0b, 4, uleb(off)),
  f64x2Splat: simd(0x14),
  f64x2Lane: (lane: number) => simd(0x21, lane),
  f64x2SetLane: (lane: number) => simd(0x22, lane),
  f64x2Ne: simd(0x48),
  f64x2Lt: simd(0x49),
  v128And: simd(0x4e),
  bitselect: simd(0x52),
  load64Lane: (off: number, lane: number) => simd(0x57, 3, uleb(off), lane),
  load64Zero: (off: number) => simd(0x5d, 3, uleb(off)),
  f64x2FromF32x4Low: simd(0x5f),
  f64x2PMin: simd(0xf6),
  f64x2PMax: simd(0xf7),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
};

/** One exported function: parameter, result and local types, and its body (without `end`). */
export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  locals: number[];
  body: Bytes;
}

/** Allocates locals after the parameters and records their types. */
export class Locals {
  readonly types: number[] = [];
  constructor(private readonly nParams: number) {}
  /** A new local of type `t`; returns its index. */
  add(t: number): number {
    this.types.push(t);
    return this.nParams + this.types.length - 1;
  }
}

const vec = (items: Bytes[]) => seq(uleb(items.length), ...items);
const section = (id: number, content: Bytes) => seq(id, uleb(content.length), content);
const name = (s: string) =>
  seq(
    uleb(s.length),
    [...s].map((c) => c.charCodeAt(0)),
  );

/** The binary of a module importing memory `e.m` and exporting `fns` by name. */
export function wasmModule(fns: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = vec(
    fns.map((f) => seq(0x60, vec(f.params.map((p) => [p])), vec(f.results.map((r) => [r])))),
  );
  const imports = vec([seq(name('e'), name('m'), 0x02, 0x00, uleb(1))]);
  const funcs = vec(fns.map((_, i) => uleb(i)));
  const exports = vec(fns.map((f, i) => seq(name(f.name), 0x00, uleb(i))));
  const code = vec(
    fns.map((f) => {
      const body = seq(vec(f.locals.map((t) => [1, t])), f.body, 0x0b);
      return seq(uleb(body.length), body);
    }),
  );
  const header = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  return Uint8Array.from(
    seq(
      header,
      section(1, types),
      section(2, imports),
      section(3, funcs),
      section(7, exports),
      section(10, code),
    ),
  );
}
