/**
 * One fit's WebAssembly workspace: its own memory holding a copy of the matrix, the centres
 * (splatted for the two-lane kernels), labels, bounds and the per-chunk partials, plus an
 * instance of the kernels for the matrix's d. Arrays the fit reads are views into that memory,
 * which never grows after creation, so the views stay valid. Null when WebAssembly (with SIMD) is
 * unavailable or d > WASM_MAX_D: callers keep their JavaScript kernels, which give the same bits.
 */
import { CHUNK_ROWS, type ChunkPartial } from './chunks';
import { wasmModule } from './wasm-asm';
import { hamerly, seeded } from './wasm-hamerly';
import { fullScan, potentials, tighten } from './wasm-kernels';
import { columnSums } from './wasm-stats';
import type { FeatureMatrix } from './matrix';
import { cachedModule, giveBackMemory, layout, takeMemory } from './wasm-runtime';

export { setWasmEnabled } from './wasm-runtime';

/** Widest row the wasm kernels are generated for. */
export const WASM_MAX_D = 16;

type I = number;
/** The exports of a kernel module (byte addresses as i32; see wasm-kernels.ts). */
export interface WasmKernels {
  assign(start: I, end: I, k: I, xp: I, cp: I, lp: I): number;
  lloyd(start: I, end: I, k: I, xp: I, cp: I, lp: I, sp: I, np: I, lwp: I): number;
  first(start: I, end: I, k: I, xp: I, cp: I, lp: I, sp: I, np: I, lwp: I): number;
  hamerly(...a: [I, I, I, I, I, I, I, I, I, I, I, number, number, number, I, I]): number;
  tighten(start: I, end: I, xp: I, pp: I, clp: I, cup: I, acc: number, owp: I, idx: I): number;
  seeded(start: I, end: I, xp: I, lp: I, clp: I, sp: I, np: I, lwp: I): number;
  potentials(start: I, end: I, L: I, xp: I, cdp: I, clp: I, pp: I): void;
  colSums(n: I, xp: I, mp: I, outp: I): void;
  colSquares(n: I, xp: I, mp: I, outp: I): void;
}

function moduleFor(d: number): WebAssembly.Module | null {
  if (!(d >= 1 && d <= WASM_MAX_D)) return null;
  return cachedModule(String(d), () => kernelModule(d));
}

/** Module bytes with every kernel for rows of d features. */
function kernelModule(d: number): Uint8Array<ArrayBuffer> {
  const scans = [fullScan(d, 'assign'), fullScan(d, 'lloyd'), fullScan(d, 'first')];
  const seeding = [tighten(d), potentials(d), seeded(d)];
  return wasmModule([...scans, hamerly(d), ...seeding, columnSums(d, false), columnSums(d, true)]);
}

/** Workspace for k-means on one matrix with up to k centres and L k-means++ candidates. */
export class WasmKMeans {
  /** Labels of every row (view). */
  readonly labels: Int32Array;
  /** Hamerly lower bounds; k-means++ uses the same memory for its cumulative sums (view). */
  readonly lower: Float64Array;
  /** k-means++ cumulative potential per row (same memory as `lower`). */
  readonly cum: Float64Array;
  /** k-means++ squared distance to the closest chosen centre per row (view). */
  readonly closest: Float64Array;
  /** Half-distance from each centre to its nearest other centre (view). */
  readonly halfSep: Float64Array;
  /** k-means++ candidate potentials (view). */
  readonly pots: Float64Array;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly x: WasmKernels;
  private memory: WebAssembly.Memory | null;
  private readonly at: Record<'x' | 'c' | 'cd' | 'p' | 'l' | 'lw' | 'cl' | 's' | 'n' | 'hs' | 'po' | 'st' | 'dd' | 'fl', number>; // prettier-ignore

  private constructor(
    mod: WebAssembly.Module,
    m: FeatureMatrix,
    readonly k: number,
    L: number,
  ) {
    const { n, d } = m;
    const sizes = {
      ...{ x: n * d * 4, c: k * d * 16, cd: L * d * 16, p: d * 16, l: n * 4, lw: n * 8 },
      ...{
        cl: n * 8,
        s: k * d * 8,
        n: k * 8,
        hs: k * 8,
        po: L * 8,
        st: 32 * d,
        dd: CHUNK_ROWS * 8,
        fl: CHUNK_ROWS * 4,
      },
    };
    const [at, bytes] = layout(sizes);
    const memory = takeMemory(bytes);
    this.memory = memory;
    const buf = memory.buffer;
    this.x = new WebAssembly.Instance(mod, { e: { m: memory } }).exports as unknown as WasmKernels;
    this.at = at;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    new Float32Array(buf, at.x, n * d).set(m.data);
    this.labels = new Int32Array(buf, at.l, n);
    this.lower = new Float64Array(buf, at.lw, n);
    this.cum = this.lower;
    this.closest = new Float64Array(buf, at.cl, n);
    this.sums = new Float64Array(buf, at.s, k * d);
    this.counts = new Float64Array(buf, at.n, k);
    this.halfSep = new Float64Array(buf, at.hs, k);
    this.pots = new Float64Array(buf, at.po, L);
    this.d = d;
    this.n = n;
  }

  private readonly d: number;
  private readonly n: number;

