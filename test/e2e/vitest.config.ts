import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Browser tests: real Chromium (playwright-core) against the built site. One file at a time:
// the machines have 2 cores and each file runs its own browser.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
