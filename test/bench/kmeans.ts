/**
 * k-means benchmark: 1,000,000 x 8 Float32 (seeded planted clusters), k = 8.
 * Compares our fit with ml-kmeans 7 (defaults: k-means++, maxIterations 100, tolerance 1e-6) and
 * our assignment pass with a scalar C pass compiled here with gcc -O3. Ends with one JSON line.
 * Run: npx tsx test/bench/kmeans.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { assign, fit } from '../../src/lib/kmeans/kmeans';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { matrixToRows } from '../../src/lib/kmeans/matrix';

const N = 1_000_000;
const D = 8;
const K = 8;
const PASS_REPS = 5;

const { matrix } = plantedClusters(N, D, K, 2024, 4, 1.5);
const ms = (t0: number) => performance.now() - t0;

let t0 = performance.now();
const ours = fit(matrix, K, { seed: 1, nInit: 1 });
const oursMs = ms(t0);
console.log(
  `ours (Hamerly, k-means++, nInit 1): fit ${oursMs.toFixed(0)} ms, ${ours.iterations} iterations, converged ${ours.converged}, inertia ${ours.inertia.toFixed(1)}`,
);

let passMs = Infinity;
for (let r = 0; r < PASS_REPS; r++) {
  t0 = performance.now();
  assign(matrix, ours.centroids, K);
  passMs = Math.min(passMs, ms(t0));
}
console.log(`ours: full assignment pass ${passMs.toFixed(1)} ms (best of ${PASS_REPS})`);

const dir = mkdtempSync(join(tmpdir(), 'kmeans-bench-'));
let cPassMs = NaN;
try {
  const bin = join(dir, 'data.bin');
  const header = new Int32Array([N, D, K]);
  writeFileSync(
    bin,
    Buffer.concat(
      [header, matrix.data, ours.centroids].map((a) =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      ),
    ),
  );
  const src = join(dirname(fileURLToPath(import.meta.url)), 'kmeans_assign.c');
  const exe = join(dir, 'kmeans_assign');
  execFileSync('gcc', ['-O3', '-o', exe, src]);
  const [cms, cin] = execFileSync(exe, [bin, String(PASS_REPS)], { encoding: 'utf8' })
    .trim()
    .split(' ');
  cPassMs = Number(cms);
  console.log(
    `C (gcc -O3, scalar): assignment pass ${cPassMs.toFixed(1)} ms (best of ${PASS_REPS}), inertia ${Number(cin).toFixed(1)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows = matrixToRows(matrix);
let iterations = 0;
t0 = performance.now();
const ref = mlKmeans(rows, K, { seed: 1 });
const anchorMs = ms(t0);
iterations = ref.iterations;
const refInertia = assign(matrix, ref.centroids.flat(), K).inertia;
console.log(
  `ml-kmeans 7 (defaults: k-means++, maxIterations 100 not capped further, tolerance 1e-6): ${anchorMs.toFixed(0)} ms, ${iterations} iterations, converged ${ref.converged}, inertia ${refInertia.toFixed(1)}`,
);

const ratio = oursMs / anchorMs;
const passRatio = passMs / cPassMs;
console.log(`fit ratio ours/ml-kmeans ${ratio.toFixed(4)} (target <= 0.05)`);
console.log(`pass ratio ours/C ${passRatio.toFixed(2)} (target <= 1.5)`);
console.log(`inertia ours/ml-kmeans ${(ours.inertia / refInertia).toFixed(5)} (target <= 1.01)`);
const round = (x: number, p = 1) => Math.round(x * 10 ** p) / 10 ** p;
console.log(
  JSON.stringify({
    bench: 'kmeans',
    ours_ms: round(oursMs),
    anchor: 'ml-kmeans',
    anchor_ms: round(anchorMs),
    ratio: round(ratio, 4),
    target: 0.05,
    pass_ms: round(passMs, 2),
    c_pass_ms: round(cPassMs, 2),
    pass_ratio: round(passRatio, 3),
    inertia_ours: round(ours.inertia, 2),
    inertia_anchor: round(refInertia, 2),
  }),
);
