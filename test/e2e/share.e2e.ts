/**
 * The address is the work: every edit is in the page's `#c=` fragment, and opening that address
 * in a fresh browser reproduces the same assignment, at once on the demo, or as soon as the file
 * the link was made on is loaded. A damaged link says so and leaves the studio usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, launchBrowser, openStudio, type StudioPage, digestOn } from './harness';
import { decodeLink, encodeLinkFragment } from '../../src/lib/config/link';
import type { StudioConfig } from '../../src/lib/config/schema';

/** A name with quotes and an ampersand: it travels in the link and into SQL as text. */
const NAME = `Best "friends" & co's`;
let browser: Browser;
const opened: StudioPage[] = [];

async function open(query: string): Promise<Page> {
  const s = await openStudio(browser, query);
  opened.push(s);
  return s.page;
}

/** The config the page's address holds. */
async function addressConfig(p: Page): Promise<StudioConfig> {
  return (await decodeLink(p.url())) as StudioConfig;
}

/** The same address (path, query and fragment) in a fresh browser context. */
function relative(p: Page): string {
  const u = new URL(p.url());
  return u.search + u.hash;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('share links', () => {
  it('follows every edit and reopens the demo’s segments identically in a fresh browser', async () => {
    const page = await open('');
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    const name = page.getByTestId('segment-table').locator('input.name').first();
    // Markup is refused where it is typed, as the validator refuses it in an opened config.
    const before = await name.inputValue();
    await name.fill('<b>Best</b>');
    await name.press('Enter');
    await page.getByText(/looks like HTML markup/).waitFor();
    expect(await name.inputValue()).toBe(before);
    await name.fill(NAME);
    await name.press('Enter');
    await expect
      .poll(async () => (await addressConfig(page)).segmentation.rfm.segments[0].name, {
        timeout: 10_000,
      })
      .toBe(NAME);
    const shown = await digestOn(page);
    // The link's length is on screen next to Copy link, as the address bar has it.
    expect(await page.getByTestId('link-length').textContent()).toBe(
      `${page.url().length.toLocaleString('en')} characters`,
    );
    await page.getByTestId('copy-link').click();
    await expect
      .poll(() => page.getByTestId('copy-link-said').textContent())
      .toMatch(/characters|clipboard/);

    const other = await open(relative(page).replace(/^\?/, '?'));
    await other.getByRole('button', { name: /Segments/ }).click();
    await expect
      .poll(
        async () => other.getByTestId('segment-table').locator('input.name').first().inputValue(),
        {
          timeout: 60_000,
        },
      )
      .toBe(NAME);
    expect(await digestOn(other)).toBe(shown);
  });

  it('waits for the file a link was made on, then applies it: the same assignment', async () => {
    const page = await open('?demo=off');
    await page.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
    await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: /^Run k-/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => (await addressConfig(page)).segmentation.clusters.segments.length, {
        timeout: 20_000,
      })
      .toBeGreaterThan(1);
    const shown = await digestOn(page);

    // Without ?demo=off: the link itself keeps the demo away, as it was made on another file.
    const other = await open(new URL(page.url()).hash);
    const waiting = other.getByTestId('link-waiting');
    await waiting.waitFor({ timeout: 60_000 });
    expect(await waiting.textContent()).toMatch(/customers-only\.csv \(300 rows\)/);
    expect(await other.getByRole('tab', { name: /demo/ }).count()).toBe(0);
    await other.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
    await waiting.waitFor({ state: 'detached', timeout: 60_000 });
    await other.getByRole('button', { name: /Segments/ }).click();
    expect(await digestOn(other)).toBe(shown);
    expect((await addressConfig(other)).segmentation.method).toBe('clusters');
  });

  it('applies what fits of a link to other data, and says what it left out', async () => {
    const made = await open('?demo=off');
    await made.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
    await made.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    await made.getByRole('button', { name: /Features/ }).click();
    await made.getByTestId('feature-customers').waitFor({ timeout: 60_000 });
    // The address once it holds the computed features (their spec and fitted model).
    await expect
      .poll(async () => made.url().includes('#c=') && (await addressConfig(made)).model !== null, {
        timeout: 30_000,
      })
      .toBe(true);
    const config = await addressConfig(made);
    expect(config.features!.features.map((f) => f.id)).toEqual(
      expect.arrayContaining(['plan', 'income']),
    );
    const rule = (id: string, name: string, when: unknown) => ({
      id,
      name,
      color: '#0072B2',
      definition: { kind: 'rule', when },
    });
    config.segmentation.method = 'rules';
    config.segmentation.rules.segments = [
      rule('premium', 'Premium', { all: [{ feature: 'plan', op: '=', value: 'premium' }] }),
      rule('rich', 'Rich', { all: [{ feature: 'income', op: '>=', value: 90000 }] }),
    ] as never;
    const other = await open(`#${await encodeLinkFragment(config)}`);
    await other.getByTestId('link-waiting').waitFor({ timeout: 60_000 });
    await other.getByTestId('file-input').setInputFiles(fixture('customers-next-month.csv'));
    await expect
      .poll(() => other.getByTestId('link-waiting').textContent(), { timeout: 60_000 })
      .toMatch(/closest loaded table, customers-next-month\.csv, differs: missing income/);
    await other.getByTestId('apply-what-fits').click();
    const partial = other.getByTestId('link-partial');
    await partial.waitFor({ timeout: 60_000 });
    expect(await partial.textContent()).toMatch(/features left out .*: income/);
    expect(await partial.textContent()).toMatch(/segments left out .*: Rich/);
    await other.getByRole('button', { name: /Segments/ }).click();
    const names = other.getByTestId('segment-table').locator('input.name');
    await expect.poll(() => names.first().inputValue(), { timeout: 60_000 }).toBe('Premium');
    expect(await names.count()).toBe(1);
  });

  it('says a damaged link could not be read and keeps the studio usable', async () => {
    const page = await open('#c=not*base64');
    await page.getByTestId('link-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('link-error').textContent()).toMatch(/could not be read/);
    await page.getByRole('tab', { name: /demo transactions/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('link-error').waitFor({ state: 'detached' });
  });

  it('made no request off the page’s origin and threw no error', () => {
    for (const s of opened) {
      expect(s.offOrigin).toEqual([]);
      expect(s.pageErrors).toEqual([]);
    }
  });
});
