/**
 * Micro-benchmark of the per-frame work of a threshold drag at 1,000,000 customers (no DOM):
 * recount after one threshold move, plus the stacked histogram the view repaints.
 * Run: npx tsx test/bench/drag-core.ts [n]
 */
import { createRng } from '../../src/lib/random';
import { RfmRecount, RuleRecount } from '../../src/lib/live/recount';
import { assignRules, type FeatureFrame, type Rule } from '../../src/lib/segment/rules';
import { DEFAULT_RFM_RULES, rfmScores, updateRfmRule } from '../../src/lib/segment/rfm';
import { binBySegment, binFeature, patchBySegment } from '../../src/lib/live/histogram';

const n = Number(process.argv[2] ?? 1_000_000);
const rng = createRng(1);
const recency = Float64Array.from({ length: n }, () => (rng.next() < 0.02 ? NaN : rng.int(365)));
const frequency = Float64Array.from(
  { length: n },
  () => 1 + Math.floor(-Math.log(1 - rng.next()) * 4),
);
const monetary = Float64Array.from({ length: n }, () => Math.exp(5 + rng.normal()));
const country = Int32Array.from({ length: n }, () => (rng.next() < 0.05 ? -1 : rng.int(5)));
const frame: FeatureFrame = {
  columns: { recency, frequency, monetary, country },
  categories: { country: ['UK', 'FR', 'DE', 'ES', 'NL'] },
};

function stats(label: string, times: number[]): void {
  const s = times.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  console.log(
    `${label.padEnd(46)} p50 ${q(0.5).toFixed(2).padStart(6)} ms  p95 ${q(0.95).toFixed(2).padStart(6)} ms  max ${s[s.length - 1].toFixed(2).padStart(6)} ms`,
  );
}

function run(label: string, moves: number, step: (i: number) => void): void {
  for (let i = 0; i < 10; i++) step(i); // warm-up so V8 optimises the loops
  const times: number[] = [];
  for (let i = 0; i < moves; i++) {
    const t0 = performance.now();
    step(i);
    times.push(performance.now() - t0);
  }
  stats(label, times);
}

const rules = (threshold: number): Rule[] => [
  {
    id: 'vip',
    name: 'VIP',
    when: {
      all: [
        { feature: 'monetary', op: '>=', value: 800 },
        { feature: 'frequency', op: '>=', value: 5 },
      ],
    },
  },
  { id: 'big', name: 'Big spenders', when: { feature: 'monetary', op: '>=', value: threshold } },
  {
    id: 'uk',
    name: 'UK lapsed',
    when: {
      all: [
        { feature: 'country', op: '=', value: 'UK' },
        { feature: 'recency', op: '>', value: 180 },
      ],
    },
  },
  { id: 'new', name: 'New', when: { feature: 'recency', op: 'between', value: [0, 30] } },
  { id: 'nodata', name: 'No recency', when: { feature: 'recency', op: 'is missing' } },
];

console.log(`n = ${n.toLocaleString('en')} customers, node ${process.version}`);
// a threshold dragged in small steps, as pointer events arrive: 150 -> 550 -> 150 ...
const sweep = (i: number) => 150 + Math.abs(((i * 4) % 800) - 400);

const live = new RuleRecount(rules(300), frame);
let t0 = performance.now();
live.prepare('monetary');
console.log(
  `rules: prepare (sorted index of monetary, once per drag)  ${(performance.now() - t0).toFixed(1)} ms`,
);
const hist = binFeature(monetary, 60, [0, 2000]);
const stacked = binBySegment(monetary, live.assignment, 6, hist.edges);
run('rules: replaceRule, threshold move', 200, (i) => live.replaceRule(1, rules(sweep(i))[1]));
run('frame: replaceRule + patchBySegment', 200, (i) => {
  live.replaceRule(1, rules(sweep(i))[1]);
  patchBySegment(stacked, monetary, live.assignment, 6, hist.edges, live);
});
run('rules: replaceRule, big jump (150 <-> 550)', 50, (i) =>
  live.replaceRule(1, rules(i % 2 ? 150 : 550)[1]),
);
const opFlip = (i: number): Rule => ({
  ...rules(300)[1],
  when: { feature: 'monetary', op: i % 2 ? '>' : '>=', value: sweep(i) },
});
run('rules: replaceRule, full-pass fallback', 50, (i) => live.replaceRule(1, opFlip(i)));
run('rules: full assignRules (compile + pass)', 30, (i) =>
  assignRules(rules(sweep(i)), frame, live.assignment),
);
run('histogram: binFeature 60 bins', 50, () => binFeature(monetary, 60, [0, 2000]));
run('histogram: binBySegment 6 x 60', 50, () =>
  binBySegment(monetary, live.assignment, 6, hist.edges),
);

t0 = performance.now();
const scores = rfmScores(recency, frequency, monetary);
console.log(
  `rfm: rfmScores (quintiles + scoring, once)  ${(performance.now() - t0).toFixed(1)} ms`,
);
const rfm = new RfmRecount({ r: recency, f: frequency, m: monetary }, scores, DEFAULT_RFM_RULES);
const [c0, c1, , c3] = scores.cuts.r;
const cutAt = (i: number) => c1 + ((c3 - c1) * (1 + Math.abs(((i * 2) % 196) - 98))) / 100;
rfm.setCuts('r', [c0, c1, cutAt(0), c3]); // builds the sorted index of recency once
run('rfm: setCuts, one recency cut moves', 200, (i) => rfm.setCuts('r', [c0, c1, cutAt(i), c3]));
run('rfm: setRules (drag a score range), full pass', 50, (i) =>
  rfm.setRules(updateRfmRule(DEFAULT_RFM_RULES, 'champions', { r: [5 - (i % 2), 5] })),
);
