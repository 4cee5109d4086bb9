import path from 'node:path';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startStaticServer, type StaticServer } from './server';
import { findChromium } from '../chromium.mjs';

let server: StaticServer | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    origin: string;
    chromium: string;
  }
}

/** Serves the built site once for all browser test files. */
export async function setup(project: TestProject): Promise<void> {
  const root = project.config.root;
  const dist = path.join(root, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests.');
  }
  server = await startStaticServer(dist, path.join(root, 'test', 'fixtures'));
  project.provide('appUrl', server.appUrl);
  project.provide('origin', server.origin);
  project.provide('chromium', findChromium());
}

/** Stops the server. */
export async function teardown(): Promise<void> {
  await server?.close();
}
