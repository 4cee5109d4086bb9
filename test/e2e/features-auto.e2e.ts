import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Features from a loaded file', () => {
  it('are computed on arrival at the Features step, without a click on Compute', async () => {
    const { page, pageErrors } = await openStudio(browser, '?data=/fixtures/retail-extract.csv');
    await page.getByRole('tab', { name: /retail-extract/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByTestId('feature-customers').waitFor({ timeout: 60_000 });
    expect(
      Number((await page.getByTestId('feature-customers').textContent())?.replace(/,/g, '')),
    ).toBeGreaterThan(0);
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    expect(await page.getByText('Waiting for features').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('says plainly that a file of one row per customer has no transactions', async () => {
    const { page } = await openStudio(browser, '?data=/fixtures/wholesale_customers_uci.csv');
    await page.getByRole('tab', { name: /wholesale/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Features/ }).click();
    await page
      .getByText(
        /Features are built from transactions: one row per purchase, with a customer id and a date\. No loaded table has a date column/,
      )
      .first()
      .waitFor();
    await page.context().close();
  });
});
