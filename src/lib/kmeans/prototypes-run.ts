/**
 * One k-prototypes restart (Huang 1998, batch form): assign every row to its nearest prototype,
 * then move each prototype to its members' mean numbers and per-column modal codes, until no label
 * changes or the prototypes stop moving. Optional Hamerly bounds skip most rows' scans without
 * changing any label: the distance is a squared Euclidean distance once each category is written
 * as a one-hot vector scaled by sqrt(gamma / 2) (a missing code as a point of its own at the
 * same distance from every level), so its square root obeys the triangle inequality.
 */
import { chunkCount, chunkRange } from './chunks';
import { loosening, SAFE } from './hamerly';
import { prototypeDistance, prototypeHalfSeparation, type Prototypes } from './mixed-distance';
import { mixedKernels, type MixedKernels } from './mixed-kernels';
import type { MixedMatrix } from './mixed';
import { KMeansCancelledError } from './types';

/** Reported after every iteration. */
export interface PrototypesProgress {
  /** 0-based restart index (of nInit). */
  run: number;
  /** 1-based iteration within the restart. */
  iteration: number;
  /** Sum of distances of rows to their assigned prototype in this iteration. */
  cost: number;
}

/** Settings of one restart. */
export interface PrototypesRunSettings {
  /** Weight of one categorical mismatch. */
  gamma: number;
  /** Use Hamerly bounds (same labels, fewer distance computations). */
  hamerly: boolean;
  /** Iteration cap. */
  maxIter: number;
  /** Absolute tolerance on the total squared numeric shift (with no categorical change). */
  tolAbs: number;
  /** Restart index, for progress reports. */
  run: number;
  onProgress?: (p: PrototypesProgress) => void;
  shouldStop?: () => boolean;
}

/** Outcome of one restart. */
export interface PrototypesRun {
  labels: Int32Array;
  num: Float64Array;
  cat: Int32Array;
  cost: number;
  iterations: number;
  converged: boolean;
}

/** Per-iteration totals: member sums and counts, category votes, cost, changed labels. */
interface Totals {
  sums: Float64Array;
  counts: Float64Array;
  votes: Int32Array;
  cost: number;
  changed: number;
  /** Changed-label count out of the Hamerly kernel. */
  tally: Int32Array;
}

/** Offsets of each column's levels in a cluster's block of votes, and the block size. */
function voteLayout(levels: readonly number[]): { offset: Int32Array; width: number } {
  const offset = new Int32Array(levels.length);
  let width = 0;
  levels.forEach((v, l) => {
    offset[l] = width;
    width += v;
  });
  return { offset, width };
}

/**
 * M-step: numeric prototype = member mean, code = most voted (ties: lowest code); a cluster with
 * no members, or no non-missing vote in a column, keeps its previous value there. Writes the
 * shift of each prototype (square root of its distance from the old one) into `shift`; returns
 * the total squared numeric shift and the number of codes that changed.
 */
function updatePrototypes(
  m: MixedMatrix,
  t: Totals,
  layout: { offset: Int32Array; width: number },
  prev: Prototypes,
  next: Prototypes,
  gamma: number,
  shift: Float64Array,
): { numShift: number; catChanges: number } {
  const { dn, dc, levels } = m;
  let numShift = 0;
  let catChanges = 0;
  for (let j = 0; j < prev.k; j++) {
    const c = t.counts[j];
    for (let q = j * dn; q < (j + 1) * dn; q++) next.num[q] = c > 0 ? t.sums[q] / c : prev.num[q];
    for (let l = 0; l < dc; l++) {
      const base = j * layout.width + layout.offset[l];
      let best = -1;
      let votes = 0;
      for (let v = 0; v < levels[l]; v++) {
        if (t.votes[base + v] > votes) {
          votes = t.votes[base + v];
          best = v;
        }
      }
      next.cat[j * dc + l] = best >= 0 ? best : prev.cat[j * dc + l];
    }
    const moved = prototypeDistance(prev.num, prev.cat, j, next.num, next.cat, j, dn, dc, gamma);
    const numMoved = prototypeDistance(prev.num, prev.cat, j, next.num, prev.cat, j, dn, dc, 0);
    shift[j] = Math.sqrt(moved);
    numShift += numMoved;
    for (let l = 0; l < dc; l++) if (prev.cat[j * dc + l] !== next.cat[j * dc + l]) catChanges++;
  }
  return { numShift, catChanges };
}

