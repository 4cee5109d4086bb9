/**
 * Which origins `?data=` and the URL box may read from. The page's own origin always; others only
 * when the deployment lists them at build time (`SEGMENT_STUDIO_DATA_ORIGINS`, comma-separated),
 * which also puts them in the Content-Security-Policy's connect-src.
 */

/** The build setting that lists extra data origins. */
export const DATA_ORIGINS_SETTING = 'SEGMENT_STUDIO_DATA_ORIGINS';

/**
 * The origins of a comma-separated setting, normalised (`https://data.example.org`). Throws on
 * an entry that is not an http(s) origin, so a typo fails the build instead of a load.
 */
export function parseDataOrigins(
  setting: string | undefined,
  name: string = DATA_ORIGINS_SETTING,
): string[] {
  const out: string[] = [];
  for (const raw of (setting ?? '').split(',')) {
    const text = raw.trim();
    if (!text) continue;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`${name}: "${text}" is not an address`);
    }
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.origin !== text.replace(/\/$/, '')
    )
      throw new Error(
        `${name}: "${text}" is not an origin; write only scheme, host and port, such as https://data.example.org`,
      );
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

/** True when `url` may be read by a page at `pageOrigin` under `allowed` extra origins. */
export function dataOriginAllowed(
  url: URL,
  pageOrigin: string,
  allowed: readonly string[],
): boolean {
  return url.origin === pageOrigin || allowed.includes(url.origin);
}
