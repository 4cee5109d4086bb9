import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, openStudio, fixture, waitForTable } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Features step', () => {
  it('computes RFM on the demo, shows distributions and the SQL, and keeps them when a custom feature is wrong', async () => {
    const { page, pageErrors } = await openStudio(browser);
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByTestId('feature-customers').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('feature-customers').textContent()).toBe('20,000');
    expect(await page.getByRole('img', { name: /Distribution of recency/ }).count()).toBe(1);
    const sql = (await page.getByTestId('feature-sql').textContent()) ?? '';
    expect(sql).toMatch(/CREATE OR REPLACE TABLE "features"/);
    expect(sql).not.toMatch(/current_date|now\(\)/i);

    // A function outside the language is refused as it is typed (issue 15), not at Compute.
    await page.getByLabel('Custom feature id').fill('bad_one');
    await page.getByLabel('Custom feature expression').fill('read_csv(1)');
    await page
      .getByRole('alert')
      .filter({ hasText: /read_csv/ })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Add custom feature' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('feature-customers').textContent()).toBe('20,000');

    await page.getByLabel('Custom feature id').fill('avg_items');
    await page
      .getByLabel('Custom feature expression')
      .fill('sum(quantity) / count_distinct(order_id)');
    await page.getByRole('button', { name: 'Add custom feature' }).click();
    await page.getByRole('button', { name: 'Compute features' }).click();
    await page.getByRole('img', { name: /Distribution of avg_items/ }).waitFor({ timeout: 60_000 });
    // A window limits every transaction feature to the last N days: fewer rows read, same customers.
    const rowsRead = async () =>
      Number(
        (
          (await page
            .getByRole('row', { name: /^frequency/ })
            .getByRole('cell')
            .nth(3)
            .textContent()) ?? ''
        ).replace(/,/g, ''),
      );
    const allRows = await rowsRead();
    expect(allRows).toBeGreaterThan(250_000);
    await page.getByLabel('Window in days').fill('90');
    await page.getByLabel('Window in days').press('Enter');
    await page.getByRole('button', { name: 'Compute features' }).click();
    await expect.poll(rowsRead, { timeout: 60_000 }).toBeLessThan(allRows);
    expect(await rowsRead()).toBeGreaterThan(0);
    expect(await page.getByTestId('feature-customers').textContent()).toBe('20,000');
    await page.getByLabel('Window in days').fill('');
    await page.getByLabel('Window in days').press('Enter');

    // Attributes of the customer table join the transactions' features; a category is kept as
    // levels (one column of codes, for rules and k-prototypes), not one-hot columns.
    await page.getByRole('checkbox', { name: 'age', exact: true }).check();
    await page.getByRole('checkbox', { name: 'gender', exact: true }).check();
    expect(await page.getByTestId('attribute-gender').textContent()).toMatch(/kept as levels/);
    await page.getByRole('button', { name: 'Compute features' }).click();
    await page.getByRole('img', { name: /Distribution of age/ }).waitFor({ timeout: 60_000 });
    const sql2 = (await page.getByTestId('feature-sql').textContent()) ?? '';
    expect(sql2).toMatch(/"demo_customers \(clean\)"/);
    expect(await page.getByRole('img', { name: /Distribution of gender/ }).count()).toBe(1);
    expect(await page.getByTestId('feature-customers').textContent()).toBe('20,000');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('cancels a long load and keeps the table loaded before it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'studio-big-'));
    const big = path.join(dir, 'big.csv');
    const lines = ['customer_id,order_id,order_date,amount,note'];
    for (let i = 0; i < 1_200_000; i++) {
      lines.push(
        `${i % 50_000},${i},2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,${(i % 997) / 10},"some text ${i}"`,
      );
    }
    writeFileSync(big, lines.join('\n'));
    const { page } = await openStudio(browser, '?demo=off');
    await page.getByTestId('file-input').setInputFiles(fixture('customers.csv'));
    await waitForTable(page, 'customers.csv');
    await page.locator('.job').waitFor({ state: 'detached' });
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 10_000 });
    await page.getByText(/Cancelled: big\.csv was not loaded/).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('tab').count()).toBe(1);
    expect(await page.getByTestId('row-count').textContent()).toBe('5');
    await page.context().close();
  });
});
