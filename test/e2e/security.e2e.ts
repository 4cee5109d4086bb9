/**
 * The page's promise, checked in the built site: a strict Content-Security-Policy (no eval, no
 * connections but its own origin) under which loading, features, k-means, k-prototypes and a
 * centroid drag all work without one policy violation; and `?data=` pointing elsewhere is refused
 * before any request, with the build setting that would allow it named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, launchBrowser, openStudio, type StudioPage } from './harness';

let browser: Browser;
const opened: StudioPage[] = [];

/** Opens the studio with every CSP violation recorded in `window.__violations`. */
async function open(query: string): Promise<Page> {
  const s = await openStudio(browser, query, (p) =>
    p.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    }),
  );
  opened.push(s);
  return s.page;
}

const violations = (p: Page) =>
  p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a page no link can turn against its user', () => {
  it('ships a strict policy: no eval, no connections elsewhere, no plugins', async () => {
    const page = await open('?demo=off');
    const csp = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    const directives = Object.fromEntries(
      (csp ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'blob:', 'data:']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/'unsafe-eval'|\*/);
  });

  it('segments under that policy without a single violation', async () => {
    const page = await open('?demo=off');
    await page.getByTestId('file-input').setInputFiles(fixture('telco-customers.csv'));
    await page.getByRole('tab', { name: /telco-customers/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: 'Run k-prototypes' }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    // A centroid dragged: the live reassignment runs the in-page kernels.
    const handle = page.locator('[data-testid^="centroid-"]').first();
    await handle.waitFor();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 25, { steps: 5 });
    await page.mouse.up();
    expect(await violations(page)).toEqual([]);
  });

  it('reads Parquet, Excel and NDJSON under that policy (their Arrow vectors need no eval)', async () => {
    const page = await open('?demo=off');
    await page
      .getByTestId('file-input')
      .setInputFiles(['customers.parquet', 'customers.xlsx', 'orders.ndjson'].map(fixture));
    await page.getByRole('tab', { name: /orders\.ndjson/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('tab').count()).toBe(3);
    expect(await page.getByText(/could not be read/).count()).toBe(0);
    expect(await violations(page)).toEqual([]);
  });

  it('refuses ?data= on another origin before any request, naming the setting', async () => {
    const page = await open('?data=https://elsewhere.invalid/customers.csv');
    const message = page.getByText(/is not a data origin this studio may read/);
    await message.waitFor({ timeout: 60_000 });
    expect(await page.getByText(/SEGMENT_STUDIO_DATA_ORIGINS/).count()).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
  });

  it('made no request off the page’s origin and threw no error', () => {
    for (const s of opened) {
      expect(s.offOrigin).toEqual([]);
      expect(s.pageErrors).toEqual([]);
    }
  });
});
