/**
 * The postMessage API between a host page and an embedded studio. Every message is an object
 * with a `type` starting `segment-studio:`. What a host sends is read here field by field (never
 * run): data as bytes or a URL, a config (checked by the config validator afterwards), and a
 * request for the assignment.
 */

/** Prefix of every message type, so a host's other traffic is told apart. */
export const PREFIX = 'segment-studio:';

/** What a host may send. */
export type HostMessage =
  | { type: 'segment-studio:load-data'; name: string; data: ArrayBuffer }
  | { type: 'segment-studio:load-url'; url: string }
  | { type: 'segment-studio:config'; config: unknown }
  | { type: 'segment-studio:get-assignment'; requestId: string };

/** What the studio sends its host. */
export type StudioMessage =
  | { type: 'segment-studio:ready'; version: string }
  | {
      type: 'segment-studio:segments-changed';
      segments: { id: string; name: string; customers: number }[];
    }
  | {
      type: 'segment-studio:assignment';
      requestId: string;
      /** `[customer id, segment id, segment name]`, null segment for none. */
      rows: [string, string | null, string | null][];
    }
  | { type: 'segment-studio:error'; message: string; requestId?: string };

/** Longest file name accepted from a host. */
const MAX_NAME = 255;

/**
 * Reads a host's message: the typed message, or a sentence saying what is wrong with it (null
 * when it is not meant for the studio at all).
 */
export function readHostMessage(value: unknown): HostMessage | { error: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.type !== 'string' || !o.type.startsWith(PREFIX)) return null;
  switch (o.type) {
    case 'segment-studio:load-data': {
      if (typeof o.name !== 'string' || !o.name.trim() || o.name.length > MAX_NAME)
        return {
          error: 'load-data needs a file name (a non-empty string of at most 255 characters)',
        };
      if (!(o.data instanceof ArrayBuffer))
        return { error: 'load-data needs the file’s bytes as an ArrayBuffer in `data`' };
      return { type: o.type, name: o.name.trim(), data: o.data };
    }
    case 'segment-studio:load-url':
      if (typeof o.url !== 'string' || !o.url.trim())
        return { error: 'load-url needs an address in `url`' };
      return { type: o.type, url: o.url.trim() };
    case 'segment-studio:config':
      if (o.config === undefined) return { error: 'config needs the config in `config`' };
      return { type: o.type, config: o.config };
    case 'segment-studio:get-assignment':
      if (typeof o.requestId !== 'string' || o.requestId.length > 200)
        return { error: 'get-assignment needs a `requestId` string (echoed in the answer)' };
      return { type: o.type, requestId: o.requestId };
    default:
      return { error: `unknown message type "${o.type}"` };
  }
}

/**
 * The host origins allowed to talk to the studio: `?parent=` (repeated or comma-separated) and
 * the build's list. Entries that are not origins are dropped.
 */
export function parentOrigins(params: readonly string[], built: readonly string[]): string[] {
  const out: string[] = [...built];
  for (const p of params)
    for (const raw of p.split(',')) {
      try {
        const o = new URL(raw.trim()).origin;
        if (o !== 'null' && !out.includes(o)) out.push(o);
      } catch {
        // Not an origin: ignored.
      }
    }
  return out;
}
