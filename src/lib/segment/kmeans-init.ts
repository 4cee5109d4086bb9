/** Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`. */
import type { Rng } from '../random';
import { KMeansCancelledError } from './kmeans-types';
import type { FeatureMatrix } from './matrix';

/** scikit-learn's default number of candidates per centre: 2 + floor(ln k). */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** First index i with cum[i] > r (so rows with zero weight are never chosen). */
function upperBound(cum: Float64Array, r: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** out[i] = min(closest[i], |x_i - X[row]|^2); returns the sum of out. */
function candidatePotential(
  X: Float32Array,
  n: number,
  d: number,
  row: number,
  closest: Float64Array,
  out: Float64Array,
): number {
  const ro = row * d;
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const x = X[off + t] - X[ro + t];
      s += x * x;
    }
    const v = s < closest[i] ? s : closest[i];
    out[i] = v;
    pot += v;
  }
  return pot;
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
): Generator<void, Float64Array> {
  const { data: X, n, d } = m;
  const centres = new Float64Array(k * d);
  const first = rng.int(n);
  for (let t = 0; t < d; t++) centres[t] = X[first * d + t];
  let closest = new Float64Array(n).fill(Infinity);
  let best = new Float64Array(n);
  let scratch = new Float64Array(n);
  candidatePotential(X, n, d, first, closest, best);
  [closest, best] = [best, closest];
  const cum = new Float64Array(n);
  const cands = new Int32Array(nLocalTrials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
    for (let t = 0; t < nLocalTrials; t++) cands[t] = upperBound(cum, rng.next() * acc);
    let bestPot = Infinity;
    let bestRow = cands[0];
    for (let t = 0; t < nLocalTrials; t++) {
      const pot = candidatePotential(X, n, d, cands[t], closest, scratch);
      if (pot < bestPot) {
        bestPot = pot;
        bestRow = cands[t];
        [best, scratch] = [scratch, best];
      }
      if (shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    [closest, best] = [best, closest];
    for (let t = 0; t < d; t++) centres[c * d + t] = X[bestRow * d + t];
  }
  return centres;
}
