/**
 * Shared helpers for the k-means tests: the wholesale fixture, small (mixed) matrices from rows, z-scores,
 * the adjusted Rand index (to compare a clustering with planted truth) and byte comparison.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { columnStats, createMatrix, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { createMixedMatrix, type MixedMatrix } from '../../src/lib/kmeans/mixed';
import { setMixedCodegen } from '../../src/lib/kmeans/mixed-kernels';
import { setWasmEnabled } from '../../src/lib/kmeans/wasm-runtime';

/** Builds a matrix from an array of equal-length rows. */
export function matrixFromRows(rows: readonly ArrayLike<number>[], columns?: readonly string[]) {
  const n = rows.length;
  const d = n > 0 ? rows[0].length : (columns?.length ?? 1);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== d)
      throw new Error(`Row ${i} has ${rows[i].length} values, expected ${d}.`);
    for (let j = 0; j < d; j++) data[i * d + j] = rows[i][j];
  }
  return createMatrix(data, n, d, columns);
}

/** Z-scores every column into a new matrix; constant columns become 0. */
export function standardize(m: FeatureMatrix): FeatureMatrix {
  const { mean, variance } = columnStats(m);
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j < m.d; j++) {
      const sd = Math.sqrt(variance[j]);
      out[i * m.d + j] = sd > 0 ? (m.data[i * m.d + j] - mean[j]) / sd : 0;
    }
  }
  return createMatrix(out, m.n, m.d, m.columns);
}

/** Adjusted Rand index between two labelings of the same rows (1 = identical up to renaming). */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) {
    throw new Error(`Labelings have different lengths (${a.length} vs ${b.length}).`);
  }
  const n = a.length;
  const ka = a.reduce((m, v) => Math.max(m, v), 0) + 1;
  const kb = b.reduce((m, v) => Math.max(m, v), 0) + 1;
  const table = new Float64Array(ka * kb);
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rows[a[i]]++;
    cols[b[i]]++;
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table) index += c2(v);
  let sa = 0;
  for (const v of rows) sa += c2(v);
  let sb = 0;
  for (const v of cols) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  // Both labelings trivial (one cluster each, or all singletons): they agree perfectly.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** The six spend columns of the UCI wholesale data, log1p then z-scored. */
export function wholesaleMatrix(): FeatureMatrix {
  const path = fileURLToPath(new URL('../fixtures/wholesale_customers_uci.csv', import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const cols = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];
  const idx = cols.map((c) => header.indexOf(c));
  const rows = lines.slice(1);
  const data = new Float32Array(rows.length * cols.length);
  rows.forEach((line, i) => {
    const f = line.split(',');
    idx.forEach((j, t) => (data[i * cols.length + t] = Math.log1p(Number(f[j]))));
  });
  return standardize(createMatrix(data, rows.length, cols.length, cols));
}

/** The raw bytes of a typed array, for bit-identity checks. */
export function bytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Builds a mixed matrix from rows of [numbers, codes] (-1 = missing). */
export function mixedFromRows(
  rows: readonly (readonly [readonly number[], readonly number[]])[],
  levels: readonly number[],
  dn = rows[0]?.[0].length ?? 0,
): MixedMatrix {
  const dc = levels.length;
  const num = new Float32Array(rows.length * dn);
  const cat = new Int32Array(rows.length * dc);
  rows.forEach(([x, z], i) => {
    num.set(x, i * dn);
    cat.set(z, i * dc);
  });
  return createMixedMatrix(num, cat, rows.length, dn, dc, levels);
}

/** The k-prototypes engine's three kernel paths, fastest first. */
export const KERNEL_PATHS = ['wasm', 'generated', 'plain'] as const;

/** Runs f with only the given k-prototypes kernel path enabled. */
export function onPath<T>(path: (typeof KERNEL_PATHS)[number], f: () => T): T {
  const wasm = setWasmEnabled(path === 'wasm');
  const codegen = setMixedCodegen(path !== 'plain');
  try {
    return f();
  } finally {
    setWasmEnabled(wasm);
    setMixedCodegen(codegen);
  }
}
