/**
 * The Data step with the files of issue 16, loaded through the real file input: customer tables
 * with flags, ordinals and blank numbers, a table without an id, order files that must not get
 * wrong advice, files that do not belong together, a whitespace-aligned purchase log that goes on
 * to RFM features, and bad input that leaves the last good state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, waitForTable } from './harness';
import { idle, openWith, pick, settled } from './data-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const roleOf = (page: Page, column: string) =>
  page.getByLabel(`Role of ${column}`, { exact: true });
const missingOf = async (page: Page, column: string) =>
  (
    await page
      .getByRole('row', { name: new RegExp(`^${column} `) })
      .locator('td.num')
      .textContent()
  )?.trim();

describe('Data step: customer tables', () => {
  it('infers flags, an ordered contract and blank charges as missing numbers; the order is editable', async () => {
    const { page, offOrigin, pageErrors } = await openWith(browser, 'telco-customers.csv');
    expect(await roleOf(page, 'Partner').inputValue()).toBe('flag');
    expect(await roleOf(page, 'SeniorCitizen').inputValue()).toBe('flag');
    expect(await roleOf(page, 'Contract').inputValue()).toBe('ordinal');
    expect(await roleOf(page, 'TotalCharges').inputValue()).toBe('amount');
    // Four customers with tenure 0 have a lone " " for their total: missing, not text.
    await expect.poll(() => missingOf(page, 'TotalCharges')).toBe('4');
    const levels = page.getByTestId('levels-Contract').locator('.level');
    expect(await levels.allTextContents()).toEqual(['Month-to-month', 'One year', 'Two year']);
    const guess = page.getByTestId('note-order:Contract');
    expect(await guess.textContent()).toMatch(
      /ordered by a guess from its values \(contract lengths\)/,
    );
    await page.getByRole('button', { name: 'Move Two year up' }).click();
    await expect
      .poll(() => levels.allTextContents())
      .toEqual(['Month-to-month', 'Two year', 'One year']);
    // The user's order is no longer a guess.
    await guess.waitFor({ state: 'detached' });
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('numbers the rows of a table without an id column, and says so', async () => {
    const { page } = await openWith(browser, 'wholesale_customers_uci.csv');
    expect(await page.getByTestId('note-row_id').textContent()).toMatch(
      /No column is a customer id, so each row is taken as one customer: “row_id” numbers the rows 1 to 440 in file order/,
    );
    expect(await roleOf(page, 'row_id').inputValue()).toBe('customer_id');
    expect(await roleOf(page, 'Channel').inputValue()).toBe('category');
    const preview = page.getByTestId('preview');
    expect(await preview.locator('thead th').first().textContent()).toBe('row_id');
    const ids = await preview.locator('tbody tr td:first-child').allTextContents();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    // Making Channel ordinal reads its levels; 1 and 2 follow no known scale, so no guess.
    await roleOf(page, 'Channel').selectOption('ordinal');
    await expect
      .poll(() => page.getByTestId('levels-Channel').locator('.level').allTextContents())
      .toEqual(['1', '2']);
    // Fresh has hundreds of values: too many to order, said next to its role.
    await roleOf(page, 'Fresh').selectOption('ordinal');
    await page
      .getByRole('alert')
      .filter({ hasText: /“Fresh” has [\d,]+ distinct values: too many to order by hand/ })
      .waitFor();
    expect(await roleOf(page, 'Fresh').inputValue()).toBe('measure');
    await page.context().close();
  });
});

describe('Data step: advice on order files', () => {
  it('offers no cancellations for CA-2016-… ids, names the product category and the order date', async () => {
    const { page } = await openWith(browser, 'superstore-orders.csv');
    await page.getByText('No problems found.').waitFor();
    expect(await page.getByRole('button', { name: /cancellations/i }).count()).toBe(0);
    expect(await page.getByTestId('note-product_category').textContent()).toMatch(
      /^Product category: “Category”, chosen by its name; “Ship Mode”, “Segment”, “Product ID”, “Sub-Category” stay plain categories/,
    );
    expect(await page.getByTestId('future-reference').textContent()).toMatch(
      /Future dates are looked for in “Order Date” only: after 2016-12-31/,
    );
    // The role moves: choosing Sub-Category makes Category a plain category.
    await roleOf(page, 'Sub-Category').selectOption('product_category');
    await expect.poll(() => roleOf(page, 'Category').inputValue()).toBe('category');
    await page.context().close();
  });

  it('recounts the quality panel after a cleaning step on the UCI retail shape', async () => {
    const { page } = await openWith(browser, 'retail-extract.csv');
    // Counts of checks with nothing left are not listed: 0.
    const negativeCount = async () => {
      const row = page
        .getByTestId('quality-check')
        .filter({ has: page.getByText('Negative Quantity', { exact: true }) });
      return (await row.count()) ? Number(await row.locator('.count').textContent()) : 0;
    };
    const negative = await negativeCount();
    expect(negative).toBeGreaterThan(0);
    const cancel = page.getByRole('button', { name: /Drop cancellations/ });
    expect(await cancel.count()).toBe(1);
    await cancel.click();
    await page.getByTestId('kept-rows').waitFor();
    await expect.poll(negativeCount).toBeLessThan(negative);
    expect(await page.getByRole('button', { name: /Drop cancellations/ }).count()).toBe(0);
    await page.context().close();
  });
});

describe('Data step: files that do not belong together', () => {
  it('says how many customer ids match, and asks before the demo replaces the user’s tables', async () => {
    const { page } = await openWith(browser, 'retail-extract.csv', 'retail-customers.csv');
    const match = page.getByTestId('id-match');
    await match.waitFor();
    expect(await match.textContent()).toMatch(
      /^10 of 30 customer ids in retail-customers\.csv match retail-extract\.csv \(which has \d+\)\. These files may not belong together/,
    );
    await page.getByRole('button', { name: 'Load demo data' }).click();
    const ask = page.getByRole('group', { name: 'Replace your tables with the demo?' });
    expect((await ask.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /removes the 2 tables you loaded \(retail-extract\.csv, retail-customers\.csv\)/,
    );
    await ask.getByRole('button', { name: 'Keep my tables' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await page.getByRole('tab').allTextContents()).toHaveLength(2);
    await page.getByRole('button', { name: 'Load demo data' }).click();
    await ask.getByRole('button', { name: 'Replace with the demo' }).click();
    await waitForTable(page, 'demo transactions');
    await idle(page);
    await expect
      .poll(() => page.getByRole('tab').allTextContents())
      .toEqual([
        expect.stringMatching(/^demo customers/),
        expect.stringMatching(/^demo transactions/),
      ]);
    await expect
      .poll(() => match.textContent())
      .toMatch(/^[\d,]+ of [\d,]+ customer ids in demo customers match demo transactions/);
    await page.context().close();
  });
});

describe('Data step: a whitespace-aligned purchase log', () => {
  it('loads as columns with dates and works as transactions up to RFM features', async () => {
    const { page, offOrigin, pageErrors } = await openWith(browser, 'cdnow-purchases.txt');
    expect((await page.getByTestId('table-summary').textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Whitespace-aligned text · 132 rows · 4 columns/,
    );
    expect(await roleOf(page, 'column0').inputValue()).toBe('customer_id');
    expect(await roleOf(page, 'column1').inputValue()).toBe('datetime');
    expect(await page.getByLabel('Date format of column1').inputValue()).toBe('ymd_compact');
    const first = page.getByTestId('preview').locator('tbody tr').first().locator('td');
    expect(await first.allTextContents()).toEqual(['00001', '1997-03-05 00:00:00', '2', '26.32']);
    // No header: the user says which number is the quantity and which the amount.
    await roleOf(page, 'column2').selectOption('quantity');
    await settled(page);
    await roleOf(page, 'column3').selectOption('amount');
    await settled(page);
    expect(await roleOf(page, 'column3').inputValue()).toBe('amount');
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByTestId('feature-customers').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('feature-customers').textContent()).toBe('40');
    for (const f of ['recency', 'frequency', 'monetary'])
      expect(
        await page.getByRole('img', { name: new RegExp(`Distribution of ${f}`) }).count(),
      ).toBe(1);
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

describe('Data step: bad input', () => {
  it('explains tables that cannot be segmented and refuses a file of one row, keeping what was loaded', async () => {
    const { page, pageErrors } = await openWith(browser, 'ids-and-text.csv');
    expect(await page.getByTestId('note-nothing_to_segment').textContent()).toMatch(
      /^Nothing here to segment on/,
    );
    await pick(page, 'constant-empty.csv');
    await waitForTable(page, 'constant-empty.csv');
    await idle(page);
    expect(await page.getByTestId('note-constant:always').textContent()).toMatch(
      /same value \(3\) in every row/,
    );
    expect(await page.getByTestId('note-empty:nothing').textContent()).toMatch(
      /empty in every row/,
    );
    // 10,000 cities: flagged, the rest is the features' top N.
    const lines = ['customer_id,city,visits'];
    for (let i = 0; i < 12_000; i++) lines.push(`${i + 1},Town ${i % 10_000},${i % 7}`);
    await page.getByTestId('file-input').setInputFiles({
      name: 'many-cities.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    });
    await waitForTable(page, 'many-cities.csv');
    await idle(page);
    expect(await page.getByTestId('note-many_levels:city').textContent()).toMatch(
      /^“city” has about [\d,]+ distinct values: as a feature only the most frequent ones \(top N\) are kept/,
    );
    await pick(page, 'one-row.csv');
    await idle(page);
    expect(await page.getByTestId('load-error').textContent()).toMatch(
      /"one-row\.csv" has only 1 data row: segments need many customers/,
    );
    expect(await page.getByRole('tab').count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
