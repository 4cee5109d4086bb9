import { describe, expect, it } from 'vitest';
import { mixedKernels } from '../../src/lib/kmeans/mixed-kernels';
import { defaultGamma } from '../../src/lib/kmeans/mixed';
import { fitPrototypes, type PrototypesOptions } from '../../src/lib/kmeans/prototypes';
import { plantedMixed } from '../../src/lib/kmeans/synthetic';
import { WasmPrototypes } from '../../src/lib/kmeans/wasm-mixed';
import { bytes, KERNEL_PATHS, onPath } from './kmeans-helpers';

/**
 * The WebAssembly kernels, the generated JavaScript kernels and the plain loops must give the
 * same bits on every shape, with and without Hamerly bounds, from seeding or given prototypes.
 */
describe('k-prototypes kernel paths', () => {
  const shapes = [
    { dn: 6, dc: 4, k: 8, n: 40000 },
    { dn: 0, dc: 3, k: 5, n: 20000 },
    { dn: 4, dc: 0, k: 3, n: 20000 },
    { dn: 1, dc: 1, k: 2, n: 20000 },
    { dn: 3, dc: 5, k: 30, n: 20000 },
    // Wider than the wasm kernels (16 values a row): the JavaScript paths only.
    { dn: 12, dc: 6, k: 4, n: 20000 },
  ];
  for (const { dn, dc, k, n } of shapes) {
    it(`agree bit for bit (dn ${dn}, dc ${dc}, k ${k})`, () => {
      const { matrix } = plantedMixed(n, dn, dc, k, k + dn, { missing: 0.1 });
      const wasm = onPath('wasm', () => WasmPrototypes.create(matrix, k, 3, 1));
      expect(wasm !== null).toBe(dn + dc <= 16);
      wasm?.release();
      expect(onPath('generated', () => mixedKernels(dn, dc).kind)).toBe('generated');
      expect(onPath('plain', () => mixedKernels(dn, dc).kind)).toBe('plain');
      const variants: PrototypesOptions[] = [
        { seed: 1, tol: 0, maxIter: 25 },
        { seed: 2, nInit: 2, algorithm: 'lloyd', maxIter: 25 },
        { init: { num: matrix.num.slice(0, k * dn), cat: new Int32Array(k * dc) }, maxIter: 25 },
      ];
      for (const options of variants) {
        const fits = KERNEL_PATHS.map((p) => onPath(p, () => fitPrototypes(matrix, k, options)));
        const [first, ...rest] = fits;
        expect(first.iterations).toBeGreaterThan(1);
        for (const r of rest) {
          expect(r.iterations).toBe(first.iterations);
          expect(bytes(r.labels)).toEqual(bytes(first.labels));
          expect(bytes(r.num)).toEqual(bytes(first.num));
          expect(bytes(r.cat)).toEqual(bytes(first.cat));
          expect(r.cost).toBe(first.cost);
        }
      }
    });
  }

  it('give the same result with Hamerly bounds as with plain Lloyd scans, on every path', () => {
    const { matrix } = plantedMixed(40000, 6, 4, 8, 5, { missing: 0.05 });
    const opts = { seed: 2, tol: 0, gamma: defaultGamma(matrix) };
    for (const path of KERNEL_PATHS) {
      const ham = onPath(path, () => fitPrototypes(matrix, 8, opts));
      const lloyd = onPath(path, () => fitPrototypes(matrix, 8, { ...opts, algorithm: 'lloyd' }));
      expect(ham.iterations).toBeGreaterThan(5);
      expect(lloyd.iterations).toBe(ham.iterations);
      expect(bytes(lloyd.labels)).toEqual(bytes(ham.labels));
      expect(bytes(lloyd.num)).toEqual(bytes(ham.num));
      expect(lloyd.cost).toBe(ham.cost);
    }
  });
});
