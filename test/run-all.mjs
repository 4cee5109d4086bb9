// `npm test`: typecheck, lint, unit tests, build, browser tests; ends with one count line.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { findChromium } from './chromium.mjs';
import { findPostgres } from './postgres.mjs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const failures = [];
const counts = { passed: 0, failed: 0 };

function step(name, args, { env } = {}) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(npx, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s) ===`,
  );
  if (!ok) failures.push(name);
  return ok;
}

function addCounts(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    counts.passed += report.numPassedTests;
    counts.failed +=
      report.numFailedTests +
      (report.numTotalTests - report.numPassedTests - report.numFailedTests);
    return report;
  } catch {
    counts.failed += 1;
    return null;
  }
}

findChromium(); // before anything slow: install it or stop with a one-line instruction
findPostgres(); // the SQL dialect tests run a real PostgreSQL server
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

step('typecheck', [
  'svelte-check',
  '--tsconfig',
  './tsconfig.json',
  '--fail-on-warnings',
  '--output',
  'human',
]);
step('lint', ['eslint', '.']);
step('format', ['prettier', '--check', '.']);
step('unit tests', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
const unit = addCounts('test-results/unit.json');
const built = step('build', ['vite', 'build', '--logLevel', 'warn']);
let e2e = null;
if (built) {
  step('browser tests', [
    'vitest',
    'run',
    '--config',
    'test/e2e/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/e2e.json',
  ]);
  e2e = addCounts('test-results/e2e.json');
} else {
  counts.failed += 1;
}

console.log('');
if (unit) console.log(`unit tests: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
if (e2e) console.log(`browser tests: ${e2e.numPassedTests} passed, ${e2e.numFailedTests} failed`);
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
// Checks that are not tests (typecheck, lint, format, build) count as one failure each.
const stepFailures = failures.filter((f) => !['unit tests', 'browser tests'].includes(f)).length;
console.log(`${counts.passed} passed, ${counts.failed + stepFailures} failed`);
process.exit(failures.length || counts.failed ? 1 : 0);
