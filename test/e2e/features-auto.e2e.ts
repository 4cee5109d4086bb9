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

  it('are computed from the columns of a file of one row per customer, which is enough', async () => {
    const { page, pageErrors } = await openStudio(
      browser,
      '?data=/fixtures/wholesale_customers_uci.csv',
    );
    await page.getByRole('tab', { name: /wholesale/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByTestId('feature-customers').waitFor({ timeout: 60_000 });
    // The fixture's 440 rows are 440 customers: the row is the customer.
    expect(await page.getByTestId('feature-customers').textContent()).toBe('440');
    expect(await page.getByText('No loaded table has a date column').count()).toBe(0);
    // No transactions, so no RFM columns by default: the step asks for them instead of waiting.
    await page.getByRole('button', { name: /Segments/ }).click();
    await page
      .getByText(/RFM needs recency, frequency and monetary/)
      .first()
      .waitFor();
    expect(await page.getByText('Waiting for features').count()).toBe(0);
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: /^Run k-/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('that cannot be made say why on the Segments and Profiles steps, not only "waiting"', async () => {
    const { page, pageErrors } = await openStudio(browser, '?data=/fixtures/ids-and-text.csv');
    await page.getByRole('tab', { name: /ids-and-text/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Segments/ }).click();
    const wait = page.getByTestId('features-wait');
    await expect
      .poll(() => wait.textContent(), { timeout: 60_000 })
      .toMatch(/^Waiting for features: The customer table has no column to make features of/);
    expect(await wait.textContent()).toMatch(/Fix it in the Features step\.$/);
    await page.getByRole('button', { name: /Profiles/ }).click();
    expect(await page.getByTestId('features-wait').textContent()).toMatch(
      /The customer table has no column to make features of/,
    );
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
