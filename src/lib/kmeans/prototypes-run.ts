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
import { mixedKernels } from './mixed-kernels';
import type { Accumulators } from './mixed-plain';
import type { FitSpace } from './prototypes-space';
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

/** One iteration's accumulators (see Accumulators), its cost and its changed labels. */
interface Totals extends Accumulators {
  cost: number;
}

/** The vote layout of `levels` (each column's offset in a cluster's block, and its width), zeroed. */
function createTotals(levels: readonly number[], k: number, dn: number): Totals {
  const offset = new Int32Array(levels.length);
  let width = 0;
  levels.forEach((v, l) => {
    offset[l] = width;
    width += v;
  });
  const sums = new Float64Array(k * dn);
  const votes = new Int32Array(k * width);
  const counts = new Float64Array(k);
  return { sums, counts, votes, offset, width, tally: new Int32Array(1), cost: 0 };
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
      const base = j * t.width + t.offset[l];
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

/**
 * One restart from `init` with the arrays of `space` (the first E-step is taken from the seeding
 * when `init` is what it seeded); yields between chunks of rows.
 */
export function* runPrototypes(
  m: MixedMatrix,
  init: Prototypes,
  space: FitSpace,
  s: PrototypesRunSettings,
): Generator<void, PrototypesRun> {
  const { n, dn, dc, num: X, cat: Z } = m;
  const k = init.k;
  const { gamma } = s;
  const kernels = mixedKernels(dn, dc);
  const { labels, closest, wasm: w } = space;
  const seeded = space.seededFor === init;
  if (!seeded) labels.fill(-1);
  let cur: Prototypes = { num: Float64Array.from(init.num), cat: Int32Array.from(init.cat), k };
  let next: Prototypes = { num: new Float64Array(k * dn), cat: new Int32Array(k * dc), k };
  const lower = s.hamerly ? space.lower : null;
  const halfSep = w ? w.halfSep : new Float64Array(k);
  const shift = new Float64Array(k);
  const t = createTotals(m.levels, k, dn);
  /** One E-step over every chunk, into labels and t. */
  const pass = function* (iter: number): Generator<void, void> {
    for (const a of [t.sums, t.counts, t.votes, t.tally]) a.fill(0);
    t.cost = 0;
    w?.resetTotals();
    w?.prototypes(cur.num, cur.cat);
    const bounded = lower !== null && iter > 1;
    if (bounded) prototypeHalfSeparation(cur.num, cur.cat, k, dn, dc, gamma, halfSep);
    const loosen = loosening(shift);
    const { num: C, cat: P } = cur;
    const first = seeded && iter === 1;
    /** The E-step on rows [a, b); returns their cost (summed in row order from 0). */
    const rows = (a: number, b: number): number => {
      if (first) {
        t.tally[0] += b - a; // every label was unset before
        return w ? w.seeded(a, b) : kernels.seeded(X, Z, a, b, labels, closest, lower, t);
      }
      if (w) {
        const cost = bounded ? w.hamerly(a, b, loosen, SAFE) : w.lloyd(a, b, lower !== null);
        t.tally[0] += w.changed;
        return cost;
      }
      if (!bounded) return kernels.lloyd(X, Z, C, P, gamma, a, b, k, labels, lower, t);
      const bounds = [halfSep, ...loosen, SAFE] as const;
      return kernels.hamerly(X, Z, C, P, gamma, a, b, k, labels, lower, ...bounds, t);
    };
    for (let c = 0; c < chunkCount(n); c++) {
      t.cost += rows(...chunkRange(c, n));
      if (s.shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    w?.readTotals(t);
  };
  let converged = false;
  let strict = false;
  let iter = 0;
  while (iter < s.maxIter) {
    iter++;
    yield* pass(iter);
    const moved = updatePrototypes(m, t, cur, next, gamma, shift);
    s.onProgress?.({ run: s.run, iteration: iter, cost: t.cost });
    [cur, next] = [next, cur];
    if (t.tally[0] === 0) {
      converged = strict = true;
      break;
    }
    if (moved.catChanges === 0 && moved.numShift <= s.tolAbs) {
      converged = true;
      break;
    }
  }
  // Labels and cost must belong to the returned prototypes: one more E-step unless nothing moved.
  if (!strict) yield* pass(iter + 1);
  const { num, cat } = cur;
  return { labels: labels.slice(), num, cat, cost: t.cost, iterations: iter, converged };
}
