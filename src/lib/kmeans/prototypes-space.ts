/**
 * Where one k-prototypes fit keeps its per-row arrays: the views of a WebAssembly workspace when
 * one can be made, else plain typed arrays (the JavaScript kernels then run, with the same bits).
 */
import type { MixedMatrix } from './mixed';
import type { Prototypes } from './mixed-distance';
import { WasmPrototypes } from './wasm-mixed';

/** A fit's per-row arrays, shared by its seeding and every restart. */
export interface FitSpace {
  /** Labels (seeding: the owner of each row's closest prototype). */
  labels: Int32Array;
  /** Hamerly lower bounds; seeding keeps its cumulative sums here. */
  lower: Float64Array;
  /** Seeding: distance to the closest chosen prototype. */
  closest: Float64Array;
  /** The workspace the arrays belong to, or null on the JavaScript path. */
  wasm: WasmPrototypes | null;
  /**
   * The prototypes whose seeding left each row's nearest one in `labels` and its distance in
   * `closest` (the first E-step can take them from there), else null.
   */
  seededFor: Prototypes | null;
}

/** Arrays for a fit of m with k prototypes and L seeding candidates (wasm when possible). */
export function createFitSpace(m: MixedMatrix, k: number, L: number, gamma: number): FitSpace {
  const w = WasmPrototypes.create(m, k, L, gamma);
  if (w) return { labels: w.labels, lower: w.lower, closest: w.closest, wasm: w, seededFor: null };
  const { n } = m;
  return {
    ...{ labels: new Int32Array(n), lower: new Float64Array(n), closest: new Float64Array(n) },
    ...{ wasm: null, seededFor: null },
  };
}
