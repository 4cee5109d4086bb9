/** Where a 1M x 8, k 8 fit spends its time (wasm path). Run: npx tsx test/bench/kmeans-profile.ts */
import { createRng } from '../../src/lib/random';
import { defaultLocalTrials, kmeansPlusPlus } from '../../src/lib/kmeans/init';
import { runFullBatch } from '../../src/lib/kmeans/lloyd';
import { plantedClusters } from '../../src/lib/kmeans/synthetic';
import { WasmKMeans } from '../../src/lib/kmeans/wasm';
import { columnStats, validateForKMeans } from '../../src/lib/kmeans/matrix';

const { matrix: m } = plantedClusters(1_000_000, 8, 8, 2024, 4, 1.5);
const K = 8;
let t = performance.now();
const lap = (label: string) => {
  const now = performance.now();
  console.log(label, (now - t).toFixed(1), 'ms');
  t = now;
};
validateForKMeans(m, K);
lap('validate');
const w = WasmKMeans.create(m, K, defaultLocalTrials(K));
lap('wasm create + copy');
if (w) w.columnStats();
else columnStats(m);
lap('columnStats');
const it = kmeansPlusPlus(m, K, createRng(1), defaultLocalTrials(K), undefined, w);
let s = it.next();
while (!s.done) s = it.next();
lap('k-means++');
const r = runFullBatch(m, s.value, K, {
  hamerly: true,
  maxIter: 300,
  tolAbs: 0,
  run: 0,
  wasm: w,
  onProgress: (p) => lap(`iteration ${p.iteration}`),
});
let q = r.next();
while (!q.done) q = r.next();
lap('final');
