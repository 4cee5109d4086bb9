import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, launchBrowser, openStudio, waitForTable } from './harness';
import { formatNumber } from '../../src/lib/number-format';

// Every control answers: a refused value keeps its message until it is fixed, a button says what
// it runs, and a notice goes when its problem does.

let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openStudio(browser, '?bench'));
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByName('studio:swept').length > 0);
});
afterAll(async () => {
  await browser?.close();
});

const counts = async (): Promise<number[]> =>
  (await page.getByTestId('segment-count').allTextContents()).map((c) =>
    Number(c.replace(/,/g, '')),
  );

describe('Clusters settings', () => {
  it('keeps a refused k with its message, says which k Run runs, and runs on Enter', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const k = page.getByLabel('Number of clusters k');
    const run = page.getByRole('button', { name: /^Run k-means/ });
    const inUse = Number(await k.inputValue());
    expect(await run.textContent()).toBe(`Run k-means, k = ${inUse}`);
    const before = await counts();

    await k.fill('100');
    await k.blur();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: /k must be a whole number from 2 to 50/ });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`k = ${inUse} stays in use`);
    // The field keeps what was typed; Run cannot run the old k behind the user's back.
    expect(await k.inputValue()).toBe('100');
    expect(await run.isDisabled()).toBe(true);
    await run.click({ force: true });
    expect(await alert.count()).toBe(1);
    expect(await counts()).toEqual(before);

    // Fixed as typed: the message goes at once; Enter applies and runs that k.
    const next = inUse === 4 ? 6 : 4;
    await k.fill(String(next));
    await expect.poll(() => alert.count()).toBe(0);
    await k.press('Enter');
    await expect.poll(async () => (await counts()).length, { timeout: 60_000 }).toBe(next);
    expect(await run.textContent()).toBe(`Run k-means, k = ${next}`);
    expect(await k.inputValue()).toBe(String(next));
    expect(pageErrors).toEqual([]);
  });
});

describe('Centroid drag', () => {
  it('moves counts and value shares while dragging, and keeps a name the user gave', async () => {
    const rename = page.getByLabel('Name of segment 2', { exact: true });
    await rename.fill('My VIPs');
    await rename.press('Enter');
    const valueShares = () =>
      page.locator('td[title="Share of total monetary value"]').allTextContents();
    const beforeCounts = await counts();
    const beforeShares = await valueShares();
    const svg = page.getByRole('application', { name: /drag on the background to select/ });
    await svg.scrollIntoViewIfNeeded();
    const cfgText = (await page.getByTestId('studio-config').textContent()) ?? '{}';
    const first = (
      JSON.parse(cfgText) as { segmentation: { clusters: { segments: { id: string }[] } } }
    ).segmentation.clusters.segments[0].id;
    const handle = page.getByTestId(`centroid-${first}`).locator('circle');
    const box = (await handle.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x + 12 * i, y + 8 * i);
    // Still holding the mouse: the table follows the preview.
    await expect.poll(counts).not.toEqual(beforeCounts);
    await expect.poll(valueShares).not.toEqual(beforeShares);
    await page.mouse.up();
    await expect
      .poll(async () => (await counts()).reduce((a, b) => a + b, 0))
      .toBe(beforeCounts.reduce((a, b) => a + b, 0));
    const names = await page
      .getByTestId('segment-table')
      .locator('tbody tr input.name')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names[1]).toBe('My VIPs');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});

describe('A segment opens to its customers', () => {
  it('lists a segment’s customers sorted and paged, with scores, and copies their ids', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'RFM scores' }).click();
    await page.getByTestId('segment-table').waitFor();
    const name = await page.getByLabel('Name of segment 1', { exact: true }).inputValue();
    const count = (await counts())[0];
    await page.getByRole('button', { name: `Customers of ${name}` }).click();
    const view = page.getByTestId('segment-customers');
    await view.waitFor();
    expect(await view.locator('h3').textContent()).toContain(
      `${count.toLocaleString('en')} customers in “${name}”`,
    );
    const table = page.getByTestId('customer-table');
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.slice(0, 1)).toEqual(['Customer id ▲']);
    expect(headers).toEqual(expect.arrayContaining(['monetary', 'R score', 'F score', 'M score']));
    expect(await table.locator('tbody tr').count()).toBe(Math.min(50, count));
    // Sorted by spend, largest first; money as money.
    await table.getByRole('button', { name: 'monetary' }).click();
    const col = headers.indexOf('monetary');
    const spend = async () =>
      (await table.locator(`tbody tr td:nth-child(${col + 1})`).allTextContents()).map((t) =>
        Number(t.replace(/,/g, '')),
      );
    const top = await spend();
    expect(top[0]).toBeGreaterThanOrEqual(top[1]);
    expect(
      await table
        .locator(`tbody tr td:nth-child(${col + 1})`)
        .first()
        .textContent(),
    ).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    if (count > 50) {
      await view.getByRole('button', { name: 'Next' }).click();
      expect(await page.getByTestId('customer-page').textContent()).toMatch(/^Page 2 of/);
      expect((await spend())[0]).toBeLessThanOrEqual(top[top.length - 1]);
    }
    await view.getByRole('button', { name: 'Copy ids' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /Copied [\d,]+ customer ids/ })
      .waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n')).toHaveLength(count);
    await view.getByRole('button', { name: 'Close' }).click();
    await view.waitFor({ state: 'detached' });
  });

  it('opens a cluster from the size bar, with each customer’s distance to its centre', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByTestId('segment-table').waitFor();
    const name = await page.getByLabel('Name of segment 1', { exact: true }).inputValue();
    await page
      .getByRole('group', { name: /Segment sizes/ })
      .getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) })
      .click();
    const table = page.getByTestId('customer-table');
    await table.waitFor();
    await table.getByRole('button', { name: 'Distance to centre' }).click();
    const headers = await table.locator('thead th').allTextContents();
    const col = headers.findIndex((h) => h.startsWith('Distance to centre'));
    const d = (await table.locator(`tbody tr td:nth-child(${col + 1})`).allTextContents()).map(
      Number,
    );
    expect(d.length).toBeGreaterThan(1);
    expect(d[0]).toBeLessThanOrEqual(d[1]);
    expect(pageErrors).toEqual([]);
  });
});

