import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A running static server: the built site under `base`, test fixtures under `/fixtures/`. */
export interface StaticServer {
  origin: string;
  /** URL of the studio, e.g. http://127.0.0.1:PORT/intranet/tools/studio/ */
  appUrl: string;
  close(): Promise<void>;
}

/**
 * Serves `dist/` under a deep sub-path (proving the relative base works on an intranet server)
 * and `test/fixtures/` under `/fixtures/` for `?data=` tests. Loopback only.
 */
export async function startStaticServer(
  distDir: string,
  fixturesDir: string,
  base = '/intranet/tools/studio/',
): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file: string | null = null;
    if (url.pathname.startsWith(base)) {
      const rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
      file = path.join(distDir, rel);
      if (!file.startsWith(distDir)) file = null;
    } else if (url.pathname.startsWith('/fixtures/')) {
      file = path.join(fixturesDir, decodeURIComponent(url.pathname.slice('/fixtures/'.length)));
      if (!file.startsWith(fixturesDir)) file = null;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    appUrl: `${origin}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
