import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../chromium.mjs';

/** Launches the Chromium found by global setup. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: inject('chromium'), args: CHROMIUM_ARGS });
}

/** A page on the studio plus what it did that a test may check. */
export interface StudioPage {
  page: Page;
  /** Every request to an origin other than the page's own. */
  offOrigin: string[];
  /** Uncaught page errors. */
  pageErrors: string[];
}

/**
 * Opens the studio (optionally with a query string) and waits for the shell to paint.
 * `beforeOpen` runs on the new page first (e.g. to make a request fail).
 */
export async function openStudio(
  browser: Browser,
  query = '',
  beforeOpen?: (page: Page) => Promise<unknown>,
): Promise<StudioPage> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const origin = inject('origin');
  const offOrigin: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) offOrigin.push(url);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  await beforeOpen?.(page);
  await page.goto(inject('appUrl') + query);
  await page.getByRole('heading', { name: 'Segment Studio' }).waitFor();
  return { page, offOrigin, pageErrors };
}

/** Absolute path of a fixture file. */
export function fixture(name: string): string {
  return path.join(process.cwd(), 'test', 'fixtures', name);
}

/** Waits until a table with this label is listed and active. */
export async function waitForTable(page: Page, label: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(escapeRe(label)) }).waitFor({ timeout: 60_000 });
}

/**
 * Waits for the segment table; when it does not come, fails with what the page says instead
 * (its statuses, alerts and notices), so a failure names its cause rather than only a timeout.
 */
export async function waitForSegments(page: Page, timeout = 60_000): Promise<void> {
  try {
    await page.getByTestId('segment-table').waitFor({ timeout });
  } catch (err) {
    const said = await page
      .locator('[role=status], [role=alert], .notice, .job')
      .allTextContents()
      .catch(() => []);
    const text = said.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
    throw new Error(
      `No segment table after ${timeout} ms; the page says: ${JSON.stringify(text)}`,
      {
        cause: err,
      },
    );
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the config panel (once) and reads the assignment digest the studio shows. */
export async function digestOn(page: Page): Promise<string> {
  const panel = page.locator('details.config-json');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.getByText('Segmentation config and SQL').click();
  const d = page.getByTestId('assignment-digest');
  await d.waitFor({ timeout: 60_000 });
  return (await d.textContent()) ?? '';
}

/** Clicks something that downloads a file and saves it in `dir`; returns its path. */
export async function saveDownload(
  page: Page,
  dir: string,
  click: () => Promise<void>,
): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}
