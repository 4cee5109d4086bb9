import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/random';
import { fit } from '../../src/lib/kmeans/kmeans';
import { createMatrix } from '../../src/lib/kmeans/matrix';
import { createMixedMatrix, type MixedMatrix } from '../../src/lib/kmeans/mixed';
import { assignPrototypes } from '../../src/lib/kmeans/mixed-distance';
import {
  fitPrototypes,
  fitPrototypesAsync,
  type PrototypesProgress,
} from '../../src/lib/kmeans/prototypes';
import { plantedMixed } from '../../src/lib/kmeans/synthetic';
import { adjustedRandIndex, bytes, KERNEL_PATHS, mixedFromRows, onPath } from './kmeans-helpers';

/**
 * Six customers, one number and two categories (levels 3 and 2), gamma 2, starting from
 * prototypes (0; 0, 0) and (10; 1, 1). By hand, distance = (x - c)^2 + 2 * mismatches:
 *
 *   row (x; c1, c2)  to p0 (0; 0, 0)   to p1 (10; 1, 1)   label
 *   (1; 0, 0)        1 + 0 = 1         81 + 4 = 85        0
 *   (2; 1, 0)        4 + 2 = 6         64 + 2 = 66        0
 *   (0; -, 1)        0 + 4 = 4         100 + 2 = 102      0   (missing: a mismatch with both)
 *   (9; 1, 1)        81 + 4 = 85       1 + 0 = 1          1
 *   (11; 2, 1)       121 + 4 = 125     1 + 2 = 3          1
 *   (6; 0, 0)        36 + 0 = 36       16 + 4 = 20        1
 *
 * Cost of iteration 1 = 1 + 6 + 4 + 1 + 3 + 20 = 35. New prototypes: p0 = mean 1; c1 votes
 * {0, 1} tie -> 0 (the missing code does not vote); c2 votes 0, 0, 1 -> 0: (1; 0, 0).
 * p1 = mean 26/3; c1 votes {1, 2, 0} tie -> 0; c2 votes 1, 1, 0 -> 1: (26/3; 0, 1).
 * Iteration 2: distances to own prototype 0, 1 + 2, 1 + 4, 1/9 + 2, 49/9 + 2, 64/9 + 2 (no label
 * changes), cost = 80/3, so the fit stops there, converged.
 */
const HAND = mixedFromRows(
  [
    [[1], [0, 0]],
    [[2], [1, 0]],
    [[0], [-1, 1]],
    [[9], [1, 1]],
    [[11], [2, 1]],
    [[6], [0, 0]],
  ],
  [3, 2],
);
const HAND_INIT = { num: [0, 10], cat: [0, 0, 1, 1] };

describe('k-prototypes by hand', () => {
  it('assigns, updates and scores one iteration as computed by hand', () => {
    const labels = assignPrototypes(
      HAND,
      { num: Float64Array.from(HAND_INIT.num), cat: Int32Array.from(HAND_INIT.cat), k: 2 },
      2,
    );
    expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 1]);
    const costs: number[] = [];
    const onProgress = (p: PrototypesProgress) => costs.push(p.cost);
    const one = fitPrototypes(HAND, 2, { init: HAND_INIT, gamma: 2, maxIter: 1, onProgress });
    expect(costs).toEqual([35]);
    expect(Array.from(one.num)).toEqual([1, 26 / 3]);
    expect(Array.from(one.cat)).toEqual([0, 0, 0, 1]);
    expect(Array.from(one.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(one.cost).toBeCloseTo(80 / 3, 12);
    expect(one.iterations).toBe(1);
    expect(one.converged).toBe(false);
  });

  it('stops after the second iteration, when no label changes', () => {
    const costs: number[] = [];
    const r = fitPrototypes(HAND, 2, {
      ...{ init: HAND_INIT, gamma: 2 },
      onProgress: (p) => costs.push(p.cost),
    });
    expect(costs[0]).toBe(35);
    expect(costs[1]).toBeCloseTo(80 / 3, 12);
    expect(r).toMatchObject({ k: 2, dn: 1, dc: 2, gamma: 2, iterations: 2, converged: true });
    expect(Array.from(r.sizes)).toEqual([3, 3]);
    expect(Array.from(r.num)).toEqual([1, 26 / 3]);
    expect(Array.from(r.cat)).toEqual([0, 0, 0, 1]);
    expect(r.cost).toBeCloseTo(80 / 3, 12);
  });
});

