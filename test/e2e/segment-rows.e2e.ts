import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';

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
