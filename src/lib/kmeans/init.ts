/**
 * Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`. The trials of one centre share
 * a single pass over the rows (k passes instead of k * nLocalTrials), with the same draws and the
 * same arithmetic as trying the candidates one after another.
 */
import type { Rng } from '../random';
import { CHUNK_ROWS } from './chunks';
import { WIDE } from './kernels';
import { KMeansCancelledError } from './types';
import type { WasmKMeans } from './wasm';
import type { FeatureMatrix } from './matrix';

// The padded stride (WIDE in kernels.ts) as a local: imported bindings can compile to getter
// calls (CommonJS transforms such as tsx), which must stay out of the hot loops.
const W = 8;

/** scikit-learn's default number of candidates per centre: 2 + floor(ln k). */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** First index i with cum[i] > r (so rows with zero weight are never chosen). */
export function upperBound(cum: Float64Array, r: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Copies the given rows of X into `out` with row stride `stride` (zero padded past d). */
function gatherRows(
  X: Float32Array,
  d: number,
  rows: Int32Array,
  stride: number,
  out: Float64Array,
) {
  out.fill(0);
  for (let c = 0; c < rows.length; c++) {
    for (let t = 0; t < d; t++) out[c * stride + t] = X[rows[c] * d + t];
  }
}

/**
 * For rows [start, end): pots[c] += min(closest[i], |x_i - cand_c|^2) for every candidate, each
 * pot summed in row order. cand holds L candidates with row stride `stride`.
 */
function addPotentials(
  X: Float32Array,
  d: number,
  cand: Float64Array,
  L: number,
  stride: number,
  start: number,
  end: number,
  closest: Float64Array,
  pots: Float64Array,
): void {
  if (stride === W) {
    // Two rows share each candidate load; each pot still adds row i before row i + 1.
    for (let i = start; i < end; i += 2) {
      const o = i * d;
      const two = i + 1 < end;
      const p = two ? o + d : o;
      const x0 = X[o], y0 = X[p]; // prettier-ignore
      const x1 = d > 1 ? X[o + 1] : 0, y1 = d > 1 ? X[p + 1] : 0; // prettier-ignore
      const x2 = d > 2 ? X[o + 2] : 0, y2 = d > 2 ? X[p + 2] : 0; // prettier-ignore
      const x3 = d > 3 ? X[o + 3] : 0, y3 = d > 3 ? X[p + 3] : 0; // prettier-ignore
      const x4 = d > 4 ? X[o + 4] : 0, y4 = d > 4 ? X[p + 4] : 0; // prettier-ignore
      const x5 = d > 5 ? X[o + 5] : 0, y5 = d > 5 ? X[p + 5] : 0; // prettier-ignore
      const x6 = d > 6 ? X[o + 6] : 0, y6 = d > 6 ? X[p + 6] : 0; // prettier-ignore
      const x7 = d > 7 ? X[o + 7] : 0, y7 = d > 7 ? X[p + 7] : 0; // prettier-ignore
      const cl = closest[i];
      const cm = two ? closest[i + 1] : 0;
      for (let c = 0, co = 0; c < L; c++, co += W) {
        let e = cand[co], q = x0 - e, r = y0 - e; // prettier-ignore
        let s = q * q, u = r * r; // prettier-ignore
        e = cand[co + 1];
        q = x1 - e;
        r = y1 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 2];
        q = x2 - e;
        r = y2 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 3];
        q = x3 - e;
        r = y3 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 4];
        q = x4 - e;
        r = y4 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 5];
        q = x5 - e;
        r = y5 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 6];
        q = x6 - e;
        r = y6 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        e = cand[co + 7];
        q = x7 - e;
        r = y7 - e;
        s += q * q;
        u += r * r; // prettier-ignore
        let pot = pots[c] + (s < cl ? s : cl);
        if (two) pot += u < cm ? u : cm;
        pots[c] = pot;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const o = i * d;
    const cl = closest[i];
    for (let c = 0, co = 0; c < L; c++, co += stride) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const q = X[o + t] - cand[co + t];
        s += q * q;
      }
      pots[c] += s < cl ? s : cl;
    }
  }
}

/**
 * For rows [start, end): closest[i] = min(closest[i], |x_i - p|^2) with p = pt[0..d), and
 * cum[i] = running sum of closest from `acc`; returns the running sum.
 */
