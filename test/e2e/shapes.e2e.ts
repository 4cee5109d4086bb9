/**
 * Every shape of customer file the studio is for, through the real file input, reaches segments
 * with each method: no id column with coded categories (wholesale), numbers and text categories
 * (telecom), and whitespace-aligned transactions, numbers only (the CD retailer's log). The
 * counts of each segmentation add up to the customers, and no request leaves the page's origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fixture, launchBrowser, openStudio, waitForSegments, type StudioPage } from './harness';

let browser: Browser;
const opened: StudioPage[] = [];

async function counts(page: Page): Promise<number[]> {
  const cells = await page.getByTestId('segment-count').allTextContents();
  return cells.map((c) => Number(c.replace(/,/g, '')));
}
const total = async (page: Page) => (await counts(page)).reduce((a, b) => a + b, 0);

/** Loads `file` with the file input and opens the Segments step. */
async function load(file: string, tab: RegExp): Promise<Page> {
  const s = await openStudio(browser, '?demo=off');
  opened.push(s);
  await s.page.getByTestId('file-input').setInputFiles(fixture(file));
  await s.page.getByRole('tab', { name: tab }).waitFor({ timeout: 60_000 });
  return s.page;
}

/** RFM (scored from `columns` when given), a rule, then clusters: each adds up to `n`. */
async function everyMethod(page: Page, n: number, columns?: [string, string, string]) {
  await page.getByRole('button', { name: /Segments/ }).click();
  if (columns) {
    await page.getByLabel('Recency is scored from').selectOption(columns[0]);
    await page.getByLabel('Frequency is scored from').selectOption(columns[1]);
    await page.getByLabel('Monetary is scored from').selectOption(columns[2]);
  }
  await waitForSegments(page);
  await expect.poll(() => total(page), { timeout: 60_000 }).toBe(n);
  expect((await counts(page)).length).toBeGreaterThan(2);

  await page.getByRole('radio', { name: 'Rules' }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect.poll(async () => (await counts(page)).length, { timeout: 30_000 }).toBe(2);
  expect(await total(page)).toBe(n);

  await page.getByRole('radio', { name: 'Clusters' }).click();
  await page.getByRole('button', { name: /^Run k-/ }).click();
  await expect.poll(async () => (await counts(page)).length, { timeout: 60_000 }).toBe(4);
  expect(await total(page)).toBe(n);
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('every shape of customer file reaches segments with each method', () => {
  it('no id column, spend numbers and coded categories (wholesale): RFM from its columns, a rule, k-prototypes', async () => {
    const page = await load('wholesale_customers_uci.csv', /wholesale/);
    await everyMethod(page, 440, ['delicassen', 'milk', 'grocery']);
    // Channel 1/2 and Region 1/2/3 are categories (codes, not amounts): compared, not averaged.
    expect(await page.getByRole('button', { name: /^Run k-prototypes/ }).count()).toBe(1);
  });

  it('numbers and categories (telecom): RFM from its columns, a rule, k-prototypes', async () => {
    const page = await load('telco-customers.csv', /telco-customers/);
    const n = readFileSync(fixture('telco-customers.csv'), 'utf8').trim().split('\n').length - 1;
    await everyMethod(page, n, ['tenure', 'tenure', 'monthlycharges']);
    expect(await page.getByRole('button', { name: /^Run k-prototypes/ }).count()).toBe(1);
  });

  it('whitespace-aligned transactions, numbers only (the CD log): RFM, a rule, k-means', async () => {
    const page = await load('cdnow-purchases.txt', /cdnow/);
    const roleOf = (c: string) => page.getByLabel(`Role of ${c}`, { exact: true });
    await roleOf('column2').selectOption('quantity');
    await expect.poll(() => roleOf('column2').inputValue()).toBe('quantity');
    await roleOf('column3').selectOption('amount');
    await expect.poll(() => roleOf('column3').inputValue()).toBe('amount');
    await everyMethod(page, 40);
    expect(await page.getByRole('button', { name: /^Run k-means/ }).count()).toBe(1);
  });

  it('opens several files named by ?data= on open, in order', async () => {
    const s = await openStudio(
      browser,
      '?data=/fixtures/customers-only.csv&data=/fixtures/cdnow-purchases.txt',
    );
    opened.push(s);
    await s.page.getByRole('tab', { name: /cdnow-purchases/ }).waitFor({ timeout: 60_000 });
    const tabs = await s.page.getByRole('tab').allTextContents();
    expect(tabs.map((t) => t.trim().split(/\s/)[0])).toEqual([
      'customers-only.csv',
      'cdnow-purchases.txt',
    ]);
  });

  it('made no request off the page’s origin and threw no error', () => {
    for (const s of opened) {
      expect(s.offOrigin).toEqual([]);
      expect(s.pageErrors).toEqual([]);
    }
  });
});
