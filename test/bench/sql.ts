/**
 * SQL benchmark: one segmentation config applied to the Online Retail file (541,909 rows) three
 * ways, each from the raw file to every customer's segment, in the same run:
 * - the studio in headless Chromium (DuckDB-WASM + the in-memory engine): the file picked in the
 *   file input, then the config opened (cleaning, features from the frozen model, assignment);
 * - the compiled DuckDB script on native DuckDB (all cores), reading the file itself (ours);
 * - the compiled PostgreSQL script on a local server, after \copy of the file (timed apart).
 * The configs come from the studio's own library in Node (recency, frequency, monetary, tenure and
 * average order value; cancellations dropped): RFM (timed), ordered rules and k-means clusters
 * (k = 6, seed 42). For each method all three paths and the in-memory engine must give the same
 * assignment digest. Target: the compiled script on native DuckDB no slower than the studio's
 * path (ratio <= 1).
 * Run: npx tsx test/bench/sql.ts [--build]
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileScript } from '../../src/lib/compile/script';
import { duckdb, postgres } from '../../src/lib/sql/dialects';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { StudioConfig } from '../../src/lib/config/schema';
import { assignmentDigest } from '../../src/lib/segment/digest';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { postgresCreateTable, postgresLoad } from '../../src/lib/compile/sources';
import { runNativeDuckdb } from '../unit/engines';
import { startPostgres } from '../unit/pg-server';
import {
  engineAssignment,
  kmeansSegmentation,
  sessionConfig,
  studioSession,
} from '../unit/studio-path';
import { machineLine, openBenchPage, printJson, retailCsv, skip, startBrowser } from './browser';

const RUNS = 3;
const opts = { generatedAt: '2026-12-03T00:00:00Z', app: 'Segment Studio (bench)' };
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const short = (h: string) => h.slice(0, 16);

if (!fs.existsSync(retailCsv)) {
  skip('sql', `${retailCsv} not found`);
  process.exit(0);
}
const dir = path.dirname(retailCsv);
const file = path.basename(retailCsv);

// The config, made with the studio's library on DuckDB-WASM in Node.
const spec = defaultSpec(['recency', 'frequency', 'monetary', 'tenure', 'aov']);
const session = await studioSession(
  [
    {
      path: retailCsv,
      cleaning: [{ kind: 'drop_cancellations', column: 'InvoiceNo', prefix: 'C' }],
    },
  ],
  spec,
);
const seg = defaultSegmentsConfig();
const config = sessionConfig(session, seg);
const nodeDigest = short(assignmentDigest(engineAssignment(session, seg)));
const others: {
  method: string;
  config: StudioConfig;
  digest: string;
  native?: string;
  pg?: string;
  browser?: string;
}[] = otherMethods(session);
session.db.close();
const configText = JSON.stringify(config);
console.log(
  `config: ${config.model!.customers} customers, as of ${config.model!.spec.asOf}; engine digest ${nodeDigest}`,
);

/** Rules on exact data values, and k-means clusters, over the same features. */
function otherMethods(
  s: typeof session,
): { method: string; config: StudioConfig; digest: string }[] {
  const id = (kind: string) => spec.features.find((f) => f.kind === kind)!.id;
  const m = Array.from(s.inputs.columns[id('monetary')]).sort((a, b) => a - b);
  const at = (q: number) => m[Math.floor(q * (m.length - 1))];
  const rules: SegmentsConfig = {
    ...defaultSegmentsConfig(),
    method: 'rules',
    rules: {
      segments: [
        {
          id: 'vip',
          name: 'VIP',
          color: '#E69F00',
          definition: {
            kind: 'rule',
            when: {
              all: [
                { feature: id('monetary'), op: '>=', value: at(0.9) },
                { feature: id('recency'), op: '<=', value: 60 },
              ],
            },
          },
        },
        {
          id: 'lapsed',
          name: 'Lapsed',
          color: '#56B4E9',
          definition: {
            kind: 'rule',
            when: {
              any: [
                { feature: id('recency'), op: '>', value: 180 },
                { feature: id('frequency'), op: 'in', value: [1] },
              ],
            },
          },
        },
        {
          id: 'mid',
          name: "Mid 'value'",
          color: '#009E73',
          definition: {
            kind: 'rule',
            when: { all: [{ feature: id('aov'), op: 'between', value: [at(0.4), at(0.6)] }] },
          },
        },
      ],
    },
  };
  const clusters = kmeansSegmentation(s, 6, { seed: 42, nInit: 2 });
  return (
    [
      ['rules', rules],
      ['clusters', clusters],
    ] as const
  ).map(([method, sg]) => ({
    method,
    config: sessionConfig(s, sg),
    digest: short(assignmentDigest(engineAssignment(s, sg))),
  }));
}

