/**
 * The Track step in real Chromium on the built site: an outcome per segment, campaign results
 * with unmatched ids, migration between two as-of dates of the planted-movers transactions,
 * the overlap with RFM, and a bad outcome column; numbers as the library gives them in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openStudio, waitForTable, type StudioPage } from './harness';
import { idle, pick } from './data-helpers';
import {
  computeSession,
  loadFiles,
  sessionConfig,
  type Loaded,
  type Session,
} from '../unit/studio-path';
import { fixture, MOVERS_RULES, PLANTED } from '../unit/track-fixture';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { assignSegments } from '../../src/lib/segment/pipeline';
import { bucketLabels } from '../../src/lib/track/reapply';
import { joinById } from '../../src/lib/track/join';
import { readOutcome, type RawValue } from '../../src/lib/track/values';
import { outcomeBySegment } from '../../src/lib/track/outcome';
import { campaignBySegment, inferCampaignColumns } from '../../src/lib/track/campaign';
import { overlapMatrix } from '../../src/lib/track/overlap';
import { NEW_AT_B, GONE_SINCE_A } from '../../src/lib/track/migration';
import { interval, lift, pct, points } from '../../src/views/track/format';
import type { SegmentsConfig } from '../../src/lib/segment/config';

const MOVERS = 'track-movers.csv';
const MORE = ['track-outcomes.csv', 'track-campaign.csv'];

let browser: Browser;
let studio: StudioPage;
let page: Page;
let loaded: Loaded;
let session: Session;
let assignment: Int32Array;
let labels: string[];
let config: ReturnType<typeof sessionConfig>;

/** A fixture file's columns as text, read in Node. */
async function column(file: string, name: string): Promise<RawValue[]> {
  const view = loaded.sources.find((s) => s.label === file)!.view;
  const t = await loaded.db.query(
    `SELECT CAST("${name}" AS VARCHAR) AS v FROM "${view.replaceAll('"', '""')}"`,
  );
  return t.toArray().map((r: { v: string | null }) => r.v);
}

/** The text of every cell of a result table, row by row. */
async function cells(testid: string): Promise<string[][]> {
  return page
    .getByTestId(testid)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
    );
}

/** The counts of a matrix table as {row: {col: count}}. */
async function matrix(
  testid: string,
  on: Page = page,
): Promise<Record<string, Record<string, number>>> {
  return on
    .getByTestId(testid)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      Object.fromEntries(
        trs.map((tr) => [
          tr.getAttribute('data-row')!,
          Object.fromEntries(
            [...tr.querySelectorAll('td')].map((td) => [
              td.getAttribute('data-col')!,
              Number(td.getAttribute('data-count')),
            ]),
          ),
        ]),
      ),
    );
}

beforeAll(async () => {
  const alone = await loadFiles([{ path: fixture(MOVERS) }]);
  session = await computeSession(alone, { ...defaultSpec(), asOf: '2024-07-01' });
  alone.db.close();
  const a = assignSegments(MOVERS_RULES, session.inputs);
  assignment = a.assignment;
  labels = bucketLabels(MOVERS_RULES, a.restLabel);
  config = sessionConfig(session, MOVERS_RULES);

  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
  await pick(page, MOVERS);
  await waitForTable(page, MOVERS);
  await idle(page);
});
afterAll(async () => {
  loaded?.db.close();
  await browser?.close();
});

