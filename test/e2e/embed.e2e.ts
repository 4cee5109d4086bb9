/**
 * Embedding: the sample host page (public/embed-host.html) puts the studio in an iframe with
 * `?embed=1&parent=<its origin>`, sends a file and a config by postMessage, and receives `ready`,
 * `segments-changed` and the assignment, which equals the studio's own. A host on an origin not
 * allowed is ignored, and the studio logs why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixture, launchBrowser, openStudio } from './harness';
import { assignmentDigest } from '../../src/lib/segment/digest';

type Received = { type: string; [k: string]: unknown };
type HostWindow = Window & {
  segmentStudioHost: {
    received: Received[];
    sendData(name: string, data: ArrayBuffer): void;
    sendConfig(config: unknown): void;
    requestAssignment(id: string): void;
  };
};

let browser: Browser;
let configText = '';
let shown = '';
const FILE = 'customers-only.csv';

const received = (p: Page) =>
  p.evaluate(() => (window as unknown as HostWindow).segmentStudioHost.received);

async function sendFile(p: Page): Promise<void> {
  const bytes = [...readFileSync(fixture(FILE))];
  await p.evaluate(
    ([name, data]) =>
      (window as unknown as HostWindow).segmentStudioHost.sendData(
        name as string,
        new Uint8Array(data as number[]).buffer,
      ),
    [FILE, bytes] as const,
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
  // The config a host would hold: made in the studio on the same file (rules on the plan).
  const { page } = await openStudio(browser, '?demo=off');
  await page.getByTestId('file-input').setInputFiles(fixture(FILE));
  await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByRole('radio', { name: 'Clusters' }).click();
  await page.getByRole('button', { name: /^Run k-/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
  await page.getByText('Segmentation config and SQL').click();
  shown = (await page.getByTestId('assignment-digest').textContent()) ?? '';
  configText = (await page.getByTestId('studio-config').textContent()) ?? '';
  await page.context().close();
});
afterAll(async () => {
  await browser?.close();
});

describe('the studio in a host page', () => {
  it('takes a file and a config from the host and hands back the same assignment', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${inject('appUrl')}embed-host.html`);
    await expect
      .poll(async () => (await received(page)).map((m) => m.type), { timeout: 60_000 })
      .toContain('segment-studio:ready');
    // The compact layout, and no demo: the host sends the data.
    const studio = page.frameLocator('#studio');
    await studio.locator('header.top.compact').waitFor();
    await sendFile(page);
    await studio.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    expect(await studio.getByRole('tab', { name: /demo/ }).count()).toBe(0);
    await page.evaluate(
      (text) => (window as unknown as HostWindow).segmentStudioHost.sendConfig(text),
      configText,
    );
    await expect
      .poll(
        async () =>
          (await received(page)).filter((m) => m.type === 'segment-studio:segments-changed').length,
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    const changed = (await received(page)).filter(
      (m) => m.type === 'segment-studio:segments-changed',
    );
    const sizes = (changed.at(-1)!.segments as { customers: number }[]).map((s) => s.customers);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
    await page.evaluate(() =>
      (window as unknown as HostWindow).segmentStudioHost.requestAssignment('r1'),
    );
    await expect
      .poll(async () => (await received(page)).some((m) => m.type === 'segment-studio:assignment'))
      .toBe(true);
    const answer = (await received(page)).find((m) => m.type === 'segment-studio:assignment')!;
    expect(answer.requestId).toBe('r1');
    const rows = answer.rows as [string, string | null, string | null][];
    expect(rows).toHaveLength(300);
    expect(assignmentDigest(rows.map(([id, seg]) => [id, seg])).slice(0, 16)).toBe(shown);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('ignores a host on an origin not allowed, and logs it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));
    await page.goto(`${inject('appUrl')}embed-host.html`);
    // The same page, but the studio is told its host is elsewhere.
    await page.evaluate(() => {
      const frame = document.getElementById('studio') as HTMLIFrameElement;
      const url = new URL(frame.src);
      url.searchParams.set('parent', 'https://elsewhere.example');
      frame.src = url.href;
    });
    const studio = page.frameLocator('#studio');
    await studio.locator('header.top.compact').waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () => {
          await sendFile(page);
          return logged.some((l) => /ignored a message from http:\/\/127\.0\.0\.1/.test(l));
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    expect(await studio.getByRole('tab', { name: /customers-only\.csv/ }).count()).toBe(0);
    // At most the first frame's `ready` (sent before its address changed): nothing since.
    expect((await received(page)).map((m) => m.type)).not.toContain(
      'segment-studio:segments-changed',
    );
    await context.close();
  });
});
