/**
 * The share-link codec: a config travels in a URL's fragment as `#c=` + base64url(deflate-raw(JSON)).
 * The fragment never reaches a server. Encoding and decoding use the platform's
 * CompressionStream / DecompressionStream (browsers and Node 20), so the studio and the
 * command-line tool read the same links. Decoding only gives back the parsed JSON: the caller
 * checks it with `checkConfig` like any untrusted config.
 */

/** The fragment key the config sits under. */
export const LINK_KEY = 'c';

/** Longest encoded config read from a link (a URL is rarely allowed more than ~2 MB). */
export const MAX_LINK_CHARS = 2_000_000;

/** A link that does not hold a readable config, with what the user can do about it. */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new LinkError(
      'the link’s config has characters base64url never uses: it was changed or cut while copying; copy the whole link again',
    );
  if (text.length % 4 === 1)
    throw new LinkError('the link’s config is cut off: copy the whole link again');
  const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The fragment (without `#`) that carries `config`: `c=<base64url(deflate-raw(JSON))>`. */
export async function encodeLinkFragment(config: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(config));
  return `${LINK_KEY}=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The encoded config of a link, a fragment (`#c=...`, `c=...`) or a bare encoded config. */
function encodedPart(link: string): string {
  const text = link.trim();
  const hash = text.indexOf('#');
  if (hash < 0 && /^[A-Za-z0-9_-]+$/.test(text)) return text;
  const fragment = hash >= 0 ? text.slice(hash + 1) : text;
  const params = new URLSearchParams(fragment);
  const value = params.get(LINK_KEY);
  if (value === null)
    throw new LinkError(
      hash < 0
        ? 'this is not a Segment Studio share link: it has no #c= part'
        : 'the link’s fragment has no c= part: copy the share link from the studio again',
    );
  if (value === '') throw new LinkError('the link’s c= part is empty: copy the whole link again');
  return value;
}

/**
 * The parsed JSON a share link carries. Throws LinkError for a link without a config, for text
 * that is not base64url, and for data that does not inflate to JSON (cut off or corrupted).
 */
export async function decodeLink(link: string): Promise<unknown> {
  const encoded = encodedPart(link);
  if (encoded.length > MAX_LINK_CHARS)
    throw new LinkError(
      `the link’s config is ${encoded.length} characters; at most ${MAX_LINK_CHARS} are read`,
    );
  const packed = fromBase64Url(encoded);
  let bytes: Uint8Array;
  try {
    bytes = await pipe(packed, new DecompressionStream('deflate-raw'));
  } catch {
    throw new LinkError(
      'the link’s config is cut off or damaged (it does not decompress): copy the whole link again',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return JSON.parse(text);
  } catch {
    throw new LinkError(
      'the link’s config is damaged (it decompresses, but not to JSON): copy the whole link again',
    );
  }
}
