/**
 * One k-prototypes fit's WebAssembly workspace, the mixed twin of WasmKMeans (wasm.ts): its own
 * memory with the matrix (each row as dn + dc Float32 values: numbers, then codes), the splatted
 * prototypes, labels, bounds, seeding arrays and the iteration's totals, and an instance of the
 * k-means kernels built with the mixed distance (wasm-mixed-ops.ts). Totals are not reset per
 * chunk: they add up over a whole pass in row order, as the JavaScript kernels add them, so both
 * paths give the same bits. Null when WebAssembly (with SIMD) is unavailable or dn + dc > 16.
 */
import { CHUNK_ROWS } from './chunks';
import type { Accumulators } from './mixed-plain';
import type { MixedMatrix } from './mixed';
import { WASM_MAX_D, type WasmKernels } from './wasm';
import { wasmModule } from './wasm-asm';
import { hamerly, seeded } from './wasm-hamerly';
import { fullScan, potentials, tighten } from './wasm-kernels';
import { MIX_HEADER, type Mix } from './wasm-mixed-ops';
import { cachedModule, giveBackMemory, layout, takeMemory } from './wasm-runtime';

/** Module bytes with every kernel for rows of dn numbers and dc codes. */
function mixedModule(mix: Mix): Uint8Array<ArrayBuffer> {
  const d = mix.dn + mix.dc;
  const scans = (['assign', 'lloyd', 'first'] as const).map((mode) => fullScan(d, mode, mix));
  const seeding = [tighten(d, mix), potentials(d, mix), seeded(d, mix)];
  return wasmModule([...scans, hamerly(d, mix), ...seeding]);
}

type Slots =
  'x' | 'c' | 'cd' | 'p' | 'l' | 'lw' | 'cl' | 's' | 'n' | 'v' | 'off' | 'hs' | 'po' | 'dd' | 'fl';

/** Workspace for k-prototypes on one matrix with k prototypes and L seeding candidates. */
export class WasmPrototypes {
  /** Labels of every row (view). */
  readonly labels: Int32Array;
  /** Hamerly lower bounds; seeding uses the same memory for its cumulative sums (view). */
  readonly lower: Float64Array;
  /** Distance to the closest chosen prototype while seeding (view). */
  readonly closest: Float64Array;
  /** Half-distance from each prototype to its nearest other one (view). */
  readonly halfSep: Float64Array;
  /** Seeding candidates' potentials (view). */
  readonly pots: Float64Array;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly votes: Int32Array;
  private readonly x: WasmKernels;
  private readonly at: Record<Slots, number>;
  private memory: WebAssembly.Memory | null;
  private pointIndex = 0;

