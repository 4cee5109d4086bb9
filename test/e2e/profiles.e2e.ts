/**
 * The Profiles step in Chromium: sizes and value as the Segments step counts them, means as SQL
 * on native DuckDB computes them, the attractiveness chart, personas (edited, kept, downloaded as
 * personas.md), an over-segmentation warning with its action, and one customer's card with a
 * clear message for an id that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture, launchBrowser, openStudio, saveDownload, type StudioPage } from './harness';
import { literal } from '../../src/lib/sql/quote';
import { formatNumber } from '../../src/lib/number-format';

let browser: Browser;
let studio: StudioPage;
let page: Page;
const SHOTS = process.env.PROFILE_SHOTS;

async function premiumSpend(): Promise<{ mean: number; n: number }> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const [row] = (
      await conn.runAndReadAll(
        `SELECT avg(spend) AS mean, count(*)::INT AS n FROM read_csv(${literal(fixture('customers-only.csv'))}) WHERE plan = 'premium'`,
      )
    ).getRowObjectsJson() as { mean: number; n: number }[];
    return row;
  } finally {
    conn.closeSync();
  }
}

const sizes = async () =>
  (await page.getByTestId('profile-size').allTextContents()).map((c) =>
    Number(c.replace(/,/g, '')),
  );

beforeAll(async () => {
  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
  await page.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
  await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('the Profiles step', () => {
  it('sizes the segments as the Segments step counts them, with value from the chosen column', async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule').first();
    await rule.getByLabel('Feature').selectOption('plan');
    await rule.getByLabel('Category').selectOption('premium');
    const { n } = await premiumSpend();
    await expect
      .poll(async () => (await page.getByTestId('segment-count').allTextContents())[0], {
        timeout: 30_000,
      })
      .toBe(String(n));
    const counts = (await page.getByTestId('segment-count').allTextContents()).map((c) =>
      Number(c.replace(/,/g, '')),
    );
    await page.getByRole('button', { name: /Profiles/ }).click();
    await page.getByTestId('profile-sizes').waitFor();
    expect(await sizes()).toEqual(counts);
    await page.getByLabel('Value column').selectOption('spend');
    await page.getByTestId('attractiveness').waitFor();
    expect(await page.getByTestId('attractiveness-point').count()).toBe(2);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/profiles-top.png`, fullPage: true });
  });

  it('describes a segment by the features that set it apart, with the mean SQL gives', async () => {
    const want = await premiumSpend();
    await page.getByLabel('Segment described').selectOption({ label: 'Rule 1' });
    const row = page.getByTestId('distinguishing').locator('tr', { hasText: /^spend/ });
    await expect
      .poll(() => row.locator('td').nth(1).textContent())
      .toBe(formatNumber(want.mean, 'money'));
    expect((await sizes())[0]).toBe(want.n);
    // plan = premium is what makes the segment: every customer in it has it.
    const plan = page.getByTestId('distinguishing').locator('tr', { hasText: 'plan = premium' });
    expect(await plan.locator('td').nth(1).textContent()).toBe('100.0%');
    const tests = await page.getByTestId('segment-tests').textContent();
    expect(tests).toMatch(/χ²\(\d+\)/);
    expect(tests).toMatch(/F\(1, \d+\)/);
  });

  it('writes a persona from them, keeps an edited description and downloads personas.md', async () => {
    const cards = page.getByTestId('persona-card');
    expect(await cards.count()).toBe(2);
    const description = page.getByLabel('Description of Rule 1');
    expect(await description.inputValue()).toMatch(/plan premium/);
    await description.fill('Premium subscribers: our best.');
    await description.blur();
    await page.getByRole('button', { name: 'back to the automatic description' }).waitFor();
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('button', { name: /Profiles/ }).click();
    expect(await page.getByLabel('Description of Rule 1').inputValue()).toBe(
      'Premium subscribers: our best.',
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'personas-'));
    const file = await saveDownload(page, dir, () =>
      page.getByRole('button', { name: 'Download personas.md' }).click(),
    );
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('## Rule 1');
    expect(md).toContain('Premium subscribers: our best\\.');
    expect(md).toMatch(/- Customers: \d+ \(/);
  });

  it('warns of a segment under the size threshold', async () => {
    await page.getByTestId('no-profile-warnings').waitFor();
    await page.getByLabel('Small segment threshold (%)').fill('40');
    const warnings = page.getByTestId('profile-warnings');
    await expect
      .poll(() => warnings.textContent())
      .toMatch(/"Rule 1" holds \d+\.\d% of the customers \(under 40\.0%\)/);
    await page.getByLabel('Small segment threshold (%)').fill('90');
    await page.getByRole('alert').filter({ hasText: 'percentage from 0 to 50' }).waitFor();
  });

  it("shows one customer's card, and says so when the id does not exist", async () => {
    const id = readFileSync(fixture('customers-only.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .find((l) => l.includes(',premium,'))!
      .split(',')[0];
    await page.getByLabel('Customer id').fill(id);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByTestId('customer-card').waitFor();
    expect(await page.getByTestId('card-segment').textContent()).toBe('Rule 1');
    expect(await page.getByTestId('card-rules').textContent()).toContain('✓ plan = premium');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/profiles-bottom.png`, fullPage: true });
    await page.getByLabel('Customer id').fill('NO-SUCH-ID');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /No customer has the id “NO-SUCH-ID”/ })
      .waitFor();
    expect(await page.getByTestId('customer-card').count()).toBe(0);
  });

  it('keeps the card, the value column and the names true to the segments after edits', async () => {
    // A premium customer's card says Rule 1; once the rule picks basic, the same card says
    // Everyone else without a new lookup.
    const id = readFileSync(fixture('customers-only.csv'), 'utf8')
      .split('\n')
      .find((l) => l.includes(',premium,'))!
      .split(',')[0];
    await page.getByLabel('Customer id').fill(id);
    await page.getByRole('button', { name: 'Look up' }).click();
    expect(await page.getByTestId('card-segment').textContent()).toBe('Rule 1');
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByTestId('rule').first().getByLabel('Category').selectOption('basic');
    await page.getByRole('button', { name: /Profiles/ }).click();
    await expect.poll(() => page.getByTestId('card-segment').textContent()).toBe('Everyone else');
    // No value column: the chart says what it needs instead.
    await page.getByLabel('Value column').selectOption({ label: 'no value column' });
    await page.getByTestId('attractiveness-none').waitFor();
    expect(await page.getByLabel('Value column').inputValue()).toBe('');
    await page.getByLabel('Value column').selectOption('spend');
    // The customers no segment takes already have this name.
    const name = page.getByLabel('Name of Rule 1');
    await name.fill('Everyone else');
    await name.blur();
    await page
      .getByRole('alert')
      .filter({ hasText: /names the customers no segment takes/ })
      .waitFor();
    expect(await name.inputValue()).toBe('Rule 1');
  });

  it("gives a cluster member's distance to each cluster, its own the nearest", async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: /^Run k-/ }).click();
    await expect
      .poll(async () => (await page.getByTestId('segment-count').allTextContents()).length, {
        timeout: 60_000,
      })
      .toBe(4);
    await page.getByRole('button', { name: /Profiles/ }).click();
    await page.getByLabel('Customer id').fill('C001');
    await page.getByRole('button', { name: 'Look up' }).click();
    const rows = page.getByTestId('card-distances').locator('tr');
    await expect.poll(() => rows.count()).toBe(4);
    const own = await page.getByTestId('card-segment').textContent();
    // The nearest cluster (in bold) is the one the customer is in.
    expect(
      await page.getByTestId('card-distances').locator('tr.own td').first().textContent(),
    ).toBe(own);
  });

  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});
