// `npm run bench [-- NAME ...] [--build]`: runs one benchmark, several, or all in sequence.
// Each benchmark's output is streamed; its one JSON line (`{"bench": ...}`) is held back and
// printed last, so the last line of every benchmark is always its JSON line. A benchmark that
// crashes before printing one gets `{"bench": NAME, "failed": "..."}` instead.
import { execSync, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const here = path.dirname(new URL(import.meta.url).pathname);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Benchmark name -> script (relative to test/bench) and its arguments. */
const BENCHES = {
  ingest: ['ingest.ts'],
  features: ['features-browser.ts'],
  'features-scale': ['features-scale-browser.ts'],
  'features-scale-node': ['features.ts', '--scale'],
  kmeans: ['kmeans.ts'],
  sweep: ['sweep.ts'],
  kproto: ['kproto.ts'],
  drag: ['drag.ts'],
  paint: ['paint.ts'],
  sql: ['sql.ts'],
  scale: ['scale.ts'],
  link: ['link.ts'],
  export: ['export.ts'],
  profile: ['profile.ts'],
  migration: ['migration.ts'],
};

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(
    `unknown benchmark: ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
  );
  process.exit(2);
}

function isBenchJson(line) {
  if (!line.startsWith('{')) return false;
  try {
    return typeof JSON.parse(line).bench === 'string';
  } catch {
    return false;
  }
}

/** CPU, cores, Node and load average right now (browser benchmarks add Chromium's version). */
function machine() {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}; load average ${load}`;
}

/** Runs one benchmark; resolves to true when it printed its JSON line and exited 0. */
function run(name) {
  const [script, ...rest] = BENCHES[name];
  console.log(`\n=== bench ${name}: npx tsx test/bench/${script} ${rest.join(' ')} ===`);
  console.log(`machine at start: ${machine()}`);
  const child = spawn(npx, ['tsx', path.join(here, script), ...rest, ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let json = null;
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (isBenchJson(line.trim())) json = line.trim();
    else console.log(line);
  });
  const exited = new Promise((resolve) => child.on('close', (...r) => resolve(r)));
  const drained = new Promise((resolve) => lines.on('close', resolve));
  return Promise.all([exited, drained]).then(([[code, signal]]) => {
    const ok = code === 0 && json !== null;
    json ??= JSON.stringify({ bench: name, failed: signal ? `signal ${signal}` : `exit ${code}` });
    console.log(json);
    return ok;
  });
}

// `--build` rebuilds once here rather than in every browser benchmark.
if (flags.includes('--build')) {
  execSync(`${npx} vite build --logLevel warn`, {
    cwd: path.resolve(here, '../..'),
    stdio: 'inherit',
  });
  flags.splice(flags.indexOf('--build'), 1);
}

let failed = 0;
for (const name of names.length ? names : Object.keys(BENCHES)) if (!(await run(name))) failed++;
process.exit(failed ? 1 : 0);