/** Straightforward batch k-prototypes on plain arrays, written apart from the engine. */
function reference(m: MixedMatrix, init: { num: number[]; cat: number[] }, k: number, g: number) {
  const { n, dn, dc } = m;
  const rowsX = Array.from({ length: n }, (_, i) =>
    Array.from(m.num.subarray(i * dn, (i + 1) * dn)),
  );
  const rowsZ = Array.from({ length: n }, (_, i) =>
    Array.from(m.cat.subarray(i * dc, (i + 1) * dc)),
  );
  const x = (i: number) => rowsX[i];
  const z = (i: number) => rowsZ[i];
  let num = init.num.slice();
  let cat = init.cat.slice();
  const dist = (i: number, j: number) => {
    const xi = x(i);
    const zi = z(i);
    let squares = 0;
    for (let t = 0; t < dn; t++) squares += (xi[t] - num[j * dn + t]) * (xi[t] - num[j * dn + t]);
    let mismatches = 0;
    for (let l = 0; l < dc; l++) if (zi[l] === -1 || zi[l] !== cat[j * dc + l]) mismatches++;
    return squares + g * mismatches;
  };
  let labels: number[] = [];
  for (let iter = 0; iter < 1000; iter++) {
    const next = Array.from({ length: n }, (_, i) => {
      const d = Array.from({ length: k }, (_, j) => dist(i, j));
      return d.indexOf(Math.min(...d));
    });
    const same = next.every((l, i) => l === labels[i]);
    labels = next;
    if (same) break;
    const newNum = num.slice();
    const newCat = cat.slice();
    for (let j = 0; j < k; j++) {
      const members = labels.flatMap((l, i) => (l === j ? [i] : []));
      if (members.length === 0) continue;
      for (let t = 0; t < dn; t++) {
        let sum = 0;
        for (const i of members) sum += x(i)[t];
        newNum[j * dn + t] = sum / members.length;
      }
      for (let l = 0; l < dc; l++) {
        const votes = new Array<number>(m.levels[l]).fill(0);
        for (const i of members) if (z(i)[l] >= 0) votes[z(i)[l]]++;
        if (Math.max(...votes) > 0) newCat[j * dc + l] = votes.indexOf(Math.max(...votes));
      }
    }
    num = newNum;
    cat = newCat;
  }
  let cost = 0;
  for (let i = 0; i < n; i++) cost += dist(i, labels[i]);
  return { labels, num, cat, cost };
}

/** k rows of m (drawn with the seeded generator) with missing codes set to 0, as prototypes. */
function rowsAsInit(m: MixedMatrix, k: number, seed: number) {
  const rng = createRng(seed);
  const num: number[] = [];
  const cat: number[] = [];
  for (let j = 0; j < k; j++) {
    const i = rng.int(m.n);
    num.push(...m.num.subarray(i * m.dn, (i + 1) * m.dn));
    cat.push(...Array.from(m.cat.subarray(i * m.dc, (i + 1) * m.dc), (v) => Math.max(v, 0)));
  }
  return { num, cat };
}

describe('k-prototypes against a straightforward implementation', () => {
  const cases = [
    { n: 3000, dn: 3, dc: 2, k: 4, missing: 0.05 },
    { n: 2500, dn: 0, dc: 4, k: 3, missing: 0 },
    { n: 4000, dn: 5, dc: 1, k: 6, missing: 0.2 },
  ];
  for (const c of cases) {
    const { matrix } = plantedMixed(c.n, c.dn, c.dc, c.k, c.k + c.dn, {
      ...{ separation: 2, spread: 1.2, levels: 5, purity: 0.6, missing: c.missing },
    });
    const init = rowsAsInit(matrix, c.k, 7);
    const gamma = 1.3;
    let ref: ReturnType<typeof reference> | null = null;
    for (const algorithm of ['lloyd', 'hamerly'] as const) {
      for (const path of KERNEL_PATHS) {
        it(`same labels, prototypes and cost from the same start (${algorithm}, ${path}, dn ${c.dn}, dc ${c.dc}, k ${c.k})`, () => {
          ref ??= reference(matrix, init, c.k, gamma);
          const opts = { init, gamma, tol: 0, algorithm };
          const ours = onPath(path, () => fitPrototypes(matrix, c.k, opts));
          expect(ours.converged).toBe(true);
          expect(ours.iterations).toBeGreaterThan(2);
          // One chunk of rows: the costs are summed in the same order, so they are equal exactly.
          expect(ours.cost).toBe(ref.cost);
          expect(Array.from(ours.labels)).toEqual(ref.labels);
          expect(Array.from(ours.num)).toEqual(ref.num);
          expect(Array.from(ours.cat)).toEqual(ref.cat);
        });
      }
    }
  }
});

