import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';

// Money is shown in a currency the data names or the user picks, everywhere it is shown.
// A segment's row in the table opens its customers (as its Customers button and size bar do); the
// inputs and buttons in the row keep their own jobs.

let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openStudio(browser));
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByRole('radio', { name: 'RFM scores' }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

const heading = () => page.getByTestId('segment-customers').locator('h3');
const segName = (i: number) =>
  page.getByLabel(`Name of segment ${i}`, { exact: true }).inputValue();

describe('A segment row', () => {
  it('opens its customers on a click on the row, not on its controls', async () => {
    const rows = page.getByTestId('segment-table').locator('tbody tr');
    const second = rows.nth(1);
    const name = await segName(2);
    const count = await second.getByTestId('segment-count').textContent();
    // The name field and the colour are edited, not opened.
    await page.getByLabel(`Name of segment 2`, { exact: true }).click();
    await second.getByRole('button', { name: `Lock ${name}` }).waitFor();
    expect(await page.getByTestId('segment-customers').count()).toBe(0);
    // The count cell is the row itself.
    await second.getByTestId('segment-count').click();
    await heading().waitFor();
    expect(await heading().textContent()).toContain(`${count} customers in “${name}”`);
    await page.getByTestId('segment-customers').getByRole('button', { name: 'Close' }).click();
    await heading().waitFor({ state: 'detached' });
  });

  it('opens on Enter when the row has the focus', async () => {
    const third = page.getByTestId('segment-table').locator('tbody tr').nth(2);
    const name = await segName(3);
    await third.focus();
    await page.keyboard.press('Enter');
    await heading().waitFor();
    expect(await heading().textContent()).toContain(`customers in “${name}”`);
    // Enter in the row's name field renames; it does not open another segment.
    const field = page.getByLabel('Name of segment 1', { exact: true });
    await field.fill('Renamed here');
    await field.press('Enter');
    expect(await heading().textContent()).toContain(`customers in “${name}”`);
    expect(pageErrors).toEqual([]);
  });
});

describe('Money', () => {
  it('is shown in the currency picked in the header, in the segment table and the profile', async () => {
    const currency = page.getByLabel('Currency', { exact: true });
    const spend = page.getByTestId('segment-value').first();
    // The demo names no currency: money has two decimals and no symbol, and the page says why.
    expect(await currency.inputValue()).toBe('auto');
    expect(await currency.locator('option:checked').textContent()).toBe('None (from the data)');
    expect(await page.locator('#currency-note').textContent()).toMatch(/names no currency/);
    // The cell is short (1.9M); its title has the whole amount.
    const full = async () =>
      (await spend.getAttribute('title'))!.replace('Total monetary value: ', '');
    expect(await full()).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(await spend.textContent()).toMatch(/^[\d.,]+[KMB]?$/);
    const plain = Number((await full()).replace(/,/g, ''));

    await currency.selectOption('EUR');
    await expect.poll(full).toMatch(/^€\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(Number((await full()).replace(/[€,]/g, ''))).toBe(plain);
    expect(await spend.textContent()).toMatch(/^€[\d.,]+[KMB]?$/);
    // The heat map's monetary column says the same currency; a count does not.
    const heat = page.locator('table.heat');
    const headers = await heat.locator('thead th').allTextContents();
    const cell = (name: string) =>
      heat.locator(`tbody tr.overall td:nth-child(${headers.indexOf(name) + 1})`).textContent();
    expect(await cell('monetary')).toMatch(/^€[\d,]+\.\d{2}$/);
    expect(await cell('frequency')).not.toContain('€');
    // It is part of the config (and so of the link and the saved work), and undo takes it back.
    await page.getByText('Segmentation config and SQL').click();
    const cfg = JSON.parse((await page.getByTestId('studio-config').textContent()) ?? '{}') as {
      currency?: string | null;
    };
    expect(cfg.currency).toBe('EUR');
    await currency.selectOption('GBP');
    await expect.poll(() => spend.textContent()).toMatch(/^£/);
    await page.locator('body').press('Control+z');
    await expect.poll(() => spend.textContent()).toMatch(/^€/);
    expect(await currency.inputValue()).toBe('EUR');
    expect(pageErrors).toEqual([]);
  });
});
