/**
 * k-prototypes benchmark, two parts. Ends with one JSON line.
 * 1. Node: one full k-prototypes fit on 1,000,000 customers x (6 numeric + 4 categorical), k = 8,
 *    beside the existing k-means fit on 1,000,000 x 10 numeric in the same run (seeded planted
 *    groups, nInit 1, defaults otherwise). The two fits alternate, three each; medians compared.
 *    Target: k-prototypes / k-means <= 2.
 * 2. Chromium: the mixed k sweep 2..12 on 100,000 x (6 + 4), six planted groups with the numeric
 *    sweep benchmark's geometry, in the studio's worker pool (pool start + data load + sweep),
 *    three runs, fresh workers each; median. Target: under 3 s. One more run on the fit's
 *    overlapping groups is printed, and one k = 6 fit in a worker is checked bit for bit
 *    against the same fit in Node.
 * Run: npx tsx test/bench/kproto.ts [--build]
 */
import { fit } from '../../src/lib/kmeans/kmeans';
import { fitPrototypes } from '../../src/lib/kmeans/prototypes';
import {
  plantedClusters,
  plantedMixed,
  type PlantedMixedOptions,
} from '../../src/lib/kmeans/synthetic';
import type { MixedFitArgs, MixedSweepArgs } from '../../src/state/bench-hook';
import { machineLine, openBenchPage, printJson, quantile, startBrowser } from './browser';

const N = 1_000_000;
const K = 8;
const RUNS = 3;
const FIT_TARGET = 2;
const SWEEP_TARGET_MS = 3000;

interface SweepResult {
  ms: number;
  loadMs: number;
  workers: number;
  recommended: number;
}
interface KprotoHook {
  sweepPrototypes(...args: MixedSweepArgs): Promise<SweepResult>;
  fitPrototypes(
    ...args: MixedFitArgs
  ): Promise<{ ms: number; cost: number; labels: number[]; num: number[] }>;
}

/** The numeric sweep benchmark's geometry (plantedClusters' defaults), and the fit's. */
const SEPARATED: PlantedMixedOptions = { separation: 10, spread: 1 };
const OVERLAPPING: PlantedMixedOptions = { separation: 4, spread: 1.5 };

console.log(machineLine());
const numeric = plantedClusters(N, 10, K, 2024, 4, 1.5).matrix;
const mixed = plantedMixed(N, 6, 4, K, 2024).matrix;
const kmeansMs: number[] = [];
const kprotoMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  let t0 = performance.now();
  const km = fit(numeric, K, { seed: 1, nInit: 1 });
  kmeansMs.push(performance.now() - t0);
  t0 = performance.now();
  const kp = fitPrototypes(mixed, K, { seed: 1, nInit: 1 });
  kprotoMs.push(performance.now() - t0);
  console.log(
    `run ${r + 1}: k-means 1M x 10 ${kmeansMs[r].toFixed(0)} ms (${km.iterations} iterations), ` +
      `k-prototypes 1M x (6 + 4) ${kprotoMs[r].toFixed(0)} ms (${kp.iterations} iterations, ` +
      `gamma ${kp.gamma.toFixed(4)}, converged ${kp.converged}, cost ${kp.cost.toFixed(1)})`,
  );
}
const kmeansMedian = quantile(kmeansMs, 0.5);
const kprotoMedian = quantile(kprotoMs, 0.5);
const ratio = kprotoMedian / kmeansMedian;
console.log(
  `fit medians: k-prototypes ${kprotoMedian.toFixed(0)} ms / k-means ${kmeansMedian.toFixed(0)} ms = ${ratio.toFixed(3)} (target <= ${FIT_TARGET}): ${ratio <= FIT_TARGET ? 'PASS' : 'FAIL'}`,
);

// The same fit in Node and in a Chromium worker: same data and seed must give the same bits.
const small = plantedMixed(100_000, 6, 4, 6, 7, SEPARATED).matrix;
const nodeFit = fitPrototypes(small, 6, { seed: 42 });

const b = await startBrowser();
const sweeps: SweepResult[] = [];
let overlapping: SweepResult | null = null;
let sameBits = false;
try {
  const page = await openBenchPage(b);
  console.log(machineLine(b.browser));
  const chromeFit = await page.evaluate((shape) => {
    const hook = (globalThis as unknown as { __segmentStudio: KprotoHook }).__segmentStudio;
    return hook.fitPrototypes(100_000, 6, 4, 6, shape);
  }, SEPARATED);
  sameBits =
    chromeFit.cost === nodeFit.cost &&
    chromeFit.labels.every((l, i) => l === nodeFit.labels[i]) &&
    chromeFit.num.every((v, i) => v === nodeFit.num[i]);
  console.log(
    `k = 6 fit on 100,000 x (6 + 4) in a Chromium worker: ${chromeFit.ms.toFixed(0)} ms, cost ${chromeFit.cost} (Node ${nodeFit.cost}); labels and prototypes bit-identical to Node: ${sameBits}`,
  );
  const sweep = (shape: PlantedMixedOptions) =>
    page.evaluate((sh) => {
      const hook = (globalThis as unknown as { __segmentStudio: KprotoHook }).__segmentStudio;
      return hook.sweepPrototypes(100_000, 6, 4, 2, 12, sh);
    }, shape);
  const line = (s: SweepResult) =>
    `${s.ms.toFixed(0)} ms (pool start + load ${s.loadMs.toFixed(0)} ms), ${s.workers} workers, recommended k = ${s.recommended}`;
  for (let r = 0; r < RUNS; r++) {
    sweeps.push(await sweep(SEPARATED));
    console.log(`mixed k sweep 2..12 on 100,000 x (6 + 4), run ${r + 1}: ${line(sweeps[r])}`);
  }
  overlapping = await sweep(OVERLAPPING);
  console.log(
    `same sweep on the fit's overlapping groups (separation 4, spread 1.5): ${line(overlapping)}`,
  );
} finally {
  await b.close();
}
const sweepMs = quantile(
  sweeps.map((s) => s.ms),
  0.5,
);
console.log(
  `sweep median ${sweepMs.toFixed(0)} ms (target < ${SWEEP_TARGET_MS} ms): ${sweepMs < SWEEP_TARGET_MS ? 'PASS' : 'FAIL'}`,
);
printJson({
  bench: 'kproto',
  ours_ms: Math.round(kprotoMedian),
  anchor: 'kmeans 1M x 10',
  anchor_ms: Math.round(kmeansMedian),
  ratio,
  target: FIT_TARGET,
  sweep_ms: Math.round(sweepMs),
  sweep_target_ms: SWEEP_TARGET_MS,
  sweep_workers: sweeps[0]?.workers,
  sweep_overlapping_ms: overlapping ? Math.round(overlapping.ms) : null,
  node_chromium_identical: sameBits,
});
