/**
 * Distance kernels for rows of up to 8 features. Row values are held in locals and centres are
 * read from a copy padded to stride 8 with zeros, so one unrolled kernel serves every d <= 8.
 * Padding adds `+0` terms, which leave a sum of squares unchanged bit for bit, and every sum still
 * runs in t = 0..d-1 order: results equal the generic loops exactly.
 */

/** Widest row the unrolled kernels take. */
export const WIDE = 8;

/** Copies k row-major centres of d <= 8 features into `out` (k * 8, zero padded). */
export function padCentres(C: ArrayLike<number>, k: number, d: number, out: Float64Array): void {
  out.fill(0, 0, k * WIDE);
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) out[j * WIDE + t] = C[j * d + t];
}

/** A zero-padded stride-8 copy of k centres, reused between calls of the same size. */
let padScratch = new Float64Array(0);

/** Stride-8 padded copy of C in a scratch buffer (valid until the next call). */
export function padded(C: ArrayLike<number>, k: number, d: number): Float64Array {
  if (padScratch.length < k * WIDE) padScratch = new Float64Array(k * WIDE);
  padCentres(C, k, d, padScratch);
  return padScratch;
}

/**
 * Nearest centre (ties -> lowest index) and its squared distance for rows [start, end) of d <= 8
 * features, written to lab/dist at i - start. P is the stride-8 padded centre copy. Two rows share
 * each centre load.
 */
export function nearestWide(
  X: Float32Array,
  d: number,
  P: Float64Array,
  k: number,
  start: number,
  end: number,
  lab: Int32Array,
  dist: Float64Array,
): void {
  for (let i = start; i < end; i += 2) {
    const o = i * d;
    // A missing second row reuses the first; its results are not stored.
    const p = i + 1 < end ? o + d : o;
    const x0 = X[o], y0 = X[p]; // prettier-ignore
    const x1 = d > 1 ? X[o + 1] : 0, y1 = d > 1 ? X[p + 1] : 0; // prettier-ignore
    const x2 = d > 2 ? X[o + 2] : 0, y2 = d > 2 ? X[p + 2] : 0; // prettier-ignore
    const x3 = d > 3 ? X[o + 3] : 0, y3 = d > 3 ? X[p + 3] : 0; // prettier-ignore
    const x4 = d > 4 ? X[o + 4] : 0, y4 = d > 4 ? X[p + 4] : 0; // prettier-ignore
    const x5 = d > 5 ? X[o + 5] : 0, y5 = d > 5 ? X[p + 5] : 0; // prettier-ignore
    const x6 = d > 6 ? X[o + 6] : 0, y6 = d > 6 ? X[p + 6] : 0; // prettier-ignore
    const x7 = d > 7 ? X[o + 7] : 0, y7 = d > 7 ? X[p + 7] : 0; // prettier-ignore
    let b = Infinity, e = Infinity, bj = 0, ej = 0; // prettier-ignore
    for (let j = 0, co = 0; j < k; j++, co += WIDE) {
      let c = P[co], q = x0 - c, r = y0 - c; // prettier-ignore
      let s = q * q, u = r * r; // prettier-ignore
      c = P[co + 1];
      q = x1 - c;
      r = y1 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 2];
      q = x2 - c;
      r = y2 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 3];
      q = x3 - c;
      r = y3 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 4];
      q = x4 - c;
      r = y4 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 5];
      q = x5 - c;
      r = y5 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 6];
      q = x6 - c;
      r = y6 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 7];
      q = x7 - c;
      r = y7 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      if (s < b) {
        b = s;
        bj = j;
      }
      if (u < e) {
        e = u;
        ej = j;
      }
    }
    const w = i - start;
    lab[w] = bj;
    dist[w] = b;
    if (i + 1 < end) {
      lab[w + 1] = ej;
      dist[w + 1] = e;
    }
  }
}

