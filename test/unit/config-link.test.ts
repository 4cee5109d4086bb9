/** The share-link codec: round trips, what a link looks like, and every way a link can break. */
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLinkFragment, LinkError } from '../../src/lib/config/link';
import { checkConfig } from '../../src/lib/config/validate';
import { CONFIG_KIND, CONFIG_VERSION } from '../../src/lib/config/schema';
import { defaultSegmentsConfig } from '../../src/lib/segment/config';

const config = {
  kind: CONFIG_KIND,
  version: CONFIG_VERSION,
  dataset: null,
  features: null,
  segmentation: defaultSegmentsConfig(),
  model: null,
  meta: { app: "naïve café ☕ x'); DROP TABLE t; -- 𝄞", savedAt: '2026-12-03T00:00:00Z' },
};

describe('share links', () => {
  it('round-trips a config through #c= with only URL-safe characters', async () => {
    const fragment = await encodeLinkFragment(config);
    expect(fragment).toMatch(/^c=[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(JSON.stringify(config).length / 2);
    for (const link of [
      `https://s.example/tools/studio/?demo=off#${fragment}`,
      `#${fragment}`,
      fragment,
      fragment.slice(2),
    ])
      expect(await decodeLink(link)).toEqual(config);
    const r = checkConfig(await decodeLink(`#${fragment}`));
    expect(r.ok).toBe(true);
  });

  it('keeps other fragment parameters apart', async () => {
    const fragment = await encodeLinkFragment({ a: 1 });
    expect(await decodeLink(`https://s.example/#step=segments&${fragment}`)).toEqual({ a: 1 });
  });

  const broken = async (cut: (f: string) => string): Promise<string> => {
    const f = await encodeLinkFragment(config);
    try {
      await decodeLink(cut(f));
    } catch (e) {
      expect(e).toBeInstanceOf(LinkError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  const cases: [string, (f: string) => string, RegExp][] = [
    ['no fragment', () => 'https://s.example/studio/', /no #c= part/],
    ['a fragment without c=', () => 'https://s.example/#step=2', /has no c= part/],
    ['an empty c=', () => 'https://s.example/#c=', /c= part is empty/],
    [
      'characters base64url never uses',
      (f) => `#${f.slice(0, 20)}$%${f.slice(22)}`,
      /characters base64url never uses/,
    ],
    ['cut to a length base64 cannot have', (f) => `#${f.slice(0, 2 + 4 * 10 + 1)}`, /cut off/],
    ['cut in the middle', (f) => `#${f.slice(0, Math.floor(f.length / 2))}`, /cut off or damaged/],
    [
      'bytes changed',
      (f) => `#${f.slice(0, 12)}${f[12] === 'A' ? 'B' : 'A'}${f.slice(13)}`,
      /damaged/,
    ],
  ];
  for (const [name, cut, message] of cases)
    it(`refuses a link with ${name}`, async () => {
      expect(await broken(cut)).toMatch(message);
    });

  it('refuses data that inflates to something other than JSON', async () => {
    const bytes = new TextEncoder().encode('not json {');
    const packed = new Uint8Array(
      await new Response(
        new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    const b64 = btoa(String.fromCharCode(...packed))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    await expect(decodeLink(`#c=${b64}`)).rejects.toThrow(/decompresses, but not to JSON/);
  });
});