function tighten(
  X: Float32Array,
  d: number,
  pt: Float64Array,
  start: number,
  end: number,
  closest: Float64Array,
  cum: Float64Array,
  acc: number,
): number {
  if (d <= WIDE) {
    const [p0, p1, p2, p3, p4, p5, p6, p7] = pt;
    for (let i = start, o = start * d; i < end; i++, o += d) {
      let q = X[o] - p0;
      let s = q * q;
      if (d > 1) { q = X[o + 1] - p1; s += q * q; } // prettier-ignore
      if (d > 2) { q = X[o + 2] - p2; s += q * q; } // prettier-ignore
      if (d > 3) { q = X[o + 3] - p3; s += q * q; } // prettier-ignore
      if (d > 4) { q = X[o + 4] - p4; s += q * q; } // prettier-ignore
      if (d > 5) { q = X[o + 5] - p5; s += q * q; } // prettier-ignore
      if (d > 6) { q = X[o + 6] - p6; s += q * q; } // prettier-ignore
      if (d > 7) { q = X[o + 7] - p7; s += q * q; } // prettier-ignore
      const c = closest[i];
      const v = s < c ? s : c;
      closest[i] = v;
      cum[i] = acc += v;
    }
    return acc;
  }
  for (let i = start; i < end; i++) {
    const o = i * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const q = X[o + t] - pt[t];
      s += q * q;
    }
    const v = s < closest[i] ? s : closest[i];
    closest[i] = v;
    cum[i] = acc += v;
  }
  return acc;
}

/**
 * Picks k starting centres: the first uniformly, each next one as the best (lowest potential) of
 * `nLocalTrials` candidates sampled with probability proportional to squared distance to the
 * nearest chosen centre. Returns row-major k * d Float64 centres.
 */
export function* kmeansPlusPlus(
  m: FeatureMatrix,
  k: number,
  rng: Rng,
  nLocalTrials = defaultLocalTrials(k),
  shouldStop?: () => boolean,
  wasm?: WasmKMeans | null,
): Generator<void, Float64Array> {
  const { data: X, n, d } = m;
  const L = nLocalTrials;
  const stride = d <= WIDE ? WIDE : d;
  const centres = new Float64Array(k * d);
  const closest = (wasm ? wasm.closest : new Float64Array(n)).fill(Infinity);
  const cum = wasm ? wasm.cum : new Float64Array(n);
  const cands = new Int32Array(L);
  const cand = new Float64Array(L * stride);
  const pots = wasm ? wasm.pots : new Float64Array(L);
  const chosen = new Int32Array(1);
  const pt = new Float64Array(stride);
  chosen[0] = rng.int(n);
  if (wasm) wasm.seededFor = null;
  for (let c = 0; ; c++) {
    gatherRows(X, d, chosen, stride, pt);
    centres.set(pt.subarray(0, d), c * d);
    // With wasm, the last centre is tightened too: labels and closest then hold the first E-step.
    const last = c === k - 1;
    if (last && !wasm) break;
    let acc = 0;
    wasm?.point(pt, c);
    for (let a = 0; a < n; a += CHUNK_ROWS) {
      const b = Math.min(n, a + CHUNK_ROWS);
      acc = wasm ? wasm.tighten(a, b, acc) : tighten(X, d, pt, a, b, closest, cum, acc);
      if (shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    if (last) break;
    for (let t = 0; t < L; t++) cands[t] = upperBound(cum, rng.next() * acc);
    gatherRows(X, d, cands, stride, cand);
    pots.fill(0);
    wasm?.candidates(cand, L, stride);
    for (let a = 0; a < n; a += CHUNK_ROWS) {
      const b = Math.min(n, a + CHUNK_ROWS);
      if (wasm) wasm.potentials(a, b, L);
      else addPotentials(X, d, cand, L, stride, a, b, closest, pots);
      if (shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    let bestPot = Infinity;
    chosen[0] = cands[0];
    for (let t = 0; t < L; t++) {
      if (pots[t] < bestPot) {
        bestPot = pots[t];
        chosen[0] = cands[t];
      }
    }
  }
  if (wasm) wasm.seededFor = centres;
  return centres;
}