describe('One number style', () => {
  it('starts a spend rule at the median with its cents, and its handle says the same money', async () => {
    await page.getByRole('radio', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule').last();
    await rule.getByLabel('Feature').first().selectOption('monetary');
    const value = Number(await rule.getByLabel('Value').first().inputValue());
    expect(Math.round(value * 100) / 100).toBe(value);
    const handle = rule.locator('[data-testid^="cut-"]').first();
    expect(await handle.getAttribute('aria-valuetext')).toBe(formatNumber(value, 'money'));
    expect(await handle.getAttribute('aria-valuetext')).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
  });
});

describe('A brushed region', () => {
  it('lists its customers and becomes a rule segment whose bounds are the conditions', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const view = page.getByLabel('Scatter axes');
    const option = await view
      .locator('option')
      .evaluateAll(
        (os) =>
          os.map((o) => o.textContent ?? '').find((t) => /recency/.test(t) && /monetary/.test(t)) ??
          '',
      );
    expect(option).not.toBe('');
    await view.selectOption({ label: option });
    const svg = page.getByRole('application', { name: /drag on the background to select/ });
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.9, { steps: 8 });
    await page.mouse.up();
    const summary = page.getByRole('region', { name: 'Selected customers' });
    await summary.waitFor();
    const heading = (await summary.locator('h4').textContent()) ?? '';
    const selected = Number(/([\d,]+) customers selected/.exec(heading)![1].replace(/,/g, ''));
    expect(selected).toBeGreaterThan(0);
    await summary.getByRole('button', { name: 'List these customers' }).click();
    const list = summary.getByTestId('segment-customers');
    expect(await list.locator('h3').textContent()).toContain(
      `${selected.toLocaleString('en')} customers in “the selected region”`,
    );
    await summary.getByRole('button', { name: 'New rule segment from this region' }).click();
    await page
      .locator('.notices .notice')
      .filter({ hasText: /“Selected region” was added to the rules/ })
      .waitFor();
    const cfgText = (await page.getByTestId('studio-config').textContent()) ?? '{}';
    const seg = JSON.parse(cfgText) as {
      segmentation: {
        method: string;
        rules: { segments: { name: string; definition: { when: { all: unknown[] } } }[] };
      };
    };
    expect(seg.segmentation.method).toBe('rules');
    const rule = seg.segmentation.rules.segments.at(-1)!;
    expect(rule.name).toBe('Selected region');
    expect(rule.definition.when.all).toEqual([
      expect.objectContaining({
        feature: expect.stringMatching(/recency|monetary/),
        op: 'between',
      }),
      expect.objectContaining({
        feature: expect.stringMatching(/recency|monetary/),
        op: 'between',
      }),
    ]);
    // Everyone inside the bounds is in it: at least the selected (sampled) customers.
    const names = await page
      .getByTestId('segment-table')
      .locator('tbody tr input.name')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const at = names.indexOf('Selected region');
    expect(at).toBeGreaterThanOrEqual(0);
    await expect.poll(async () => (await counts())[at]).toBeGreaterThanOrEqual(selected);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.notices .notice').getByRole('button', { name: 'Dismiss' }).click();
  });
});