/** Scratch of the full scans, reused between chunks (one fit at a time per thread). */
let scanLab = new Int32Array(0);
let scanBest = new Float64Array(0);
let scanSecond = new Float64Array(0);

/**
 * E-step over rows [a, b) into labels and `t` (cost, changed). `bounds` null: every row is
 * scanned (setting its lower bound when `lower` is given); else the Hamerly kernel skips the rows
 * whose bounds prove their label.
 */
function assignRows(
  m: MixedMatrix,
  kernels: MixedKernels,
  p: Prototypes,
  gamma: number,
  a: number,
  b: number,
  labels: Int32Array,
  t: Totals,
  lower: Float64Array | null,
  bounds: { halfSep: Float64Array; arg1: number; m1: number; m2: number } | null,
): void {
  const { num: X, cat: Z } = m;
  if (bounds && lower) {
    const { halfSep, arg1, m1, m2 } = bounds;
    const rest = [labels, lower, halfSep, arg1, m1, m2, SAFE, t.tally] as const;
    t.tally[0] = 0;
    t.cost += kernels.hamerly(X, Z, p.num, p.cat, gamma, a, b, ...rest);
    t.changed += t.tally[0];
    return;
  }
  if (scanLab.length < b - a) {
    scanLab = new Int32Array(b - a);
    scanBest = new Float64Array(b - a);
    scanSecond = new Float64Array(b - a);
  }
  kernels.scan(X, Z, p.num, p.cat, gamma, a, b, scanLab, scanBest, scanSecond);
  let cost = 0;
  for (let i = a; i < b; i++) {
    const bj = scanLab[i - a];
    if (labels[i] !== bj) {
      labels[i] = bj;
      t.changed++;
    }
    cost += scanBest[i - a];
    if (lower) lower[i] = Math.sqrt(scanSecond[i - a]);
  }
  t.cost += cost;
}

/** One restart from `init`; yields between chunks of rows. */
export function* runPrototypes(
  m: MixedMatrix,
  init: Prototypes,
  s: PrototypesRunSettings,
): Generator<void, PrototypesRun> {
  const { n, dn, dc } = m;
  const k = init.k;
  const { gamma } = s;
  const layout = voteLayout(m.levels);
  const kernels = mixedKernels(dn, dc, k, 1);
  let cur: Prototypes = { num: Float64Array.from(init.num), cat: Int32Array.from(init.cat), k };
  let next: Prototypes = { num: new Float64Array(k * dn), cat: new Int32Array(k * dc), k };
  const labels = new Int32Array(n).fill(-1);
  const lower = s.hamerly ? new Float64Array(n) : null;
  const halfSep = new Float64Array(k);
  const shift = new Float64Array(k);
  const t: Totals = {
    ...{ sums: new Float64Array(k * dn), counts: new Float64Array(k) },
    ...{ votes: new Int32Array(k * layout.width), cost: 0, changed: 0, tally: new Int32Array(1) },
  };
  const pass = function* (first: boolean): Generator<void, void> {
    t.sums.fill(0);
    t.counts.fill(0);
    t.votes.fill(0);
    t.cost = 0;
    t.changed = 0;
    let bounds = null;
    if (lower && !first) {
      prototypeHalfSeparation(cur.num, cur.cat, k, dn, dc, gamma, halfSep);
      const [arg1, m1, m2] = loosening(shift);
      bounds = { halfSep, arg1, m1, m2 };
    }
    for (let c = 0; c < chunkCount(n); c++) {
      const [a, b] = chunkRange(c, n);
      assignRows(m, kernels, cur, gamma, a, b, labels, t, lower, bounds);
      const { offset, width } = layout;
      kernels.accumulate(m.num, m.cat, labels, a, b, t.sums, t.counts, t.votes, offset, width);
      if (s.shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
  };
  let converged = false;
  let strict = false;
  let iter = 0;
  while (iter < s.maxIter) {
    iter++;
    yield* pass(iter === 1);
    const moved = updatePrototypes(m, t, layout, cur, next, gamma, shift);
    s.onProgress?.({ run: s.run, iteration: iter, cost: t.cost });
    [cur, next] = [next, cur];
    if (t.changed === 0) {
      converged = strict = true;
      break;
    }
    if (moved.catChanges === 0 && moved.numShift <= s.tolAbs) {
      converged = true;
      break;
    }
  }
  // Labels and cost must belong to the returned prototypes: one more E-step unless nothing moved.
  if (!strict) yield* pass(false);
  return { labels, num: cur.num, cat: cur.cat, cost: t.cost, iterations: iter, converged };
}
