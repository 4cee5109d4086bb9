/**
 * Profiles after an edit: 1,000,000 customers x 10 numeric features x 10 segments (`--n=N`),
 * `describeSegments` (counts, means, exact medians, sds, index, ANOVA F, distinguishing features,
 * value shares) after each of 30 edits that move 5 % of the customers to another segment, the
 * way a dragged boundary does. The one-off cost per feature result (each column's value bins,
 * cached) is reported apart. Pure library code, run in Node (the V8 Chromium runs).
 * Target: 100 ms per recompute (absolute: anchor "target").
 * Run: npx tsx test/bench/profile.ts [--n=1000000]
 */
import os from 'node:os';
import { describeSegments } from '../../src/lib/profile/describe';
import { createRng } from '../../src/lib/random';

const N = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 1_000_000);
const FEATURES = 10;
const SEGMENTS = 10;
const TARGET_MS = 100;
const EDITS = 30;

const rng = createRng(1);
const numeric: Record<string, Float64Array> = {};
for (let f = 0; f < FEATURES; f++) {
  const x = new Float64Array(N);
  // Skewed like spend and counts: lognormal, with ties from rounding and 1 % missing.
  for (let i = 0; i < N; i++)
    x[i] = rng.next() < 0.01 ? NaN : Math.round(Math.exp(rng.normal() + f / 3) * 10) / 10;
  numeric[`feature_${f}`] = x;
}
const assignment = new Int32Array(N);
for (let i = 0; i < N; i++) assignment[i] = rng.int(SEGMENTS);

let t = performance.now();
describeSegments({ numeric, assignment, buckets: SEGMENTS, value: 'feature_0' });
const firstMs = performance.now() - t;

const times: number[] = [];
for (let e = 0; e < EDITS + 3; e++) {
  // An edit: a contiguous 5 % of customers moves to the next segment.
  const start = rng.int(N - N / 20);
  for (let i = start; i < start + N / 20; i++) assignment[i] = (assignment[i] + 1) % SEGMENTS;
  t = performance.now();
  describeSegments({ numeric, assignment, buckets: SEGMENTS, value: 'feature_0' });
  if (e >= 3) times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const p50 = q(0.5);
const p95 = q(0.95);
console.log(
  `profile: ${N.toLocaleString('en')} customers x ${FEATURES} features x ${SEGMENTS} segments; ` +
    `first (bins each column once) ${firstMs.toFixed(0)} ms; after an edit p50 ${p50.toFixed(1)} ms, ` +
    `p95 ${p95.toFixed(1)} ms (target ${TARGET_MS} ms)`,
);
console.log(
  `machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(
  JSON.stringify({
    bench: 'profile',
    ours_ms: Number(p50.toFixed(1)),
    anchor: 'target',
    anchor_ms: TARGET_MS,
    ratio: Number((p50 / TARGET_MS).toPrecision(4)),
    target: 1,
    p95_ms: Number(p95.toFixed(1)),
    first_ms: Math.round(firstMs),
    n: N,
  }),
);
