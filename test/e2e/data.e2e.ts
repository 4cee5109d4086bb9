import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio, waitForTable, type StudioPage } from './harness';
import { idle, pick } from './data-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function rowCount(page: Page): Promise<string> {
  return (await page.getByTestId('row-count').textContent()) ?? '';
}

describe('Data step', () => {
  it('opens on the demo retailer with its two tables, quality checks and no off-origin request', async () => {
    const s = await openStudio(browser);
    const { page } = s;
    await waitForTable(page, 'demo transactions');
    await idle(page);
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(2);
    await page.getByRole('tab', { name: /demo customers/ }).click();
    expect(Number((await rowCount(page)).replace(/,/g, ''))).toBeGreaterThanOrEqual(19_000);
    await page.getByRole('tab', { name: /demo transactions/ }).click();
    expect(Number((await rowCount(page)).replace(/,/g, ''))).toBeGreaterThanOrEqual(250_000);
    await page.getByTestId('quality-check').first().waitFor();
    expect(await page.getByTestId('preview').locator('tbody tr').count()).toBe(20);
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
    await page.context().close();
  });

  it('says so, instead of waiting forever, when DuckDB cannot start, and keeps the shell usable', async () => {
    const { page, pageErrors } = await openStudio(browser, '', (p) =>
      p.route(/duckdb-browser-[a-z]+\.worker[^/]*\.js$/, (r) => r.fulfill({ status: 404 })),
    );
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/database could not start: DuckDB's worker stopped/);
    expect(await alert.textContent()).toMatch(/Reload the page/);
    expect(await page.getByText('Database failed').isVisible()).toBe(true);
    // The start is not retried behind the user's back: one message, not one per attempt.
    await page.waitForTimeout(1000);
    expect(await page.getByRole('alert').count()).toBe(1);
    const features = page
      .getByRole('navigation', { name: 'Steps' })
      .getByRole('button', { name: /Features/ });
    await features.click();
    expect(await features.getAttribute('aria-current')).toBe('step');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('replaces a table that already exists when Arrow data is inserted under its name', async () => {
    const { page } = await openStudio(browser, '?bench&demo=off');
    // The hook is installed once the studio has started, which may be after the first paint.
    await page.waitForFunction(() => '__segmentStudio' in globalThis);
    const counts = await page.evaluate(async () => {
      type Db = {
        query(sql: string): Promise<{ numRows: number }>;
        insertArrow(table: string, data: unknown): Promise<void>;
      };
      const hook = (globalThis as { __segmentStudio?: { studio: { db(): Promise<Db> } } })
        .__segmentStudio;
      const db = await hook!.studio.db();
      const two = await db.query('SELECT * FROM range(2) t(x)');
      const three = await db.query('SELECT * FROM range(3) t(x)');
      await db.insertArrow('dup', two);
      const first = (await db.query('SELECT * FROM dup')).numRows;
      await db.insertArrow('dup', three);
      return [first, (await db.query('SELECT * FROM dup')).numRows];
    });
    expect(counts).toEqual([2, 3]);
    await page.context().close();
  });

  it('loads CSV, Parquet, xlsx and NDJSON through the real file input', async () => {
    const { page, offOrigin, pageErrors } = await openStudio(browser, '?demo=off');
    await pick(page, 'customers.csv', 'customers.parquet', 'customers.xlsx', 'orders.ndjson');
    await waitForTable(page, 'orders.ndjson');
    await idle(page);
    const expected: [string, string][] = [
      ['customers.csv', '5'],
      ['customers.parquet', '4'],
      ['customers.xlsx', '3'],
      ['orders.ndjson', '3'],
    ];
    for (const [label, rows] of expected) {
      await page.getByRole('tab', { name: new RegExp(label.replace('.', '\\.')) }).click();
      await expect.poll(() => rowCount(page)).toBe(rows);
      expect(await page.getByTestId('preview').locator('tbody tr').count()).toBe(Number(rows));
    }
    // The workbook has two sheets: the picker reads the other one into the same table.
    await page.getByRole('tab', { name: /customers\.xlsx/ }).click();
    await page.getByLabel('Sheet').selectOption('Orders');
    await expect.poll(() => rowCount(page)).toBe('2');
    expect(await page.getByTestId('preview').locator('thead th').allTextContents()).toContain(
      'Order',
    );
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('shows a clear error for a malformed file and keeps the earlier table', async () => {
    const { page, pageErrors } = await openStudio(browser, '?demo=off');
    await pick(page, 'customers.csv');
    await waitForTable(page, 'customers.csv');
    await idle(page);
    for (const [file, message] of [
      ['bad.json', /JSON/i],
      ['binary.csv', /binary|not a text/i],
      ['empty.csv', /empty/i],
      ['truncated.parquet', /parquet/i],
      ['ragged.csv', /line|fields|columns/i],
    ] as const) {
      await pick(page, file);
      await idle(page);
      await page.getByRole('alert').filter({ hasText: message }).first().waitFor();
    }
    // Still there, still usable.
    expect(await page.getByRole('tab').count()).toBe(1);
    await page.getByRole('tab', { name: /customers\.csv/ }).click();
    expect(await rowCount(page)).toBe('5');
    expect(await page.getByTestId('preview').locator('tbody tr').count()).toBe(5);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('loads hostile file and column names', async () => {
    const { page } = await openStudio(browser, '?demo=off');
    await pick(page, 'x"; DROP TABLE t; --.csv', 'hostile-names.csv');
    await waitForTable(page, 'hostile-names.csv');
    await idle(page);
    await page.getByRole('tab', { name: /DROP TABLE/ }).click();
    await expect.poll(() => rowCount(page)).toBe('2');
    await page.getByRole('tab', { name: /hostile-names/ }).click();
    await expect.poll(() => rowCount(page)).toBe('2');
    const headers = await page.getByTestId('preview').locator('thead th').allTextContents();
    expect(headers).toEqual(['select', 'Price (£)', 'a"b']);
    await page.context().close();
  });

  it('opens ?data=<url> from the same origin and explains a 404', async () => {
    const ok: StudioPage = await openStudio(browser, '?data=/fixtures/customers.csv');
    await waitForTable(ok.page, 'customers.csv');
    await idle(ok.page);
    expect(await rowCount(ok.page)).toBe('5');
    await ok.page.context().close();

    // Another origin (here another port) is refused before any request, naming the setting
    // that would allow it.
    const down = await openStudio(browser, '?data=http://127.0.0.1:9/customers.csv');
    await down.page
      .getByRole('alert')
      .filter({ hasText: /http:\/\/127\.0\.0\.1:9 is not a data origin this studio may read/ })
      .waitFor();
    expect(down.offOrigin).toEqual([]);
    await down.page.context().close();

    const missing = await openStudio(browser, '?data=/fixtures/nope.csv');
    await missing.page.getByRole('alert').filter({ hasText: /404/ }).waitFor();
    await missing.page.getByText(/check it for typos/i).waitFor();
    await missing.page.context().close();
  });

  it('edits a role and applies a cleaning option whose effect was shown first', async () => {
    const { page } = await openStudio(browser);
    await waitForTable(page, 'demo transactions');
    await idle(page);
    await page.getByRole('tab', { name: /demo transactions/ }).click();
    const total = Number((await rowCount(page)).replace(/,/g, ''));
    const button = page.getByRole('button', { name: /Drop cancellations/ });
    const text = (await button.textContent()) ?? '';
    const [, dropped, kept] = /drop ([\d,]+), keep ([\d,]+)/
      .exec(text)!
      .map((x) => x.replace(/,/g, ''));
    expect(Number(dropped) + Number(kept)).toBe(total);
    await button.click();
    await expect
      .poll(async () => page.getByTestId('kept-rows').textContent())
      .toBe(Number(kept).toLocaleString('en'));
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('kept-rows').waitFor({ state: 'detached' });

    const role = page.getByLabel('Role of category');
    await role.selectOption('text');
    await expect.poll(() => role.inputValue()).toBe('text');
    await page.context().close();
  });
});