  private constructor(
    mod: WebAssembly.Module,
    private readonly m: MixedMatrix,
    private readonly k: number,
    L: number,
    gamma: number,
  ) {
    const { n, dn, dc, levels } = m;
    const d = dn + dc;
    const width = levels.reduce((a, b) => a + b, 0);
    const [at, bytes] = layout<Slots>({
      ...{ x: n * d * 4, c: k * d * 16, cd: L * d * 16, p: d * 16, l: n * 4, lw: n * 8 },
      ...{ cl: n * 8, s: k * dn * 8, n: k * 8, v: k * width * 4, off: dc * 4, hs: k * 8 },
      ...{ po: L * 8, dd: CHUNK_ROWS * 8, fl: CHUNK_ROWS * 4 },
    });
    const memory = takeMemory(bytes);
    this.memory = memory;
    const buf = memory.buffer;
    this.x = new WebAssembly.Instance(mod, { e: { m: memory } }).exports as unknown as WasmKernels;
    this.at = at;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    const rows = new Float32Array(buf, at.x, n * d);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < dn; t++) rows[i * d + t] = m.num[i * dn + t];
      for (let l = 0; l < dc; l++) rows[i * d + dn + l] = m.cat[i * dc + l];
    }
    this.f64[MIX_HEADER.gamma / 8] = this.f64[MIX_HEADER.gamma / 8 + 1] = gamma;
    this.i32[MIX_HEADER.votes / 4] = at.v;
    this.i32[MIX_HEADER.width / 4] = width;
    this.i32[MIX_HEADER.offsets / 4] = at.off;
    for (let l = 0, o = 0; l < dc; o += levels[l], l++) this.i32[at.off / 4 + l] = o;
    this.labels = new Int32Array(buf, at.l, n);
    this.lower = new Float64Array(buf, at.lw, n);
    this.closest = new Float64Array(buf, at.cl, n);
    this.sums = new Float64Array(buf, at.s, k * dn);
    this.counts = new Float64Array(buf, at.n, k);
    this.votes = new Int32Array(buf, at.v, k * width);
    this.halfSep = new Float64Array(buf, at.hs, k);
    this.pots = new Float64Array(buf, at.po, L);
  }

  /** A workspace for `m`, or null when the wasm path is unavailable (use the JS kernels). */
  static create(m: MixedMatrix, k: number, L: number, gamma: number): WasmPrototypes | null {
    const d = m.dn + m.dc;
    // Codes travel as Float32 values, exact up to 2^24.
    if (d > WASM_MAX_D || m.levels.some((v) => v > 2 ** 24)) return null;
    const mix = { dn: m.dn, dc: m.dc };
    const mod = cachedModule(`mixed ${m.dn} ${m.dc}`, () => mixedModule(mix));
    if (!mod) return null;
    try {
      return new WasmPrototypes(mod, m, k, L, gamma);
    } catch {
      return null; // e.g. the memory could not be allocated
    }
  }

  /** Hands the memory to the next workspace; copy results out first. */
  release(): void {
    if (this.memory) giveBackMemory(this.memory);
    this.memory = null;
  }

  /** Writes `count` prototypes (numbers, then codes) splatted from byte `at`. */
  private splat(C: ArrayLike<number>, P: ArrayLike<number>, count: number, at: number): void {
    const f = this.f64;
    const { dn, dc } = this.m;
    for (let j = 0, w = at / 8; j < count; j++) {
      for (let t = 0; t < dn; t++, w += 2) f[w] = f[w + 1] = C[j * dn + t];
      for (let l = 0; l < dc; l++, w += 2) f[w] = f[w + 1] = P[j * dc + l];
    }
  }

  /** Sets the k prototypes the scans use. */
  prototypes(C: Float64Array, P: Int32Array): void {
    this.splat(C, P, this.k, this.at.c);
  }

  /** Zeroes the sums, counts and votes (at the start of a pass). */
  resetTotals(): void {
    this.sums.fill(0);
    this.counts.fill(0);
    this.votes.fill(0);
  }

  /** Copies the pass's sums, counts and votes into `acc`. */
  readTotals(acc: Accumulators): void {
    acc.sums.set(this.sums);
    acc.counts.set(this.counts);
    acc.votes.set(this.votes);
  }

  /** Labels changed by the last lloyd or hamerly call. */
  get changed(): number {
    return this.i32[0];
  }

  /** Labels rows [a, b) with their nearest prototype; returns their cost (row order). */
  assign(a: number, b: number): number {
    const { x, at } = this;
    return x.assign(a, b, this.k, at.x, at.c, at.l);
  }

  /** Lloyd E-step on rows [a, b), adding to the totals (first: also the lower bounds). */
  lloyd(a: number, b: number, first: boolean): number {
    const { x, at } = this;
    return (first ? x.first : x.lloyd)(a, b, this.k, at.x, at.c, at.l, at.s, at.n, at.lw);
  }

  /** Hamerly E-step on rows [a, b) (bounds loosened by m1, m2 for arg1), adding to the totals. */
  hamerly(a: number, b: number, loosen: readonly [number, number, number], safe: number): number {
    const { x, at } = this;
    const [arg1, m1, m2] = loosen;
    const ptrs = [at.x, at.c, at.l, at.s, at.n, at.lw, at.hs] as const;
    return x.hamerly(a, b, this.k, ...ptrs, arg1, m1, m2, safe, at.dd, at.fl);
  }

  /** First E-step from seeding's owners and distances (labels, closest), adding to the totals. */
  seeded(a: number, b: number): number {
    const { x, at } = this;
    return x.seeded(a, b, at.x, at.l, at.cl, at.s, at.n, at.lw);
  }

  /** Sets prototype j of (C, P) as the one `tighten` measures. */
  point(C: Float64Array, P: Int32Array, j: number): void {
    const { dn, dc } = this.m;
    this.splat(C.subarray(j * dn), P.subarray(j * dc), 1, this.at.p);
    this.pointIndex = j;
  }

  /** Seeding pass over rows [a, b): closest, its owner in labels, cum from `acc`; returns it. */
  tighten(a: number, b: number, acc: number): number {
    const { x, at } = this;
    return x.tighten(a, b, at.x, at.p, at.cl, at.lw, acc, at.l, this.pointIndex);
  }

  /** Sets the L seeding candidates and zeroes their potentials. */
  candidates(C: Float64Array, P: Int32Array, L: number): void {
    this.splat(C, P, L, this.at.cd);
    this.pots.fill(0);
  }

  /** Adds rows [a, b) to the L candidates' potentials (`pots`). */
  potentials(a: number, b: number, L: number): void {
    const { x, at } = this;
    x.potentials(a, b, L, at.x, at.cd, at.cl, at.po);
  }
}