/** As nearestWide, also giving the second-smallest squared distance (for Hamerly's bounds). */
export function nearestTwoWide(
  X: Float32Array,
  d: number,
  P: Float64Array,
  k: number,
  start: number,
  end: number,
  lab: Int32Array,
  best: Float64Array,
  second: Float64Array,
): void {
  for (let i = start; i < end; i += 2) {
    const o = i * d;
    const p = i + 1 < end ? o + d : o;
    const x0 = X[o], y0 = X[p]; // prettier-ignore
    const x1 = d > 1 ? X[o + 1] : 0, y1 = d > 1 ? X[p + 1] : 0; // prettier-ignore
    const x2 = d > 2 ? X[o + 2] : 0, y2 = d > 2 ? X[p + 2] : 0; // prettier-ignore
    const x3 = d > 3 ? X[o + 3] : 0, y3 = d > 3 ? X[p + 3] : 0; // prettier-ignore
    const x4 = d > 4 ? X[o + 4] : 0, y4 = d > 4 ? X[p + 4] : 0; // prettier-ignore
    const x5 = d > 5 ? X[o + 5] : 0, y5 = d > 5 ? X[p + 5] : 0; // prettier-ignore
    const x6 = d > 6 ? X[o + 6] : 0, y6 = d > 6 ? X[p + 6] : 0; // prettier-ignore
    const x7 = d > 7 ? X[o + 7] : 0, y7 = d > 7 ? X[p + 7] : 0; // prettier-ignore
    let b = Infinity, b2 = Infinity, e = Infinity, e2 = Infinity, bj = 0, ej = 0; // prettier-ignore
    for (let j = 0, co = 0; j < k; j++, co += WIDE) {
      let c = P[co], q = x0 - c, r = y0 - c; // prettier-ignore
      let s = q * q, u = r * r; // prettier-ignore
      c = P[co + 1];
      q = x1 - c;
      r = y1 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 2];
      q = x2 - c;
      r = y2 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 3];
      q = x3 - c;
      r = y3 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 4];
      q = x4 - c;
      r = y4 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 5];
      q = x5 - c;
      r = y5 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 6];
      q = x6 - c;
      r = y6 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      c = P[co + 7];
      q = x7 - c;
      r = y7 - c;
      s += q * q;
      u += r * r; // prettier-ignore
      if (s < b) {
        b2 = b;
        b = s;
        bj = j;
      } else if (s < b2) {
        b2 = s;
      }
      if (u < e) {
        e2 = e;
        e = u;
        ej = j;
      } else if (u < e2) {
        e2 = u;
      }
    }
    const w = i - start;
    lab[w] = bj;
    best[w] = b;
    second[w] = b2;
    if (i + 1 < end) {
      lab[w + 1] = ej;
      best[w + 1] = e;
      second[w + 1] = e2;
    }
  }
}

/** Nearest-centre kernel over rows [start, end) with centres at stride d (see nearestRows). */
export type NearestKernel = (
  X: Float32Array,
  C: ArrayLike<number>,
  k: number,
  start: number,
  end: number,
  lab: Int32Array,
  dist: Float64Array,
) => void;

/** Widest row a generated kernel is built for; wider rows use the generic loop. */
const MAX_GENERATED_D = 16;
/** Up to this many centre values the centre loop is unrolled too (no loop or index arithmetic). */
const MAX_UNROLLED = 256;
const generated = new Map<string, NearestKernel | null>();
let codegen = true;

/**
 * Turns generated nearest kernels on or off; returns the previous setting. The page turns them
 * off: its Content-Security-Policy has no 'unsafe-eval', and the plain kernels give the same
 * result (the same arithmetic in the same order).
 */
export function setNearestCodegen(on: boolean): boolean {
  const was = codegen;
  codegen = on;
  generated.clear();
  return was;
}

/** Statements adding centre j's distance to rows x and y into s and u, in t order. */
function centreTerms(d: number, base: (t: number) => string): string[] {
  const L = [`c = C[${base(0)}]; q = x0 - c; r = y0 - c; s = q * q; u = r * r;`];
  for (let t = 1; t < d; t++) {
    L.push(`c = C[${base(t)}]; q = x${t} - c; r = y${t} - c; s += q * q; u += r * r;`);
  }
  return L;
}

/**
 * Source of a two-rows-per-centre-load nearest kernel with d (and, when k * d is small, the
 * centre loop) unrolled; sums in t order, ties to the lowest index.
 */
function nearestSource(d: number, k: number): string {
  const L = ['for (let i = start; i < end; i += 2) {', `const o = i * ${d};`];
  L.push(`const two = i + 1 < end; const p = two ? o + ${d} : o;`);
  for (let t = 0; t < d; t++) L.push(`const x${t} = X[o + ${t}], y${t} = X[p + ${t}];`);
  L.push('let b = Infinity, e = Infinity, bj = 0, ej = 0, c, q, r, s, u;');
  if (k * d <= MAX_UNROLLED) {
    for (let j = 0; j < k; j++) {
      L.push(...centreTerms(d, (t) => String(j * d + t)));
      L.push(`if (s < b) { b = s; bj = ${j}; }`, `if (u < e) { e = u; ej = ${j}; }`);
    }
  } else {
    L.push(`for (let j = 0, co = 0; j < k; j++, co += ${d}) {`);
    L.push(...centreTerms(d, (t) => (t === 0 ? 'co' : `co + ${t}`)));
    L.push('if (s < b) { b = s; bj = j; }', 'if (u < e) { e = u; ej = j; }', '}');
  }
  L.push('const w = i - start; lab[w] = bj; dist[w] = b;');
  L.push('if (two) { lab[w + 1] = ej; dist[w + 1] = e; }', '}');
  return L.join('\n');
}

/**
 * A nearest kernel generated for exactly d features and k centres (no padding, no per-row
 * branches on d), or null when d is too wide or code generation is unavailable (e.g. a CSP
 * without unsafe-eval). Same arithmetic as nearestWide; the source depends only on the integers.
 */
export function nearestKernel(d: number, k: number): NearestKernel | null {
  if (!codegen || !Number.isInteger(d) || d < 1 || d > MAX_GENERATED_D || !Number.isInteger(k))
    return null;
  const key = `${d},${k}`;
  let f = generated.get(key);
  if (f === undefined) {
    try {
      const args = ['X', 'C', 'k', 'start', 'end', 'lab', 'dist'];
      f = new Function(...args, `'use strict';\n${nearestSource(d, k)}`) as NearestKernel;
    } catch {
      f = null;
    }
    generated.set(key, f);
  }
  return f;
}
