/** Shared helpers for the k-means tests: the wholesale fixture and byte comparison. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMatrix, type FeatureMatrix } from '../../src/lib/kmeans/matrix';
import { standardize } from '../../src/lib/kmeans/matrix';

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