describe('Track step', () => {
  it('segments the movers at A with the rules config opened from Node', async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    await page.getByText('Segmentation config and SQL').click();
    await page.getByTestId('open-config').setInputFiles({
      name: 'segmentation.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(config)),
    });
    await expect
      .poll(() => page.getByTestId('config-status').textContent(), { timeout: 60_000 })
      .toMatch(/Opened segmentation\.json/);
    const counts = async () =>
      (await page.getByTestId('segment-count').allTextContents()).map((c) => Number(c));
    await expect
      .poll(counts, { timeout: 60_000 })
      .toEqual(Array.from(assignSegments(MOVERS_RULES, session.inputs).counts));
    await page.getByRole('button', { name: /Track/ }).click();
    await page.getByTestId('outcome-table').waitFor({ timeout: 60_000 });
  });

  it('moves exactly the planted customers between 2024-07-01 and 2025-01-01', async () => {
    await page.getByTestId('migration-date').fill('2025-01-01');
    await page.getByTestId('migration-run').click();
    await page.getByTestId('migration-matrix').waitFor({ timeout: 60_000 });
    const got = await matrix('migration-matrix');
    const want = Object.fromEntries(
      [...labels, NEW_AT_B].map((r) => [
        r,
        Object.fromEntries([...labels, GONE_SINCE_A].map((c) => [c, PLANTED[r]?.[c] ?? 0])),
      ]),
    );
    expect(got).toEqual(want);
    expect(await page.getByTestId('migration-sankey').locator('path').count()).toBe(9);
  });

  it('says how old the segmentation is and flags it past the refresh period', async () => {
    const days = Math.round((Date.now() - Date.parse('2024-07-01T00:00:00Z')) / 86_400_000);
    const text = ((await page.getByTestId('age').textContent()) ?? '').replace(/\s+/g, ' ');
    const shown = Number(/As of 2024-07-01: ([\d,]+) days old/.exec(text)?.[1].replace(/,/g, ''));
    expect(Math.abs(shown - days)).toBeLessThanOrEqual(1);
    // Six months by default: two years old is due.
    await page.getByTestId('age-stale').waitFor();
    await page.getByTestId('age-period').fill('120');
    await page.getByTestId('age-period').blur();
    await expect.poll(() => page.getByTestId('age-stale').count()).toBe(0);
    expect(await page.getByTestId('age').textContent()).toMatch(
      /Due for a refresh after 2034-07-01/,
    );
    await page.getByTestId('age-period').fill('6');
    await page.getByTestId('age-period').blur();
    await page.getByTestId('age-stale').waitFor();
  });

  it('shows the overlap with the RFM segments kept in the config', async () => {
    await page.getByTestId('overlap-method').selectOption({ label: 'RFM' });
    await page.getByTestId('overlap-matrix').waitFor();
    const rfmCfg: SegmentsConfig = { ...MOVERS_RULES, method: 'rfm' };
    const rfm = assignSegments(rfmCfg, session.inputs);
    const lb = bucketLabels(rfmCfg, rfm.restLabel);
    const m = overlapMatrix(assignment, labels, rfm.assignment, lb);
    const want = Object.fromEntries(
      m.rows.map((r, i) => [r, Object.fromEntries(m.cols.map((c, j) => [c, m.counts[i][j]]))]),
    );
    expect(await matrix('overlap-matrix')).toEqual(want);
    // Nothing in the Track step changed the segments: back on their step, A's counts.
    await page.getByRole('button', { name: /Segments/ }).click();
    const counts = (await page.getByTestId('segment-count').allTextContents()).map(Number);
    expect(counts).toEqual(Array.from(assignSegments(MOVERS_RULES, session.inputs).counts));
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
  it('loads an outcome file and a campaign file, and segments again with them', async () => {
    loaded = await loadFiles([MOVERS, ...MORE].map((f) => ({ path: fixture(f) })));
    session = await computeSession(loaded, { ...defaultSpec(), asOf: '2024-07-01' });
    const a = assignSegments(MOVERS_RULES, session.inputs);
    assignment = a.assignment;
    labels = bucketLabels(MOVERS_RULES, a.restLabel);
    await page.getByRole('button', { name: /Data/ }).click();
    await pick(page, ...MORE);
    await waitForTable(page, MORE.at(-1)!);
    await idle(page);
    await page.getByRole('button', { name: /Segments/ }).click();
    const counts = async () =>
      (await page.getByTestId('segment-count').allTextContents()).map((c) => Number(c));
    await expect.poll(counts, { timeout: 60_000 }).toEqual(Array.from(a.counts));
    await page.getByRole('button', { name: /Track/ }).click();
    await page.getByTestId('outcome-table').waitFor({ timeout: 60_000 });
  });

  it('shows the outcome per segment with the numbers the library gives in Node', async () => {
    await page.getByTestId('outcome-table').selectOption({ label: 'track-outcomes.csv' });
    await page.getByTestId('outcome-column').selectOption('churned');
    await page.getByTestId('outcome-result').waitFor({ timeout: 30_000 });
    const joined = joinById(
      session.ids,
      await column('track-outcomes.csv', 'customer_id'),
      await column('track-outcomes.csv', 'churned'),
    );
    const want = outcomeBySegment(readOutcome(joined.values, 'churned'), assignment, labels);
    const rows = [want.overall, ...want.rows].map((r) => [
      r.label,
      r.customers.toLocaleString('en'),
      r.n.toLocaleString('en'),
      pct(r.estimate.value),
      interval(r.estimate.lo, r.estimate.hi, pct),
      `${lift(r.lift)}${r.differs === 1 ? ' ▲' : r.differs === -1 ? ' ▼' : ''}`,
    ]);
    expect(await cells('outcome-result')).toEqual(rows);
    // churned is a yes/no flag (stored 1/0): the caption says what the rate is of, as the file does.
    expect(await page.getByTestId('outcome-result').locator('caption').textContent()).toMatch(
      /Rate of “yes” in “churned”/,
    );
  });

  it('says why an outcome with three values cannot be used, and keeps the choices', async () => {
    await page.getByTestId('outcome-column').selectOption('three_values');
    await expect
      .poll(() => page.getByTestId('outcome-error').textContent())
      .toMatch(/“three_values” has 3 different values \(“[abc]”, “[abc]”, “[abc]”\)/);
    expect(await page.getByTestId('outcome-column').inputValue()).toBe('three_values');
    await page.getByTestId('outcome-column').selectOption('churned');
    await page.getByTestId('outcome-result').waitFor();
  });

  it('shows campaign uplift per segment and counts the ids that match no customer', async () => {
    await page.getByTestId('campaign-table').selectOption({ label: 'track-campaign.csv' });
    await page.getByTestId('campaign-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('campaign-unmatched-count').textContent()).toBe('3');
    expect(await page.getByTestId('campaign-unmatched').textContent()).toMatch(/x90, x91, x92/);
    const bucket = new Map(session.ids.map((id, i) => [id, assignment[i]]));
    const file = 'track-campaign.csv';
    const want = campaignBySegment(
      {
        ids: await column(file, 'customer_id'),
        group: await column(file, 'group'),
        responded: await column(file, 'responded'),
        revenue: await column(file, 'revenue'),
      },
      inferCampaignColumns(['customer_id', 'group', 'responded', 'revenue']),
      (id) => bucket.get(id),
      labels,
    );
    expect(want.unmatched).toBe(3);
    const got = await cells('campaign-result');
    expect(got.map((r) => r.slice(0, 7))).toEqual(
      [want.overall, ...want.rows].map((r) => [
        r.label,
        r.test.customers.toLocaleString('en'),
        pct(r.test.rate.value),
        r.control.customers.toLocaleString('en'),
        pct(r.control.rate.value),
        points(r.uplift.value),
        interval(r.uplift.lo, r.uplift.hi, points),
      ]),
    );
    // The campaign file is not the customer table (the outcome file is, chosen automatically).
    expect(await page.getByTestId('campaign-is-customers').count()).toBe(0);
    expect(studio.pageErrors).toEqual([]);
  });

  it('says when the campaign file is the customer table, and segments the buyers only on request', async () => {
    await page.getByTestId('campaign-table').selectOption({ label: 'track-outcomes.csv' });
    await page.getByTestId('campaign-is-customers').waitFor();
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByLabel('Customer table').selectOption({ label: 'None: the buyers only' });
    await page.getByRole('button', { name: /Segments/ }).click();
    // The buyers of the movers file alone, as Node segments that file by itself.
    const alone = await loadFiles([{ path: fixture(MOVERS) }]);
    const buyers = await computeSession(alone, { ...defaultSpec(), asOf: '2024-07-01' });
    alone.db.close();
    const want = Array.from(assignSegments(MOVERS_RULES, buyers.inputs).counts);
    // Those who had not bought by A were customers only through the outcome file.
    expect(want).not.toEqual(Array.from(assignSegments(MOVERS_RULES, session.inputs).counts));
    const counts = async () =>
      (await page.getByTestId('segment-count').allTextContents()).map((c) => Number(c));
    await expect.poll(counts, { timeout: 60_000 }).toEqual(want);
    await page.getByRole('button', { name: /Track/ }).click();
    expect(await page.getByTestId('campaign-is-customers').count()).toBe(0);
    expect(studio.pageErrors).toEqual([]);
  });
});

describe('Track step, next export as a second file', () => {
  it('moves exactly the planted customers from last July’s export to the full one', async () => {
    const FILE_A = 'track-movers-a.csv';
    const lastJuly = await loadFiles([{ path: fixture(FILE_A) }]);
    const atA = await computeSession(lastJuly, { ...defaultSpec(), asOf: '2024-07-01' });
    lastJuly.db.close();
    const fileLabels = bucketLabels(
      MOVERS_RULES,
      assignSegments(MOVERS_RULES, atA.inputs).restLabel,
    );
    const second = await openStudio(browser, '?demo=off');
    const p = second.page;
    try {
      await pick(p, FILE_A);
      await waitForTable(p, FILE_A);
      await idle(p);
      await p.getByRole('button', { name: /Segments/ }).click();
      await p.getByTestId('segment-table').waitFor({ timeout: 60_000 });
      await p.getByText('Segmentation config and SQL').click();
      await p.getByTestId('open-config').setInputFiles({
        name: 'segmentation.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(sessionConfig(atA, MOVERS_RULES))),
      });
      await expect
        .poll(() => p.getByTestId('config-status').textContent(), { timeout: 60_000 })
        .toMatch(/Opened segmentation\.json/);
      await p.getByRole('button', { name: /Data/ }).click();
      await pick(p, MOVERS);
      await waitForTable(p, MOVERS);
      await idle(p);
      await p.getByRole('button', { name: /Track/ }).click();
      await p.getByLabel('A second file').check();
      await p.getByTestId('migration-table').selectOption({ label: MOVERS });
      await p.getByTestId('migration-date').fill('2025-01-01');
      await p.getByTestId('migration-run').click();
      await p.getByTestId('migration-matrix').waitFor({ timeout: 60_000 });
      const got = await matrix('migration-matrix', p);
      const want = Object.fromEntries(
        [...fileLabels, NEW_AT_B].map((r) => [
          r,
          Object.fromEntries([...fileLabels, GONE_SINCE_A].map((c) => [c, PLANTED[r]?.[c] ?? 0])),
        ]),
      );
      expect(got).toEqual(want);
      expect(second.pageErrors).toEqual([]);
    } finally {
      await p.context().close();
    }
  });
});
