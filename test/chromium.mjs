// Finds a Chromium for the browser tests and benchmarks; never downloads a browser of its own.
import { existsSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

function fromPlaywrightCache() {
  const cache = path.join(os.homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return null;
  for (const dir of readdirSync(cache)
    .filter((d) => d.startsWith('chromium'))
    .sort()
    .reverse()) {
    for (const rel of ['chrome-linux/chrome', 'chrome-linux64/chrome']) {
      const p = path.join(cache, dir, rel);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** Returns a Chromium executable path, installing Debian's package with apt when possible. */
export function findChromium({ install = true } = {}) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const cached = fromPlaywrightCache();
  if (cached) return cached;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (install && hasApt) {
    const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
    console.log("Chromium not found: installing Debian's chromium with apt-get ...");
    execSync(
      `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
      {
        stdio: 'inherit',
      },
    );
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    'No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium.',
  );
  process.exit(2);
}

/** Launch flags for a closed network: no background requests, no sandbox as root. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

if (import.meta.url === `file://${process.argv[1]}`) console.log(findChromium());