// Native DuckDB: the whole script, reading the file.
const script = compileScript(config, duckdb, opts);
const nativeMs: number[] = [];
let nativeDigest = '';
for (let run = 0; run <= RUNS; run++) {
  const t0 = performance.now();
  const a = await runNativeDuckdb(script, dir);
  if (run > 0) nativeMs.push(performance.now() - t0);
  nativeDigest = short(assignmentDigest(a));
}

// PostgreSQL: tables created and filled with \copy (timed apart), then the script.
const pg = startPostgres();
let pgDigest = '';
const pgMs: number[] = [];
let copyMs = 0;
try {
  const t = config.dataset!.tables[0];
  let t0 = performance.now();
  pg.run(`${postgresCreateTable(t)}\n${postgresLoad(t)!.join('\n')}\nANALYZE;`, dir);
  copyMs = performance.now() - t0;
  const pgScript = compileScript(config, postgres, opts);
  for (let run = 0; run < RUNS; run++) {
    t0 = performance.now();
    pg.run(pgScript, dir);
    pgMs.push(performance.now() - t0);
  }
  const rows = pg.query<{ customer_id: string; segment_id: string | null }>(
    'SELECT customer_id, segment_id FROM segment_assignment',
  );
  pgDigest = short(assignmentDigest(rows.map((r) => [r.customer_id, r.segment_id])));
  for (const o of others) {
    pg.run(compileScript(o.config, postgres, opts), dir);
    const r2 = pg.query<{ customer_id: string; segment_id: string | null }>(
      'SELECT customer_id, segment_id FROM segment_assignment',
    );
    const native = await runNativeDuckdb(compileScript(o.config, duckdb, opts), dir);
    o.pg = short(assignmentDigest(r2.map((r) => [r.customer_id, r.segment_id])));
    o.native = short(assignmentDigest(native));
  }
} finally {
  pg.stop();
}