  /** A workspace for `m`, or null when the wasm path is unavailable (use the JS kernels). */
  static create(m: FeatureMatrix, k: number, L = 0): WasmKMeans | null {
    const mod = moduleFor(m.d);
    if (!mod) return null;
    try {
      return new WasmKMeans(mod, m, k, L);
    } catch {
      return null; // e.g. the memory could not be allocated
    }
  }

  /** matrix.columnStats of the matrix, bit for bit. */
  columnStats(): { mean: Float64Array; variance: Float64Array } {
    const { x, at, d, n } = this;
    const f = this.f64;
    const [mp, out] = [at.st, at.st + 16 * d];
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    x.colSums(n, at.x, mp, out);
    for (let j = 0; j < d; j++) f[mp / 8 + j] = mean[j] = n > 0 ? f[out / 8 + j] / n : 0;
    x.colSquares(n, at.x, mp, out);
    for (let j = 0; j < d; j++) variance[j] = n > 0 ? f[out / 8 + j] / n : 0;
    return { mean, variance };
  }

  /**
   * Hands the memory to the next workspace; this one and every view from it must not be used after.
   * Results that outlive the fit must be copied out first.
   */
  release(): void {
    if (this.memory) giveBackMemory(this.memory);
    this.memory = null;
  }

  /** Copies `count` rows of d values (row stride `stride`) to `at`, each value twice. */
  private splat(src: ArrayLike<number>, count: number, stride: number, at: number): void {
    const f = this.f64;
    const d = this.d;
    for (let r = 0, w = at / 8; r < count; r++) {
      for (let t = 0; t < d; t++, w += 2) f[w] = f[w + 1] = src[r * stride + t];
    }
  }

  /** Sets the k row-major centres the scans use. */
  centres(C: ArrayLike<number>): void {
    this.splat(C, this.k, this.d, this.at.c);
  }

  /** Labels rows [start, end) with their nearest centre; returns their inertia (row order). */
  assign(start: number, end: number): number {
    const { x, at } = this;
    return x.assign(start, end, this.k, at.x, at.c, at.l);
  }

  private collect(inertia: number, part: ChunkPartial): void {
    part.sums.set(this.sums);
    part.counts.set(this.counts);
    part.inertia = inertia;
    part.changed = this.i32[0];
  }

  /** Lloyd chunk (first: also Hamerly's initial lower bounds) into `part`. */
  lloyd(start: number, end: number, first: boolean, part: ChunkPartial): void {
    const { x, at } = this;
    this.sums.fill(0);
    this.counts.fill(0);
    const f = first ? x.first : x.lloyd;
    this.collect(f(start, end, this.k, at.x, at.c, at.l, at.s, at.n, at.lw), part);
  }

  /** Hamerly chunk with bounds loosened by m1 (m2 for rows of centre arg1) into `part`. */
  hamerly(
    start: number,
    end: number,
    loosen: [number, number, number],
    safe: number,
    part: ChunkPartial,
  ): void {
    const { x, at } = this;
    if (end - start > CHUNK_ROWS) throw new RangeError(`At most ${CHUNK_ROWS} rows per call.`);
    this.sums.fill(0);
    this.counts.fill(0);
    const [arg1, m1, m2] = loosen;
    const ptrs = [at.x, at.c, at.l, at.s, at.n, at.lw, at.hs] as const;
    const inertia = x.hamerly(start, end, this.k, ...ptrs, arg1, m1, m2, safe, at.dd, at.fl);
    this.collect(inertia, part);
  }

  /** Sets k-means++'s newest centre (first d values of `pt`), centre number `index`. */
  point(pt: ArrayLike<number>, index: number): void {
    this.splat(pt, 1, this.d, this.at.p);
    this.pointIndex = index;
  }

  private pointIndex = 0;

  /**
   * The k-means++ centres whose nearest-centre labels and distances `labels` and `closest` hold
   * (set by kmeansPlusPlus after tightening with every centre), else null.
   */
  seededFor: Float64Array | null = null;

  /**
   * k-means++ update over rows [start, end) (whole chunks): closest and its owner centre in
   * `labels`, cum = running sum of closest from `acc`; returns the sum.
   */
  tighten(start: number, end: number, acc: number): number {
    const { x, at } = this;
    return x.tighten(start, end, at.x, at.p, at.cl, at.lw, acc, at.l, this.pointIndex);
  }

  /** First E-step from the k-means++ results (see seededFor) into `part`; lower bounds = 0. */
  seeded(start: number, end: number, part: ChunkPartial): void {
    const { x, at } = this;
    this.sums.fill(0);
    this.counts.fill(0);
    this.collect(x.seeded(start, end, at.x, at.l, at.cl, at.s, at.n, at.lw), part);
    part.changed = end - start; // every label was unset before
  }

  /** Sets L k-means++ candidates (row stride `stride`) and zeroes their potentials. */
  candidates(cand: ArrayLike<number>, L: number, stride: number): void {
    this.splat(cand, L, stride, this.at.cd);
    this.pots.fill(0);
  }

  /** Adds rows [start, end) to the L candidates' potentials (`pots`). */
  potentials(start: number, end: number, L: number): void {
    const { x, at } = this;
    x.potentials(start, end, L, at.x, at.cd, at.cl, at.po);
  }
}
