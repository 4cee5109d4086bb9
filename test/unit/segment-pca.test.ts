import { describe, expect, it } from 'vitest';
import { fitPca, jacobiEigen, projectPca } from '../../src/views/charts/pca';
import { createRng } from '../../src/lib/random';

describe('jacobiEigen', () => {
  it('finds the eigenvalues of a known symmetric matrix, descending', () => {
    const { values, vectors } = jacobiEigen(Float64Array.of(2, 1, 0, 1, 2, 0, 0, 0, 1), 3);
    [3, 1, 1].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 12));
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(Math.abs(vectors[3])).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('PCA', () => {
  // points along (1, 2, 0)/sqrt(5) with small noise, plus an offset
  const n = 2000;
  const rng = createRng(3);
  const m = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = rng.normal() * 10;
    m[i * 3] = 5 + t / Math.sqrt(5) + rng.normal() * 0.1;
    m[i * 3 + 1] = -2 + (2 * t) / Math.sqrt(5) + rng.normal() * 0.1;
    m[i * 3 + 2] = 1 + rng.normal() * 0.5;
  }

  it('recovers the known principal axis with a positive dominant loading', () => {
    const p = fitPca(m, n, 3);
    expect(p.components[0]).toBeCloseTo(1 / Math.sqrt(5), 2);
    expect(p.components[1]).toBeCloseTo(2 / Math.sqrt(5), 2);
    expect(Math.abs(p.components[2])).toBeLessThan(0.01);
    // the second axis is the 0.5-sd noise dimension
    expect(Math.abs(p.components[5])).toBeCloseTo(1, 2);
    expect(p.components[5]).toBeGreaterThan(0);
    expect(p.variance[0]).toBeGreaterThan(90);
    expect(p.explained[0]).toBeGreaterThan(0.99);
    expect(p.mean[0]).toBeCloseTo(5, 0);
  });

  it('sign convention does not depend on the data direction', () => {
    const flipped = m.map((v) => -v);
    const a = fitPca(m, n, 3);
    const b = fitPca(flipped, n, 3);
    for (let j = 0; j < 6; j++) expect(b.components[j]).toBeCloseTo(a.components[j], 6);
  });

  it('projects rows and centroids consistently', () => {
    const pca = fitPca(m, n, 3);
    const projection = projectPca(pca, m, n);
    expect(projection.length).toBe(n * 2);
    const row = projectPca(pca, m.subarray(30, 33), 1);
    expect(row[0]).toBeCloseTo(projection[20], 4);
    expect(row[1]).toBeCloseTo(projection[21], 4);
    const atMean = projectPca(pca, pca.mean, 1);
    expect(atMean[0]).toBeCloseTo(0, 6);
    let sx = 0;
    for (let i = 0; i < n; i++) sx += projection[i * 2];
    expect(sx / n).toBeCloseTo(0, 3);
    expect(() => projectPca(pca, [1, 2], 1)).toThrow(/m\*d/);
  });
});
