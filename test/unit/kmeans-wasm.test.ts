import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import { assign, fit } from '../../src/lib/kmeans/kmeans';
import { assignChunk, createPartial, lloydChunk } from '../../src/lib/kmeans/chunks';
import { halfSeparation, hamerlyChunk, loosening, SAFE } from '../../src/lib/kmeans/hamerly';
import { kmeansPlusPlus } from '../../src/lib/kmeans/init';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { setWasmEnabled, WasmKMeans } from '../../src/lib/kmeans/wasm';
import { columnStats, createMatrix, sqDist, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { bytes } from './kmeans-helpers';

/** Runs a generator to completion. */
function drain<T>(it: Generator<void, T>): T {
  let s = it.next();
  while (!s.done) s = it.next();
  return s.value;
}

function withoutWasm<T>(f: () => T): T {
  const was = setWasmEnabled(false);
  try {
    return f();
  } finally {
    setWasmEnabled(was);
  }
}

/** Random NaN-free data at mixed scales and centres that are not Float32 values. */
function randomCase(n: number, d: number, k: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * (1 + (i % d)) + (i % 3);
  const C = new Float64Array(k * d);
  for (let i = 0; i < C.length; i++) C[i] = rng.normal() * 2 + rng.next() * 1e-3;
  return { m: createMatrix(data, n, d), C };
}

function moved(C: Float64Array, k: number, d: number, size: number, seed: number) {
  const rng = createRng(seed);
  const next = C.map((v) => v + rng.normal() * size);
  const shift = Float64Array.from({ length: k }, (_, j) => Math.sqrt(sqDist(C, j, next, j, d)));
  return { next, shift };
}

describe('wasm kernels equal the JavaScript kernels bit for bit', () => {
  for (let d = 1; d <= 16; d++) {
    it(`d ${d}: assign, Lloyd, Hamerly (first pass, skip and rescan)`, () => {
      const [n, k, start] = [2001, 7, 3];
      const { m, C } = randomCase(n, d, k, 100 + d);
      const X = m.data;
      const w = WasmKMeans.create(m, k) as WasmKMeans;
      expect(w).not.toBeNull();
      const [sw, sj] = [w.columnStats(), columnStats(m)];
      expect(bytes(sw.mean)).toEqual(bytes(sj.mean));
      expect(bytes(sw.variance)).toEqual(bytes(sj.variance));

      w.centres(C);
      const labels = new Int32Array(n);
      const inertia = assignChunk(X, d, C, k, start, n, labels);
      expect(w.assign(start, n)).toBe(inertia);
      expect(bytes(w.labels.subarray(start))).toEqual(bytes(labels.subarray(start)));

      const [pj, pw] = [createPartial(k, d), createPartial(k, d)];
      const lab = new Int32Array(n).fill(-1);
      w.labels.fill(-1);
      lloydChunk(X, d, C, k, start, n, lab, pj);
      w.lloyd(start, n, false, pw);
      expect(bytes(w.labels)).toEqual(bytes(lab));
      expect(pw).toEqual(pj);
      expect(bytes(pw.sums)).toEqual(bytes(pj.sums));

      const lower = new Float64Array(n);
      const half = new Float64Array(k);
      lab.fill(-1);
      w.labels.fill(-1);
      hamerlyChunk(X, d, C, k, 0, n, lab, lower, half, null, pj);
      w.lloyd(0, n, true, pw);
      expect(bytes(w.lower)).toEqual(bytes(lower));
      expect(pw).toEqual(pj);
      let cur = C;
      for (const [size, seed] of [
        [0.01, 1],
        [0.3, 2],
        [1.5, 3],
      ]) {
        const { next, shift } = moved(cur, k, d, size, seed + d);
        halfSeparation(next, k, d, half);
        w.halfSep.set(half);
        w.centres(next);
        hamerlyChunk(X, d, next, k, start, n - 1, lab, lower, half, shift, pj);
        w.hamerly(start, n - 1, loosening(shift), SAFE, pw);
        expect(bytes(w.labels)).toEqual(bytes(lab));
        expect(bytes(w.lower)).toEqual(bytes(lower));
        expect(pw).toEqual(pj);
        expect(bytes(pw.sums)).toEqual(bytes(pj.sums));
        cur = next;
      }
      const { matrix } = plantedClusters(n, d, 6, d, 3, 1);
      for (const L of [1, 3, 8, 10]) {
        expect(bytes(seeds(matrix, 6, L, true))).toEqual(bytes(seeds(matrix, 6, L, false)));
      }
    });
  }
});

function seeds(m: FeatureMatrix, k: number, L: number, wasm: boolean) {
  const w = wasm ? WasmKMeans.create(m, k, L) : null;
  if (wasm) expect(w).not.toBeNull();
  return drain(kmeansPlusPlus(m, k, createRng(5), L, undefined, w));
}

describe('wasm path end to end', () => {
  for (const [n, d, k] of [
    [20001, 2, 5],
    [20001, 8, 9],
    [9001, 13, 6],
    [40000, 5, 12],
    [3001, 1, 3],
    [3001, 16, 4],
  ]) {
    it(`k-means++, fits and assign match the JS path (n ${n}, d ${d}, k ${k})`, () => {
      const { matrix } = plantedClusters(n, d, k, n + d, 3, 2);
      expect(bytes(seeds(matrix, k, 4, true))).toEqual(bytes(seeds(matrix, k, 4, false)));
      for (const algorithm of ['hamerly', 'lloyd'] as const) {
        const a = fit(matrix, k, { seed: 3, algorithm, tol: 0 });
        const b = withoutWasm(() => fit(matrix, k, { seed: 3, algorithm, tol: 0 }));
        expect(bytes(a.labels)).toEqual(bytes(b.labels));
        expect(bytes(a.centroids)).toEqual(bytes(b.centroids));
        expect([a.inertia, a.iterations]).toEqual([b.inertia, b.iterations]);
        const c = fit(matrix, k, { seed: 4, algorithm, nInit: 2 });
        const e = withoutWasm(() => fit(matrix, k, { seed: 4, algorithm, nInit: 2 }));
        expect(bytes(c.centroids)).toEqual(bytes(e.centroids));
        expect(bytes(c.labels)).toEqual(bytes(e.labels));
        expect(c.inertia).toBe(e.inertia);
      }
      const C = fit(matrix, k, { seed: 1, maxIter: 2 }).centroids;
      const x = assign(matrix, C, k);
      const y = withoutWasm(() => assign(matrix, C, k));
      expect(bytes(x.labels)).toEqual(bytes(y.labels));
      expect(x.inertia).toBe(y.inertia);
    });
  }
});
