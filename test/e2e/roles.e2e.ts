/**
 * The roles the Data step infers reach the Features step (issue 16): the telecom customer table,
 * picked in the real file input, offers its flags and its ordinal contract with their encoding,
 * says which table "Automatic" chose, makes a rule `contract = Two year` with the real controls
 * (counts as the library computes them in Node) and runs k-prototypes with the contract ticked.
 * An order file offers its per-customer columns as customer attributes with how many customers
 * have more than one value. No request leaves the page's origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture, launchBrowser, openStudio, type StudioPage } from './harness';
import { sourceFromTables, defaultCustomerSpec } from '../../src/lib/features/from-tables';
import { defaultSegmentsConfig, type SegmentsConfig } from '../../src/lib/segment/config';
import type { StudioConfig } from '../../src/lib/config/schema';
import { computeSession, engineAssignment, loadFiles, type Session } from '../unit/studio-path';

const FILE = 'telco-customers.csv';
let browser: Browser;
let studio: StudioPage;
let page: Page;
let session: Session;

async function counts(): Promise<number[]> {
  const cells = await page.getByTestId('segment-count').allTextContents();
  return cells.map((c) => Number(c.replace(/,/g, '')));
}

async function config(): Promise<StudioConfig> {
  return JSON.parse((await page.getByTestId('studio-config').textContent()) ?? '{}');
}

/** Counts per rule, then everyone else, as the library gives them for `seg`. */
function expected(seg: SegmentsConfig): number[] {
  const a = engineAssignment(session, seg);
  const ids = [...seg.rules.segments.map((s) => s.id), 'everyone-else'];
  return ids.map((id) => [...a.values()].filter((v) => v === id).length);
}

const selectedText = (label: string) =>
  page.getByLabel(label).evaluate((s) => {
    const sel = s as HTMLSelectElement;
    return sel.options[sel.selectedIndex]?.textContent ?? '';
  });

beforeAll(async () => {
  const loaded = await loadFiles([{ path: fixture(FILE) }]);
  const source = sourceFromTables(loaded.sources, null, null);
  if (typeof source === 'string') throw new Error(source);
  session = await computeSession(loaded, defaultCustomerSpec(source));
  loaded.db.close();
  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
  await page.getByTestId('file-input').setInputFiles(fixture(FILE));
  await page.getByRole('tab', { name: /telco-customers/ }).waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('the telecom customer table’s roles as features', () => {
  it('offers the flags and the ordinal contract, says how each is encoded and which table is used', async () => {
    await page.getByRole('button', { name: /Features/ }).click();
    await expect
      .poll(() => page.getByTestId('feature-customers').textContent(), { timeout: 60_000 })
      .toBe(String(session.inputs.n));
    for (const c of ['SeniorCitizen', 'Partner', 'Contract', 'PaperlessBilling'])
      await page.getByTestId(`attribute-${c}`).waitFor();
    expect(await page.getByTestId('attribute-Contract').textContent()).toMatch(
      /Month-to-month < One year < Two year, kept as levels/,
    );
    expect(await page.getByTestId('attribute-Partner').textContent()).toMatch(
      /yes\/no flag “Partner” as a category with two levels, No and Yes/,
    );
    expect(await page.getByTestId('attribute-gender').textContent()).toMatch(/kept as levels/);
    expect(await page.locator('.catalogue').textContent()).not.toMatch(/One 0\/1 column/);
    expect(await selectedText('Customer table')).toBe(`Automatic: ${FILE}`);
    expect(await selectedText('Transactions table')).toMatch(/^Automatic: none/);
  });

  it('makes the rule contract = Two year with the real controls', async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule').first();
    await rule.getByLabel('Feature').selectOption('contract');
    await rule.getByLabel('Category').selectOption('Two year');
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
              when: { all: [{ feature: 'contract', op: '=', value: 'Two year' }] },
            },
          },
        ],
      },
    };
    const want = expected(seg);
    expect(want[0]).toBeGreaterThan(0);
    await expect.poll(counts).toEqual(want);
  });

  it('runs k-prototypes with the contract ticked', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const categories = page.getByTestId('cluster-categories');
    await categories.waitFor({ timeout: 60_000 });
    const contract = categories.locator('label.chip', { hasText: 'contract' }).locator('input');
    if (!(await contract.isChecked())) await contract.check();
    await page.getByRole('button', { name: 'Run k-prototypes' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Run k-prototypes' }).isEnabled(), {
        timeout: 60_000,
      })
      .toBe(true);
    const seg = (await config()).segmentation.clusters;
    expect(seg.categorical).toContain('contract');
    expect(seg.segments.length).toBe(seg.k);
    const s0 = seg.segments[0].definition;
    if (s0.kind !== 'cluster') throw new Error('not a cluster');
    const mode = s0.categorical!.modes[0][s0.categorical!.features.indexOf('contract')];
    expect(['Month-to-month', 'One year', 'Two year']).toContain(mode);
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(session.inputs.n);
  });

  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});

describe('customer attributes inside an order file', () => {
  let orders: StudioPage;
  afterAll(async () => {
    await orders?.page.close();
  });

  it('offers the per-customer columns with how many customers have more than one value', async () => {
    orders = await openStudio(browser, '?demo=off');
    const p = orders.page;
    await p.getByTestId('file-input').setInputFiles(fixture('superstore-orders.csv'));
    await p.getByRole('tab', { name: /superstore-orders/ }).waitFor({ timeout: 60_000 });
    await p.getByRole('button', { name: /Features/ }).click();
    const segment = p.getByTestId('tx-attribute-Segment');
    await segment.waitFor({ timeout: 60_000 });
    // The per-customer check runs with the quality checks, shortly after the load.
    await expect
      .poll(() => segment.textContent(), { timeout: 60_000 })
      .toMatch(
        /most frequent value of “Segment” on its order lines.*(One value per customer for all \d+ customers|\d+ of \d+ customers have more than one value)\./,
      );
    // The product category belongs to the lines, not the customer.
    expect(await p.getByTestId('tx-attribute-Category').count()).toBe(0);
    expect(orders.offOrigin).toEqual([]);
    expect(orders.pageErrors).toEqual([]);
  });
});
