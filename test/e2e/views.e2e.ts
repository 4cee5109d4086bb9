import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';

let browser: Browser;
let page: Page;
let pageErrors: string[];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Customers per segment id, read from the studio's state through the `?bench` hook. */
function segmentCounts(): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const hook = (
      globalThis as unknown as {
        __segmentStudio: { studio: { segments: { rows: { id: string; count: number }[] } } };
      }
    ).__segmentStudio;
    return Object.fromEntries(hook.studio.segments.rows.map((r) => [r.id, r.count]));
  });
}

/** The cluster segments' config (names, centroids) as JSON, to compare states. */
function clusterConfig(): Promise<string> {
  return page.evaluate(() => {
    const hook = (
      globalThis as unknown as {
        __segmentStudio: { studio: { segments: { config: { clusters: { segments: unknown } } } } };
      }
    ).__segmentStudio;
    return JSON.stringify(hook.studio.segments.config.clusters.segments);
  });
}

/** Undoes edits until the cluster segments are as they were. */
async function undoTo(config: string): Promise<void> {
  for (let i = 0; i < 100 && (await clusterConfig()) !== config; i++)
    await page.getByRole('button', { name: 'Undo' }).click();
  expect(await clusterConfig()).toBe(config);
}

/** Centre of a locator's box on the page. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const b = (await locator.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (inner: Box, outer: Box, slack = 0.5) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;

const scatter = () => page.getByRole('application', { name: /drag on the background to select/ });

/** The svg's size and every centroid label's painted box in svg pixels, with its name. */
function labelBoxes(): Promise<{ svg: Box; labels: { name: string; box: Box }[] }> {
  return scatter().evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('.centroid text')].map((t) => {
      const b = t.getBoundingClientRect();
      const box = { x: b.left - r.left, y: b.top - r.top, width: b.width, height: b.height };
      return { name: t.textContent ?? '', box };
    });
    return { svg: { x: 0, y: 0, width: r.width, height: r.height }, labels };
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, pageErrors } = await openStudio(browser, '?bench'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForFunction(() => '__segmentStudio' in globalThis);
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
  await page.getByRole('radio', { name: 'Clusters' }).click();
  await page.locator('.kchart').waitFor({ timeout: 60_000 });
  await scatter().locator('.centroid').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe('Cluster scatter', () => {
  it('keeps a centroid dragged far outside inside the plot, with its customers', async () => {
    const svg = scatter();
    await svg.scrollIntoViewIfNeeded();
    const plot = (await svg.boundingBox())!;
    // The leftmost centroid, dragged far up and to the left: it stops at the plot's left edge.
    const handles = await svg.locator('.centroid').all();
    const xs = await Promise.all(handles.map(async (h) => (await centre(h.locator('circle'))).x));
    const handle = handles[xs.indexOf(Math.min(...xs))];
    const id = (await handle.getAttribute('data-testid'))!.replace('centroid-', '');
    const before = await segmentCounts();
    const config = await clusterConfig();
    expect(before[id]).toBeGreaterThan(0);

    const from = await centre(handle.locator('circle'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x - i * 200, from.y - i * 10);
    // Mid-drag the preview is already held inside the plot.
    const mid = await centre(handle.locator('circle'));
    expect(mid.x).toBeGreaterThan(plot.x);
    expect(mid.x).toBeLessThan(from.x);
    await page.mouse.up();

    await expect.poll(clusterConfig).not.toBe(config);
    const circle = (await handle.locator('circle').boundingBox())!;
    expect(within(circle, plot)).toBe(true);
    expect((await segmentCounts())[id]).toBeGreaterThan(0);

    await undoTo(config);
    expect(await segmentCounts()).toEqual(before);
  });

  it('clamps arrow-key moves to the plot as well', async () => {
    const svg = scatter();
    const plot = (await svg.boundingBox())!;
    const handle = svg.locator('.centroid').first();
    const before = await segmentCounts();
    const config = await clusterConfig();
    await handle.focus();
    // 2% of the axis a press: 60 presses would leave any plot without the clamp.
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowUp');
    expect(await clusterConfig()).not.toBe(config);
    const circle = (await handle.locator('circle').boundingBox())!;
    expect(within(circle, plot)).toBe(true);
    await undoTo(config);
    expect(await segmentCounts()).toEqual(before);
  });

  it('draws centroid labels without overlaps and inside the chart, in every view', async () => {
    const views = page.getByLabel('Scatter axes');
    const options = await views
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    for (const value of options) {
      await views.selectOption(value);
      const { svg, labels } = await labelBoxes();
      expect(labels.length).toBeGreaterThanOrEqual(2);
      const outside = labels.filter((l) => !within(l.box, svg)).map((l) => l.name);
      const clashes: string[] = [];
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++)
          if (overlaps(labels[i].box, labels[j].box))
            clashes.push(`${labels[i].name} / ${labels[j].name}`);
      expect({ value, outside, clashes }).toEqual({ value, outside: [], clashes: [] });
    }
    await views.selectOption('pca');
  });

  it('numbers both axes of a two-feature view and titles PCA axes PC1 and PC2', async () => {
    const svg = scatter();
    const views = page.getByLabel('Scatter axes');
    await views.selectOption('pca');
    expect(await svg.locator('.ticks text').count()).toBe(0);
    expect(await svg.locator('text.axis[data-axis="x"]').textContent()).toMatch(/^PC1\b/);
    expect(await svg.locator('text.axis[data-axis="y"]').textContent()).toMatch(/^PC2\b/);

    await views.selectOption({ index: 1 });
    const [xName, yName] = ((await views.locator('option:checked').textContent()) ?? '').split(
      ' × ',
    );
    expect(await svg.locator('text.axis[data-axis="x"]').textContent()).toBe(xName);
    expect(await svg.locator('text.axis[data-axis="y"]').textContent()).toBe(yName);
    for (const axis of ['x', 'y']) {
      const ticks = await svg.locator(`.ticks[data-axis="${axis}"] text`).allTextContents();
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      for (const t of ticks) expect(t).toMatch(/^[−-]?\d+(\.\d+)?[kMGT]?$/);
    }
    // Neighbouring tick labels never run into each other.
    const xs = await svg.locator('.ticks[data-axis="x"] text').all();
    const boxes = await Promise.all(xs.map(async (t) => (await t.boundingBox())!));
    for (let i = 1; i < boxes.length; i++) expect(overlaps(boxes[i - 1], boxes[i])).toBe(false);
    await views.selectOption('pca');
  });
});

describe('k sweep chart', () => {
  it('labels each point "k = K · Metric: value" with formatted numbers', async () => {
    const titles = await page.locator('.kchart circle title').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(4);
    for (const t of titles)
      expect(t).toMatch(
        /^k = \d+ · (Inertia \(elbow\)|Silhouette|Calinski-Harabasz|Davies-Bouldin): −?-?[\d,]+(\.\d+)?$/,
      );
    const inertia = titles.filter((t) => t.includes('Inertia'));
    // Large values get thousands separators, not four significant digits run into the label.
    for (const t of inertia) expect(t).not.toMatch(/\d{4}/);
  });

  it('keeps every marker clear of its panel title', async () => {
    const panels = await page.locator('.kchart svg').all();
    expect(panels.length).toBe(4);
    for (const panel of panels) {
      const title = (await panel.locator('text.title').boundingBox())!;
      const panelBox = (await panel.boundingBox())!;
      expect(within(title, panelBox)).toBe(true);
      for (const c of await panel.locator('circle').all()) {
        const b = (await c.boundingBox())!;
        expect(b.y).toBeGreaterThanOrEqual(title.y + title.height);
      }
    }
    expect(pageErrors).toEqual([]);
  });
});