type Hook = {
  __segmentStudio: { studio: { features: { addCustom(id: string, expr: string): void } } };
};

describe('Features step', () => {
  it('checks a custom feature id and expression as they are typed, in words and at the spot', async () => {
    await page.getByRole('button', { name: /Features/ }).click();
    const id = page.getByLabel('Custom feature id');
    const expr = page.getByLabel('Custom feature expression');
    const add = page.getByRole('button', { name: 'Add custom feature' });
    await id.fill('big baskets!');
    const idAlert = page.locator('#custom-id-problem');
    await idAlert.waitFor();
    expect(await idAlert.textContent()).toBe(
      'The id may only use lower-case letters, digits and _: a space at character 4 is not allowed (use _).',
    );
    await id.fill('big_baskets');
    await expect.poll(() => idAlert.count()).toBe(0);
    await expr.fill('sum(quantity * ');
    const exprAlert = page.locator('#custom-expr-problem');
    await exprAlert.waitFor();
    expect(await exprAlert.locator('p').textContent()).toBe(
      'The expression is not finished: 1 bracket is still open: add “)” at the end.',
    );
    // A caret under the place in question.
    expect(await page.getByTestId('expr-spot').textContent()).toBe(
      'sum(quantity * \n' + ' '.repeat(15) + '^',
    );
    expect(await add.isDisabled()).toBe(true);
    await expr.fill('sum(qty)');
    await exprAlert.locator('p', { hasText: /^At character 5: unknown column "qty"/ }).waitFor();
    await expr.fill('sum(quantity) / count_distinct(order_id)');
    await expect.poll(() => exprAlert.count()).toBe(0);
    expect(await add.isEnabled()).toBe(true);
    await id.fill('');
    await expr.fill('');
  });

  it('explains transforms and missing-value options where they are picked', async () => {
    const transform = page.getByLabel('Transform of monetary');
    const before = await transform.inputValue();
    await transform.selectOption('rank');
    await expect
      .poll(() => transform.getAttribute('title'))
      .toMatch(/^rank: each customer’s percentile/);
    await transform.selectOption('log1p');
    await expect.poll(() => transform.getAttribute('title')).toMatch(/^log1p: log\(1 \+ x\)/);
    expect(await page.getByLabel('Missing values of monetary').getAttribute('title')).toMatch(
      /^(drop|median|mean|zero|indicator):/,
    );
    const help = page.getByTestId('choice-help');
    await help.locator('summary').click();
    expect(await help.textContent()).toMatch(
      /change what clustering sees, not the values shown in profiles, rules and exports/,
    );
    await transform.selectOption(before);
  });

  it('refuses a window of -30 or 0 days next to the field and keeps the one in use', async () => {
    const field = page.getByLabel('Window in days');
    const alert = page.locator('#window-problem');
    const before = await field.inputValue();
    await field.fill('-30');
    await field.blur();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/A window of -30 days holds no purchases/);
    expect(await field.inputValue()).toBe('-30');
    await field.fill('0');
    await alert.filter({ hasText: /A window of 0 days/ }).waitFor();
    // The field holds the refused text until it is fixed; nothing changed in the spec.
    await page.getByRole('button', { name: 'Compute features' }).waitFor();
    await field.fill(before);
    await field.blur();
    await expect.poll(() => alert.count()).toBe(0);
  });

  it('shows a failed compute once, on the other steps, and takes it away when fixed', async () => {
    const banners = page.locator('.notices .notice');
    // A feature that reads a column the data does not have (as a link made on other data).
    await page.evaluate(() =>
      (globalThis as unknown as Hook).__segmentStudio.studio.features.addCustom(
        'gone_feature',
        'sum(nope)',
      ),
    );
    const compute = page.getByRole('button', { name: 'Compute features' });
    await compute.click();
    await page.getByRole('alert').filter({ hasText: /nope/ }).first().waitFor();
    await compute.click();
    await page.getByRole('alert').filter({ hasText: /nope/ }).first().waitFor();
    // On the Features step the message sits next to Compute: no banner repeats it.
    expect(await banners.count()).toBe(0);
    await page.getByRole('button', { name: /Segments/ }).click();
    await expect.poll(() => banners.count()).toBe(1);
    expect(await banners.first().textContent()).toMatch(/nope/);
    await page.getByRole('button', { name: /Features/ }).click();
    await page
      .getByRole('row', { name: /gone_feature/ })
      .getByRole('button', { name: 'Remove' })
      .click();
    await compute.click();
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByTestId('segment-table').waitFor();
    await expect.poll(() => banners.count(), { timeout: 30_000 }).toBe(0);
  });
});

