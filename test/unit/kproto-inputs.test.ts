import { describe, expect, it } from 'vitest';
import { KMeansCancelledError, KMeansInputError } from '../../src/lib/kmeans/kmeans';
import { createMixedMatrix, defaultGamma } from '../../src/lib/kmeans/mixed';
import { assignPrototypes, rowDistance } from '../../src/lib/kmeans/mixed-distance';
import { fitPrototypes } from '../../src/lib/kmeans/prototypes';
import { plantedMixed } from '../../src/lib/kmeans/synthetic';
import { mixedFromRows } from './kmeans-helpers';

describe('gamma', () => {
  // Numeric columns [1, 2, 3, 4] (population sd sqrt(1.25)) and [0, 0, 10, 10] (sd 5).
  const m = mixedFromRows(
    [
      [[1, 0], [0]],
      [[2, 0], [1]],
      [[3, 10], [0]],
      [[4, 10], [1]],
    ],
    [2],
  );

  it('defaults to half the mean numeric standard deviation, and says which it used', () => {
    const expected = 0.5 * ((Math.sqrt(1.25) + 5) / 2);
    expect(defaultGamma(m)).toBeCloseTo(expected, 12);
    expect(fitPrototypes(m, 2, { seed: 1 }).gamma).toBe(defaultGamma(m));
    expect(fitPrototypes(m, 2, { seed: 1, gamma: 0.7 }).gamma).toBe(0.7);
  });

  it('is 1 without numeric columns (k-modes) and when every numeric column is constant', () => {
    const modes = mixedFromRows(
      [
        [[], [0]],
        [[], [1]],
        [[], [2]],
      ],
      [3],
      0,
    );
    expect(defaultGamma(modes)).toBe(1);
    const flat = mixedFromRows(
      [
        [[5], [0]],
        [[5], [1]],
        [[5], [2]],
      ],
      [3],
    );
    expect(defaultGamma(flat)).toBe(1);
    const r = fitPrototypes(modes, 3, { seed: 0 });
    expect(r.gamma).toBe(1);
    expect(r.cost).toBe(0);
    expect(Array.from(r.cat).sort()).toEqual([0, 1, 2]);
  });

  it('weighs categories against numbers', () => {
    // Row 2 is numerically nearer p0 but matches p1's category; gamma decides.
    const rows = mixedFromRows(
      [
        [[0], [0]],
        [[10], [1]],
        [[4], [1]],
      ],
      [2],
    );
    const protos = { num: Float64Array.of(0, 10), cat: Int32Array.of(0, 1), k: 2 };
    expect(assignPrototypes(rows, protos, 1)[2]).toBe(0); // 16 + 1 < 36
    expect(assignPrototypes(rows, protos, 30)[2]).toBe(1); // 16 + 30 > 36
  });
});

describe('missing categories', () => {
  it('count as a mismatch with every prototype', () => {
    const m = mixedFromRows([[[1], [-1, 0]]], [2, 2]);
    const C = Float64Array.of(1, 3);
    const P = Int32Array.of(0, 0, 1, 1);
    expect(rowDistance(m, 0, C, P, 0, 2.5)).toBe(0 + 2.5 * 1);
    expect(rowDistance(m, 0, C, P, 1, 2.5)).toBe(4 + 2.5 * 2);
  });

  it('do not vote for the mode; a column with no votes keeps the previous code', () => {
    const m = mixedFromRows(
      [
        [[0], [-1, -1]],
        [[0], [-1, -1]],
        [[0], [2, -1]],
        [[9], [1, 0]],
        [[9], [1, 1]],
        [[9], [1, 1]],
      ],
      [3, 2],
    );
    const r = fitPrototypes(m, 2, { init: { num: [0, 9], cat: [0, 1, 0, 0] }, gamma: 1 });
    // Cluster 0: one vote (2) in column 0, none in column 1 (keeps 1). Cluster 1: modes 1, 1.
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(r.cat)).toEqual([2, 1, 1, 1]);
  });

  it('never reach a prototype, even when a column is mostly or wholly missing', () => {
    const { matrix } = plantedMixed(3000, 2, 3, 4, 8, { missing: 0.6 });
    const cat = matrix.cat.slice();
    for (let i = 0; i < matrix.n; i++) cat[i * 3 + 1] = -1;
    const m = createMixedMatrix(matrix.num, cat, matrix.n, 2, 3, matrix.levels);
    const r = fitPrototypes(m, 4, { seed: 5, nInit: 2 });
    expect(Math.min(...r.cat)).toBeGreaterThanOrEqual(0);
    // The wholly missing column has no votes: seeding gave it the (empty) global mode, 0.
    for (let j = 0; j < 4; j++) expect(r.cat[j * 3 + 1]).toBe(0);
    expect(assignPrototypes(m, r, r.gamma)).toEqual(r.labels);
  });
});

