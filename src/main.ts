import { mount } from 'svelte';
import App from './views/App.svelte';
import { Studio } from './state/studio.svelte';
import { browserAddress } from './state/share-link.svelte';
import { parentOrigins } from './lib/embed/messages';
import { APP } from './state/config-files.svelte';
import { setNearestCodegen } from './lib/kmeans/kernels';
import { setMixedCodegen } from './lib/kmeans/mixed-kernels';
import './views/global.css';
import { workerParquet } from './lib/export/parquet-worker';

// DuckDB (~200 KB of JS plus its wasm) is imported dynamically so the shell paints first.
const createPool = async () => {
  const { KMeansPool } = await import('./lib/kmeans/client');
  return new KMeansPool(
    () => new Worker(new URL('../workers/kmeans.worker.ts', import.meta.url), { type: 'module' }),
  );
};
// The page's Content-Security-Policy forbids eval: its in-page kernels are the plain ones (the
// same arithmetic); nothing tries to generate code and trip the policy.
setNearestCodegen(false);
setMixedCodegen(false);

// Parquet is encoded in a worker started per export.
const parquetWorker = () =>
  new Worker(new URL('../workers/parquet.worker.ts', import.meta.url), { type: 'module' });
const studio = new Studio(
  async (spawned) => (await import('./lib/db/browser')).getBrowserDb(spawned),
  createPool,
  browserAddress,
  workerParquet(parquetWorker),
);
if (new URLSearchParams(location.search).has('bench')) {
  void import('./state/bench-hook').then((m) => m.installBenchHook(studio, createPool));
}
// DuckDB's chunk and worker load while the shell mounts and paints: DuckDB is up ~0.1 s
// sooner, first paint is unchanged (a failed start is reported by db() itself).
void studio.db().catch(() => undefined);
const params = new URLSearchParams(location.search);
const embed = params.has('embed');
mount(App, { target: document.getElementById('app')!, props: { studio, embed } });
// In a host page's iframe: the postMessage API, for the hosts allowed by ?parent= or the build.
const hosts = parentOrigins(params.getAll('parent'), __PARENT_ORIGINS__);
if (window.parent !== window && hosts.length) {
  void import('./state/embed.svelte').then(({ EmbedBridge }) =>
    new EmbedBridge(studio, hosts, window, APP).start(),
  );
}
requestAnimationFrame(() => setTimeout(() => void studio.start(location.search), 0));
