import { mount } from 'svelte';
import App from './views/App.svelte';
import { Studio } from './state/studio.svelte';
import './views/global.css';
import { workerParquet } from './lib/export/parquet-worker';

// DuckDB (~200 KB of JS plus its wasm) is imported dynamically so the shell paints first.
const createPool = async () => {
  const { KMeansPool } = await import('./lib/kmeans/client');
  return new KMeansPool(
    () => new Worker(new URL('../workers/kmeans.worker.ts', import.meta.url), { type: 'module' }),
  );
};
// Parquet is encoded in a worker started per export.
const parquetWorker = () =>
  new Worker(new URL('../workers/parquet.worker.ts', import.meta.url), { type: 'module' });
const studio = new Studio(
  async (spawned) => (await import('./lib/db/browser')).getBrowserDb(spawned),
  createPool,
  workerParquet(parquetWorker),
);
if (new URLSearchParams(location.search).has('bench')) {
  void import('./state/bench-hook').then((m) => m.installBenchHook(studio, createPool));
}
// DuckDB's chunk and worker load while the shell mounts and paints: DuckDB is up ~0.1 s
// sooner, first paint is unchanged (a failed start is reported by db() itself).
void studio.db().catch(() => undefined);
mount(App, { target: document.getElementById('app')!, props: { studio } });
requestAnimationFrame(() => setTimeout(() => void studio.start(location.search), 0));