describe('input errors name the problem', () => {
  const num = new Float32Array([1, 2, 3, 4]);
  const cat = new Int32Array([0, 1]);
  const bad = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(KMeansInputError);
    expect(f).toThrow(message);
  };

  it('in the matrix', () => {
    bad(
      () => createMixedMatrix(num, cat, 2, 3, 1, [2]),
      /Numeric block has 4 values.*n \* dn = 2 \* 3/,
    );
    bad(() => createMixedMatrix(num, cat, 2, 2, 2, [2, 2]), /Categorical block has 2 codes/);
    bad(() => createMixedMatrix(num, cat, 2, 2, 1, []), /0 level counts for 1 categorical/);
    bad(
      () => createMixedMatrix(num, cat, 2, 2, 1, [0], ['a', 'b'], ['tier']),
      /categorical column 0 \('tier'\) has 0 levels/,
    );
    bad(
      () => createMixedMatrix(num, Int32Array.of(0, 2), 2, 2, 1, [2], undefined, ['country']),
      /Code 2 at row 1, categorical column 0 \('country'\) is outside -1..1/,
    );
    bad(
      () => createMixedMatrix(num, Int32Array.of(-2, 0), 2, 2, 1, [2]),
      /Code -2 at row 0, categorical column 0/,
    );
    bad(
      () =>
        createMixedMatrix(Float32Array.of(1, NaN, 3, 4), cat, 2, 2, 1, [2], ['spend', 'visits']),
      /row 0, numeric column 1 \('visits'\) is NaN/,
    );
    bad(
      () => createMixedMatrix(num, cat, 2, 2, 1, [2], ['only one']),
      /1 numeric column names for 2/,
    );
    bad(
      () => createMixedMatrix(new Float32Array(0), new Int32Array(0), 0, 0, 0, []),
      /dn \+ dc >= 1/,
    );
  });

  it('in the fit options and prototypes', () => {
    const { matrix: m } = plantedMixed(50, 2, 2, 3, 1);
    const init = { num: [0, 0, 1, 1], cat: [0, 0, 1, 1] };
    bad(() => fitPrototypes(m, 1), /k = 1 is out of range/);
    bad(() => fitPrototypes(m, 51), /k = 51 is out of range/);
    bad(() => fitPrototypes(m, 2, { gamma: -1 }), /gamma = -1 must be a finite number >= 0/);
    bad(() => fitPrototypes(m, 2, { gamma: NaN }), /gamma = NaN/);
    bad(() => fitPrototypes(m, 2, { nInit: 0 }), /nInit = 0 must be a positive integer/);
    bad(() => fitPrototypes(m, 2, { maxIter: 1.5 }), /maxIter = 1.5/);
    bad(() => fitPrototypes(m, 2, { tol: -1 }), /tol = -1/);
    bad(
      () => fitPrototypes(m, 2, { algorithm: 'minibatch' as 'lloyd' }),
      /Unknown algorithm 'minibatch'/,
    );
    bad(() => fitPrototypes(m, 3, { init }), /expected k \* dn = 6 and k \* dc = 6/);
    bad(
      () => fitPrototypes(m, 2, { init: { ...init, cat: [0, 6, 1, 1] } }),
      /Prototype 0 has code 6 in categorical column 1.*0..5/,
    );
    bad(() => fitPrototypes(m, 2, { init: { ...init, cat: [0, -1, 1, 1] } }), /code -1/);
    bad(() => fitPrototypes(m, 2, { init: { ...init, num: [0, NaN, 1, 1] } }), /NaN or Infinity/);
    const twins = mixedFromRows(
      [
        [[1], [0]],
        [[1], [0]],
        [[2], [1]],
      ],
      [2],
    );
    bad(() => fitPrototypes(twins, 3), /only 2 distinct rows, fewer than k = 3/);
    bad(() => fitPrototypes(mixedFromRows([[[1], [0]]], [2]), 2), /Only 1 rows for k = 2/);
    const protos = { num: Float64Array.of(0, 1), cat: Int32Array.of(0, 9), k: 2 };
    bad(() => assignPrototypes(twins, protos, 1), /Prototype 1 has code 9/);
    bad(
      () => assignPrototypes(twins, { ...protos, cat: Int32Array.of(0, 1) }, 1, new Int32Array(2)),
      /2 slots for 3 rows/,
    );
  });
});

describe('cancellation and progress', () => {
  const { matrix } = plantedMixed(40000, 4, 3, 5, 3);

  it('stops at the next chunk when asked, with a KMeansCancelledError', () => {
    let polls = 0;
    const run = () => fitPrototypes(matrix, 5, { seed: 1, shouldStop: () => ++polls > 3 });
    expect(run).toThrow(KMeansCancelledError);
    expect(polls).toBe(4);
  });

  it('reports each iteration of each restart', () => {
    const seen: string[] = [];
    const r = fitPrototypes(matrix, 5, {
      ...{ seed: 1, nInit: 2 },
      onProgress: (p) => seen.push(`${p.run}:${p.iteration}`),
    });
    expect(seen.filter((s) => s.startsWith('0:'))[0]).toBe('0:1');
    expect(seen.filter((s) => s.startsWith('1:'))[0]).toBe('1:1');
    expect(seen.length).toBeGreaterThanOrEqual(r.iterations + 1);
  });
});