describe('Waiting for features', () => {
  it('can cancel a compute: the earlier features stay and the page says so', async () => {
    await page.getByRole('button', { name: /Features/ }).click();
    const customers = await page.getByTestId('feature-customers').textContent();
    const result = await page.evaluate(async () => {
      const studio = (
        globalThis as unknown as {
          __segmentStudio: {
            studio: {
              computeFeatures(): Promise<boolean>;
              features: { job: { label: string; cancel(): void } | null };
            };
          };
        }
      ).__segmentStudio.studio;
      // Cancel it as the bar's button does.
      const running = studio.computeFeatures();
      const label = studio.features.job?.label ?? null;
      studio.features.job?.cancel();
      return { ok: await running, label };
    });
    expect(result).toEqual({ ok: false, label: 'Computing features' });
    await page
      .locator('.notices .notice')
      .filter({ hasText: 'Computing features was cancelled: the earlier features are kept.' })
      .waitFor();
    expect(await page.getByTestId('feature-customers').textContent()).toBe(customers);
    expect(await page.getByRole('button', { name: 'Compute features' }).isEnabled()).toBe(true);
    await page.locator('.notices .notice').getByRole('button', { name: 'Dismiss' }).click();
  });
});

describe('Data step', () => {
  let data: Page;
  beforeAll(async () => {
    ({ page: data } = await openStudio(browser, '?demo=off'));
  });

  it('says a README does not look like a data file', async () => {
    await data.getByTestId('file-input').setInputFiles(fixture('README.md'));
    const err = data.getByTestId('load-error');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/"README.md" does not look like a data file/);
    expect(await err.textContent()).not.toMatch(/wrong number of fields/);
  });

  it('shows a slow column change as a job with Cancel', async () => {
    await data.getByTestId('file-input').setInputFiles(fixture('customers.csv'));
    await waitForTable(data, 'customers.csv');
    await data.locator('.job').waitFor({ state: 'detached', timeout: 60_000 });
    await data.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { __jobs: string[] }).__jobs = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('.job');
        if (bar) seen.push(bar.textContent ?? '');
      }).observe(document.body, { childList: true, subtree: true });
    });
    await data.getByLabel('Role of name').selectOption('text');
    await data.locator('.table-detail[aria-busy="false"]').waitFor({ timeout: 60_000 });
    const seen = await data.evaluate(() => (globalThis as unknown as { __jobs: string[] }).__jobs);
    expect(
      seen.some((t) => /Applying the change to customers\.csv/.test(t) && /Cancel/.test(t)),
    ).toBe(true);
  });

  it('warns before leaving with loaded files', async () => {
    await data.getByRole('tab', { name: /customers\.csv/ }).click();
    const dialog = new Promise<string>((resolve) =>
      data.once('dialog', (d) => {
        resolve(d.type());
        void d.dismiss();
      }),
    );
    const reload = data.reload({ timeout: 5_000 }).catch(() => undefined);
    expect(await dialog).toBe('beforeunload');
    await reload;
    // Dismissed: the page and its table are still there.
    await data.getByRole('tab', { name: /customers\.csv/ }).waitFor();
  });

  it('asks before removing a table, and Keep keeps it', async () => {
    const tab = data.getByRole('tab', { name: /customers\.csv/ });
    await data.getByRole('button', { name: 'Remove', exact: true }).click();
    const ask = data.getByRole('group', { name: 'Confirm removal' });
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/Remove “customers\.csv”\? Features and segments/);
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await tab.count()).toBe(1);
    await data.getByRole('button', { name: 'Remove', exact: true }).click();
    await ask.getByRole('button', { name: 'Remove table' }).click();
    await tab.waitFor({ state: 'detached' });
  });
});
