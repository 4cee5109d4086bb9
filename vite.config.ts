import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { DATA_ORIGINS_SETTING, parseDataOrigins } from './src/lib/ingest/data-origins.ts';

// Data origins a deployment allows besides its own (`?data=`): in the code that checks a URL
// before fetching it, and in the Content-Security-Policy's connect-src.
const dataOrigins = parseDataOrigins(process.env[DATA_ORIGINS_SETTING]);
// Host pages allowed to drive an embedded studio by postMessage, besides `?parent=`.
const parentOrigins = parseDataOrigins(
  process.env.SEGMENT_STUDIO_PARENT_ORIGINS,
  'SEGMENT_STUDIO_PARENT_ORIGINS',
);

// A relative base makes the built folder work from any sub-path of an intranet server.
export default defineConfig({
  base: './',
  define: {
    __DATA_ORIGINS__: JSON.stringify(dataOrigins),
    __PARENT_ORIGINS__: JSON.stringify(parentOrigins),
  },
  plugins: [
    svelte(),
    {
      name: 'csp-data-origins',
      transformIndexHtml: (html) =>
        html.replace(' %DATA_ORIGINS%', dataOrigins.map((o) => ` ${o}`).join('')),
    },
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
