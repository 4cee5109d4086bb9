/**
 * Fixed-size row chunks and the per-chunk kernels of a Lloyd iteration. Every fit walks the rows
 * in chunks of CHUNK_ROWS and reduces the per-chunk partial sums in chunk order, so results do not
 * depend on how chunks are spread over workers.
 */
import { nearestKernel, nearestWide, padded, WIDE } from './kernels';

/** Rows per chunk; fixed so chunk boundaries never depend on the number of workers. */
export const CHUNK_ROWS = 16384;

/** Number of chunks for n rows. */
export function chunkCount(n: number): number {
  return Math.ceil(n / CHUNK_ROWS);
}

/** [start, end) rows of chunk c. */
export function chunkRange(c: number, n: number): [number, number] {
  const start = c * CHUNK_ROWS;
  return [start, Math.min(n, start + CHUNK_ROWS)];
}

/** What one chunk contributes to an iteration: per-centre sums/counts, inertia, label changes. */
export interface ChunkPartial {
  /** k * d Float64 sums of the rows assigned to each centre. */
  sums: Float64Array;
  /** Rows assigned to each centre. */
  counts: Float64Array;
  /** Sum of squared distances to the assigned centre (centres before the update). */
  inertia: number;
  /** Rows whose label changed. */
  changed: number;
}

/** Allocates a zeroed partial for k centres of d features. */
export function createPartial(k: number, d: number): ChunkPartial {
  return { sums: new Float64Array(k * d), counts: new Float64Array(k), inertia: 0, changed: 0 };
}

/** Zeroes a partial for reuse. */
export function resetPartial(p: ChunkPartial): void {
  p.sums.fill(0);
  p.counts.fill(0);
  p.inertia = 0;
  p.changed = 0;
}

/** total += part (element-wise); call in chunk order for reproducible sums. */
export function addPartial(total: ChunkPartial, part: ChunkPartial): void {
  const ts = total.sums;
  const ps = part.sums;
  for (let i = 0; i < ts.length; i++) ts[i] += ps[i];
  const tc = total.counts;
  const pc = part.counts;
  for (let j = 0; j < tc.length; j++) tc[j] += pc[j];
  total.inertia += part.inertia;
  total.changed += part.changed;
}

// Reused per chunk (JS is single-threaded per worker), so the hot path allocates nothing.
let scratchLabels = new Int32Array(CHUNK_ROWS);
let scratchDist = new Float64Array(CHUNK_ROWS);

function nearestOne(X: Float32Array, off: number, d: number, C: ArrayLike<number>, k: number) {
  let best = Infinity;
  let bj = 0;
  for (let j = 0, co = 0; j < k; j++, co += d) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const x = X[off + t] - C[co + t];
      s += x * x;
    }
    if (s < best) {
      best = s;
      bj = j;
    }
  }
  return { best, bj };
}

/**
 * Nearest centre (ties -> lowest index) and its squared distance for rows [start, end), written
 * to lab/dist at i - start. Four rows share each centre load; each row's sum keeps the plain
 * t = 0..d-1 order, so results equal a one-row-at-a-time loop bit for bit.
 */
export function nearestRows(
  X: Float32Array,
  d: number,
  C: ArrayLike<number>,
  k: number,
  start: number,
  end: number,
  lab: Int32Array,
  dist: Float64Array,
): void {
  const gen = nearestKernel(d, k);
  if (gen) {
    gen(X, C, k, start, end, lab, dist);
    return;
  }
  if (d <= WIDE) {
    nearestWide(X, d, padded(C, k, d), k, start, end, lab, dist);
    return;
  }
  let i = start;
  for (; i + 3 < end; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let b0 = Infinity;
    let b1 = Infinity;
    let b2 = Infinity;
    let b3 = Infinity;
    let j0 = 0;
    let j1 = 0;
    let j2 = 0;
    let j3 = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < d; t++) {
        const c = C[co + t];
        const x0 = X[o0 + t] - c;
        const x1 = X[o1 + t] - c;
        const x2 = X[o2 + t] - c;
        const x3 = X[o3 + t] - c;
        s0 += x0 * x0;
        s1 += x1 * x1;
        s2 += x2 * x2;
        s3 += x3 * x3;
      }
      if (s0 < b0) {
        b0 = s0;
        j0 = j;
      }
      if (s1 < b1) {
        b1 = s1;
        j1 = j;
      }
      if (s2 < b2) {
        b2 = s2;
        j2 = j;
      }
      if (s3 < b3) {
        b3 = s3;
        j3 = j;
      }
    }
    const r = i - start;
    lab[r] = j0;
    lab[r + 1] = j1;
    lab[r + 2] = j2;
    lab[r + 3] = j3;
    dist[r] = b0;
    dist[r + 1] = b1;
    dist[r + 2] = b2;
    dist[r + 3] = b3;
  }
  for (; i < end; i++) {
    const { best, bj } = nearestOne(X, i * d, d, C, k);
    lab[i - start] = bj;
    dist[i - start] = best;
  }
}

function ensureScratch(rows: number): void {
  if (scratchLabels.length < rows) {
    scratchLabels = new Int32Array(rows);
    scratchDist = new Float64Array(rows);
  }
}

/**
 * Lloyd E-step on rows [start, end): nearest centre written to `labels`, and the M-step partial
 * sums into `out` (reset first), accumulated in row order.
 */
export function lloydChunk(
  X: Float32Array,
  d: number,
  C: Float64Array,
  k: number,
  start: number,
  end: number,
  labels: Int32Array,
  out: ChunkPartial,
): void {
  resetPartial(out);
  ensureScratch(end - start);
  const lab = scratchLabels;
  const dist = scratchDist;
  nearestRows(X, d, C, k, start, end, lab, dist);
  const sums = out.sums;
  const counts = out.counts;
  let inertia = 0;
  let changed = 0;
  for (let i = start; i < end; i++) {
    const bj = lab[i - start];
    if (labels[i] !== bj) {
      labels[i] = bj;
      changed++;
    }
    inertia += dist[i - start];
    counts[bj]++;
    const so = bj * d;
    const off = i * d;
    for (let t = 0; t < d; t++) sums[so + t] += X[off + t];
  }
  out.inertia = inertia;
  out.changed = changed;
}

/**
 * Nearest centre for rows [start, end) without sums: writes labels and returns the chunk's
 * inertia (row order). Same arithmetic as lloydChunk.
 */
export function assignChunk(
  X: Float32Array,
  d: number,
  C: ArrayLike<number>,
  k: number,
  start: number,
  end: number,
  labels: Int32Array,
): number {
  ensureScratch(end - start);
  const dist = scratchDist;
  nearestRows(X, d, C, k, start, end, labels.subarray(start, end), dist);
  let inertia = 0;
  for (let r = 0; r < end - start; r++) inertia += dist[r];
  return inertia;
}
