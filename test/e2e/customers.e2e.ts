/**
 * A customer table alone, picked in the real file input, reaches segments with every method:
 * features from its columns, RFM scored from its own columns, a rule on a category, and clusters;
 * counts as the library computes them in Node, and no request off the page's origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { fixture, launchBrowser, openStudio, type StudioPage } from './harness';
import { sourceFromTables, defaultCustomerSpec } from '../../src/lib/features/from-tables';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import { computeSession, engineAssignment, loadFiles, type Session } from '../unit/studio-path';

let browser: Browser;
let studio: StudioPage;
let page: Page;
let session: Session;

async function counts(): Promise<number[]> {
  const cells = await page.getByTestId('segment-count').allTextContents();
  return cells.map((c) => Number(c.replace(/,/g, '')));
}

/** Counts per segment (then the rest bucket) the library gives for `seg`, as the table lists them. */
function expected(seg: SegmentsConfig): number[] {
  const a = engineAssignment(session, seg);
  const segs = seg[seg.method].segments.map((s) => s.id);
  const ids =
    seg.method === 'clusters' ? segs : [...segs, seg.method === 'rfm' ? 'others' : 'everyone-else'];
  return ids.map((id) => [...a.values()].filter((v) => v === id).length);
}

beforeAll(async () => {
  const loaded = await loadFiles([{ path: fixture('customers-only.csv') }]);
  const source = sourceFromTables(loaded.sources, null, null);
  if (typeof source === 'string') throw new Error(source);
  session = await computeSession(loaded, defaultCustomerSpec(source));
  loaded.db.close();
  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
  await page.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
  await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('a customer table alone', () => {
  it('builds features from its columns and says why numbers are standardised', async () => {
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByTestId('customer-only').waitFor();
    await expect
      .poll(() => page.getByTestId('feature-customers').textContent(), { timeout: 60_000 })
      .toBe('300');
    expect(await page.getByTestId('customer-only').textContent()).toMatch(
      /standardised \(z-score\)/,
    );
  });

  it('scores RFM from the days since the last order, the orders and the spend', async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /RFM needs recency/ })
      .waitFor();
    await page.getByLabel('Recency is scored from').selectOption('days_since_order');
    await page.getByLabel('Frequency is scored from').selectOption('orders');
    await page.getByLabel('Monetary is scored from').selectOption('spend');
    await page.getByTestId('segment-table').waitFor();
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      rfm: {
        ...defaultSegmentsConfig().rfm,
        columns: { r: 'days_since_order', f: 'orders', m: 'spend' },
      },
    };
    expect(await counts()).toEqual(expected(seg));
  });

  it('makes a rule on a category with the real controls', async () => {
    await page.getByRole('radio', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule').first();
    await rule.getByLabel('Feature').selectOption('plan');
    await rule.getByLabel('Category').selectOption('premium');
    const seg: SegmentsConfig = {
      ...defaultSegmentsConfig(),
      method: 'rules',
      rules: {
        segments: [
          {
            id: 'r',
            name: 'Rule 1',
            color: '#000000',
            definition: {
              kind: 'rule',
              when: { all: [{ feature: 'plan', op: '=', value: 'premium' }] },
            },
          },
        ],
      },
    };
    await expect.poll(counts).toEqual(expected(seg));
    await rule.getByLabel('Operator').selectOption('in');
    await rule.getByRole('group', { name: 'Categories' }).getByLabel('basic').check();
    const inBoth: SegmentsConfig = {
      ...seg,
      rules: {
        segments: [
          {
            ...seg.rules.segments[0],
            definition: {
              kind: 'rule',
              when: { all: [{ feature: 'plan', op: 'in', value: ['premium', 'basic'] }] },
            },
          },
        ],
      },
    };
    await expect.poll(counts).toEqual(expected(inBoth));
  });

  it('finds clusters in the standardised numbers and the plan (k-prototypes)', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: 'Run k-prototypes' }).click();
    await expect.poll(async () => (await counts()).length, { timeout: 60_000 }).toBe(4);
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
    expect(path.basename(fixture('customers-only.csv'))).toBe('customers-only.csv');
  });
});
