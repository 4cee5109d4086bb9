import { IngestError } from './errors';
import { DATA_ORIGINS_SETTING, dataOriginAllowed } from './data-origins';

/** Options for a data-URL download. */
export interface FetchOptions {
  signal?: AbortSignal;
  /** Fraction downloaded, when the server sends a length. */
  onProgress?: (fraction: number | null) => void;
  /** Base for relative URLs (the page's address in the browser). */
  base?: string;
  /**
   * In the browser: the page's origin and the other origins the deployment allows. A URL
   * elsewhere is refused before any request is made.
   */
  origins?: { page: string; allowed: readonly string[] };
}

/**
 * Downloads a data file the user named (`?data=<url>` or the URL box). Only http(s) is allowed;
 * failures become IngestErrors that tell a 404 from a server that refuses cross-origin reads.
 */
export async function fetchDataUrl(
  raw: string,
  opts: FetchOptions = {},
): Promise<{ name: string; bytes: Uint8Array }> {
  let url: URL;
  try {
    url = new URL(raw, opts.base ?? globalThis.location?.href);
  } catch {
    throw new IngestError(
      'read_failed',
      `"${raw}" is not a valid address.`,
      'Type a full http(s) address.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IngestError(
      'read_failed',
      `Only http(s) addresses can be loaded, not "${url.protocol}".`,
      'Download the file and drop it on the page instead.',
    );
  }
  if (opts.origins && !dataOriginAllowed(url, opts.origins.page, opts.origins.allowed)) {
    const others = opts.origins.allowed.length ? ` and ${opts.origins.allowed.join(', ')}` : '';
    throw new IngestError(
      'read_failed',
      `${url.origin} is not a data origin this studio may read: it reads only from its own origin (${opts.origins.page})${others}, so your data goes nowhere else.`,
      `Whoever deploys the studio can allow it with the build setting ${DATA_ORIGINS_SETTING}; or download the file and drop it here.`,
    );
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal, credentials: 'same-origin' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new IngestError(
      'read_failed',
      `${url.href} could not be read: the server is unreachable, or it does not allow pages from other sites to read it (CORS).`,
      'Check the address, ask its owner to allow this site (Access-Control-Allow-Origin), or download the file and drop it here.',
      { cause: err },
    );
  }
  if (!res.ok) {
    throw new IngestError(
      'read_failed',
      `${url.href} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`,
      res.status === 404
        ? 'The file is not at that address: check it for typos.'
        : 'Check the address and that you may read it.',
    );
  }
  const bytes = await readBody(res, opts.onProgress);
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '') || 'data';
  return { name: last, bytes };
}

async function readBody(
  res: Response,
  onProgress?: (fraction: number | null) => void,
): Promise<Uint8Array> {
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress?.(total ? received / total : null);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