// The studio in Chromium: pick the file, open the config; a fresh page per run.
type Hook = {
  __segmentStudio: {
    studio: {
      data: { tables: unknown[] };
      files: { openText(t: string, n: string): Promise<boolean>; problems: unknown[] };
      segments: {
        inputs: { ids: string[]; n: number } | null;
        result: { assignment: Int32Array } | null;
        config: { rfm: { segments: { id: string }[] } };
      };
    };
  };
};
const b = await startBrowser();
const browserMs: number[] = [];
const loadMs: number[] = [];
let browserDigest = '';
try {
  console.log(machineLine(b.browser));
  for (let run = 0; run <= RUNS; run++) {
    const page = await openBenchPage(b);
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(retailCsv);
    await page.waitForFunction(
      () => (globalThis as unknown as Hook).__segmentStudio.studio.data.tables.length === 1,
      null,
      { timeout: 120_000, polling: 50 },
    );
    const t1 = performance.now();
    const r = await page.evaluate(
      async ({ text, name }) => {
        const s = (globalThis as unknown as Hook).__segmentStudio.studio;
        const ok = await s.files.openText(text, name);
        const inputs = s.segments.inputs!;
        const a = s.segments.result!.assignment;
        const segs = s.segments.config.rfm.segments;
        const pairs: [string, string | null][] = [];
        for (let i = 0; i < inputs.n; i++)
          pairs.push([
            inputs.ids[i],
            a[i] < 0 ? null : a[i] < segs.length ? segs[a[i]].id : 'others',
          ]);
        return { ok, problems: s.files.problems, pairs };
      },
      { text: configText, name: file },
    );
    const t2 = performance.now();
    if (!r.ok) throw new Error(`the studio refused the config: ${JSON.stringify(r.problems)}`);
    browserDigest = short(assignmentDigest(r.pairs));
    if (run > 0) {
      loadMs.push(t1 - t0);
      browserMs.push(t2 - t0);
    }
    await page.context().close();
  }
  const page = await openBenchPage(b);
  await page.getByTestId('file-input').setInputFiles(retailCsv);
  await page.waitForFunction(
    () => (globalThis as unknown as Hook).__segmentStudio.studio.data.tables.length === 1,
    null,
    { timeout: 120_000, polling: 50 },
  );
  for (const o of others) {
    const pairs = await page.evaluate(
      async ({ text }) => {
        const s = (globalThis as unknown as Hook).__segmentStudio.studio;
        if (!(await s.files.openText(text, 'config')))
          throw new Error(JSON.stringify(s.files.problems));
        const inputs = s.segments.inputs!;
        const a = s.segments.result!.assignment;
        const cfg = s.segments.config as unknown as Record<
          string,
          { segments: { id: string }[] }
        > & { method: string };
        const segs = cfg[cfg.method].segments;
        const rest = cfg.method === 'rules' ? 'everyone-else' : null;
        const out: [string, string | null][] = [];
        for (let i = 0; i < inputs.n; i++)
          out.push([inputs.ids[i], a[i] < 0 ? null : a[i] < segs.length ? segs[a[i]].id : rest]);
        return out;
      },
      { text: JSON.stringify(o.config) },
    );
    o.browser = short(assignmentDigest(pairs));
  }
} finally {
  await b.close();
}

for (const o of others as ((typeof others)[number] & {
  native?: string;
  pg?: string;
  browser?: string;
})[]) {
  const agree = o.native === o.digest && o.pg === o.digest && o.browser === o.digest;
  console.log(
    `${o.method}: engine ${o.digest}, native ${o.native}, PostgreSQL ${o.pg}, Chromium ${o.browser}: ${agree ? 'all the same' : 'DIFFERENT'}`,
  );
}
const othersSame = (
  others as ((typeof others)[number] & { native?: string; pg?: string; browser?: string })[]
).every((o) => o.native === o.digest && o.pg === o.digest && o.browser === o.digest);

const ours = median(nativeMs);
const anchor = median(browserMs);
const same = [nativeDigest, pgDigest, browserDigest].every((d) => d === nodeDigest) && othersSame;
console.log(
  `native DuckDB, whole script from the file, median of ${RUNS} after 1 warm-up: ${ours.toFixed(0)} ms [${nativeMs.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `studio in Chromium, file picked + config opened, median of ${RUNS}: ${anchor.toFixed(0)} ms [${browserMs.map((t) => t.toFixed(0)).join(', ')}] (of which loading the file ${median(loadMs).toFixed(0)} ms)`,
);
console.log(
  `PostgreSQL: \\copy ${copyMs.toFixed(0)} ms once, then the script, median of ${RUNS}: ${median(pgMs).toFixed(0)} ms [${pgMs.map((t) => t.toFixed(0)).join(', ')}]`,
);
console.log(
  `RFM: engine ${nodeDigest}, native ${nativeDigest}, PostgreSQL ${pgDigest}, Chromium ${browserDigest}: ${same ? 'all the same' : 'DIFFERENT'}`,
);
const ratio = ours / anchor;
console.log(`ratio ${ratio.toFixed(3)} (target <= 1: ${ratio <= 1 ? 'PASS' : 'FAIL'})`);
printJson({
  bench: 'sql',
  ours_ms: Math.round(ours),
  anchor: 'studio-chromium',
  anchor_ms: Math.round(anchor),
  ratio,
  target: 1,
  postgres_ms: Math.round(median(pgMs)),
  postgres_copy_ms: Math.round(copyMs),
  same_assignment: same,
  stat: `median of ${RUNS}`,
});
if (!same) process.exit(1);
