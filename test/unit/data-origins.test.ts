import { describe, expect, it } from 'vitest';
import { dataOriginAllowed, parseDataOrigins } from '../../src/lib/ingest/data-origins';
import { fetchDataUrl } from '../../src/lib/ingest/url';

describe('data origins a deployment allows', () => {
  it('reads a comma-separated setting into origins, once each', () => {
    expect(parseDataOrigins(undefined)).toEqual([]);
    expect(
      parseDataOrigins(
        ' https://data.example.org , http://10.0.0.5:8080/,https://data.example.org',
      ),
    ).toEqual(['https://data.example.org', 'http://10.0.0.5:8080']);
  });

  it('refuses an entry that is not an http(s) origin, naming the setting', () => {
    expect(() => parseDataOrigins('data.example.org')).toThrow(
      /SEGMENT_STUDIO_DATA_ORIGINS: "data\.example\.org" is not an address/,
    );
    expect(() => parseDataOrigins('https://data.example.org/files')).toThrow(/is not an origin/);
    expect(() => parseDataOrigins('ftp://data.example.org')).toThrow(/is not an origin/);
  });

  it('allows the page’s own origin and the listed ones only', () => {
    const page = 'https://intranet.example.org';
    expect(dataOriginAllowed(new URL('https://intranet.example.org/a.csv'), page, [])).toBe(true);
    expect(dataOriginAllowed(new URL('https://evil.example.com/a.csv'), page, [])).toBe(false);
    expect(dataOriginAllowed(new URL('https://intranet.example.org:8443/a.csv'), page, [])).toBe(
      false,
    );
    expect(
      dataOriginAllowed(new URL('https://data.example.org/a.csv'), page, [
        'https://data.example.org',
      ]),
    ).toBe(true);
  });

  it('refuses a URL elsewhere before any request, and says which setting allows it', async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((u: URL) => {
      fetched.push(String(u));
      return Promise.reject(new Error('no network in this test'));
    }) as typeof fetch;
    try {
      await expect(
        fetchDataUrl('https://evil.example.com/steal.csv', {
          base: 'https://intranet.example.org/studio/',
          origins: { page: 'https://intranet.example.org', allowed: [] },
        }),
      ).rejects.toThrow(/https:\/\/evil\.example\.com is not a data origin this studio may read/);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(fetched).toEqual([]);
  });
});