/**
 * Four groups that neither kind of column tells apart alone: the numbers split {0, 1} from
 * {2, 3}, the categories split {0, 2} from {1, 3}.
 */
function crossedGroups(n: number, seed: number) {
  const rng = createRng(seed);
  const dn = 2;
  const dc = 4;
  const num = new Float32Array(n * dn);
  const cat = new Int32Array(n * dc);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = rng.int(4);
    truth[i] = g;
    num[i * dn] = (g < 2 ? -3 : 3) + rng.normal();
    num[i * dn + 1] = rng.normal();
    for (let l = 0; l < dc; l++) cat[i * dc + l] = rng.next() < 0.9 ? (g % 2) * 2 : rng.int(4);
  }
  return { m: createMixedMatrix(num, cat, n, dn, dc, [4, 4, 4, 4]), truth, num, cat };
}

describe('planted mixed-type groups', () => {
  it('recovers groups that need both kinds of column (ARI >= 0.95)', () => {
    const { m, truth, num, cat } = crossedGroups(3000, 11);
    const r = fitPrototypes(m, 4, { seed: 3, nInit: 4 });
    expect(adjustedRandIndex(r.labels, truth)).toBeGreaterThanOrEqual(0.95);
    // Neither half alone can: k-means on the numbers, k-modes on the categories.
    const numbersOnly = fit(createMatrix(num, m.n, 2), 4, { seed: 3, nInit: 4 });
    expect(adjustedRandIndex(numbersOnly.labels, truth)).toBeLessThan(0.7);
    const codesOnly = createMixedMatrix(new Float32Array(0), cat, m.n, 0, 4, m.levels);
    const modes = fitPrototypes(codesOnly, 4, { seed: 3, nInit: 4 });
    expect(adjustedRandIndex(modes.labels, truth)).toBeLessThan(0.7);
  });

  it('recovers planted groups of the benchmark generator with missing codes (ARI >= 0.95)', () => {
    const { matrix, truth } = plantedMixed(20000, 6, 4, 5, 21, {
      ...{ separation: 5, spread: 1, purity: 0.8, missing: 0.1 },
    });
    const r = fitPrototypes(matrix, 5, { seed: 1, nInit: 3 });
    expect(adjustedRandIndex(r.labels, truth)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('determinism', () => {
  const { matrix } = plantedMixed(40000, 6, 4, 8, 5, { missing: 0.05 });

  it('gives identical labels and prototypes for the same seed, sync or async', async () => {
    const a = fitPrototypes(matrix, 8, { seed: 9, nInit: 2 });
    const b = fitPrototypes(matrix, 8, { seed: 9, nInit: 2 });
    const c = await fitPrototypesAsync(matrix, 8, { seed: 9, nInit: 2 });
    for (const r of [b, c]) {
      expect(bytes(r.labels)).toEqual(bytes(a.labels));
      expect(bytes(r.num)).toEqual(bytes(a.num));
      expect(bytes(r.cat)).toEqual(bytes(a.cat));
      expect(r.cost).toBe(a.cost);
    }
    expect(fitPrototypes(matrix, 8, { seed: 10, nInit: 2 }).cost).not.toBe(a.cost);
  });

  it('lowers the cost at every iteration', () => {
    const costs: number[] = [];
    fitPrototypes(matrix, 8, { seed: 4, tol: 0, onProgress: (p) => costs.push(p.cost) });
    expect(costs.length).toBeGreaterThan(5);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeLessThanOrEqual(costs[i - 1]);
  });
});
