import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';
import { formatNumber } from '../../src/lib/number-format';
import { demoInputs, predictCounts } from './model';
import type { BaseInputs } from '../../src/lib/segment/inputs';
import type { SegmentsConfig } from '../../src/lib/segment/config';
import type { Leaf, RuleDef } from '../../src/lib/segment/model';
import { nodeAt } from '../../src/lib/segment/condition-tree';

let browser: Browser;
let page: Page;
let inputs: BaseInputs;

async function counts(): Promise<number[]> {
  const cells = await page.getByTestId('segment-count').allTextContents();
  return cells.map((c) => Number(c.replace(/,/g, '')));
}
async function config(): Promise<SegmentsConfig> {
  const text = await page.getByTestId('studio-config').textContent();
  return (JSON.parse(text ?? '{}') as { segmentation: SegmentsConfig }).segmentation;
}
/** Drags an SVG handle with the real mouse, in small steps like a person would. */
async function drag(handle: Locator, dx: number, dy: number): Promise<void> {
  await handle.scrollIntoViewIfNeeded();
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (dx * i) / 10, y + (dy * i) / 10);
  await page.mouse.up();
}

beforeAll(async () => {
  [browser, inputs] = await Promise.all([launchBrowser(), demoInputs()]);
  ({ page } = await openStudio(browser));
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('Segments step', () => {
  it('scores RFM on the demo exactly as the model does', async () => {
    const cfg = await config();
    expect(cfg.method).toBe('rfm');
    expect(await counts()).toEqual(predictCounts(inputs, cfg));
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(inputs.n);
  });

  it('fits the segment table (merge menus, whole names) in the window at common widths', async () => {
    const before = page.viewportSize()!;
    try {
      for (const width of [1440, 1300, 1250, 1024]) {
        await page.setViewportSize({ width, height: 800 });
        const overflow = await page.evaluate(() => {
          const table = document.querySelector('[data-testid="segment-table"]')!;
          const panel = table.closest('section')!.parentElement!;
          return {
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            table: Math.round(
              table.getBoundingClientRect().right - panel.getBoundingClientRect().right,
            ),
            clippedNames: [...table.querySelectorAll<HTMLInputElement>('input.name')]
              .filter((i) => i.scrollWidth > i.clientWidth + 1)
              .map((i) => i.value),
          };
        });
        expect({ width, ...overflow }).toEqual({
          width,
          page: 0,
          table: Math.min(0, overflow.table),
          clippedNames: [],
        });
      }
    } finally {
      await page.setViewportSize(before);
    }
  });

  it('re-segments while a cut-point is dragged with the mouse, and undo restores it', async () => {
    const before = await counts();
    await page.getByTestId('cut-Monetary-1').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('cut-Monetary-1').boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(x + i * 5, y);
    // Mid-drag: the counts have already moved, before any release.
    await expect.poll(counts).not.toEqual(before);
    for (let i = 7; i <= 12; i++) await page.mouse.move(x + i * 5, y);
    await page.mouse.up();
    const cfg = await config();
    expect(cfg.rfm.cuts.m).toHaveLength(4);
    expect(await counts()).toEqual(predictCounts(inputs, cfg));
    expect(await counts()).not.toEqual(before);

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rfm.cuts).toEqual({});
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(counts).toEqual(predictCounts(inputs, cfg));
    await page.getByRole('button', { name: 'Undo' }).click();
  });

  it('moves a cut-point with the arrow keys', async () => {
    const before = await counts();
    await page.getByTestId('cut-Recency-1').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(counts).not.toEqual(before);
    const cfg = await config();
    expect(await counts()).toEqual(predictCounts(inputs, cfg));
    await page.keyboard.press('Control+z');
    await expect.poll(counts).toEqual(before);
  });

  it('keeps arrow keys in the data range, Home/End at the neighbours, one undo step per move', async () => {
    const num = async (handle: Locator, attr = 'aria-valuenow') =>
      Number(await handle.getAttribute(attr));
    const before = await counts();
    const low = page.getByTestId('cut-Recency-0');
    await low.focus();
    // Far more presses than the range needs: the handle stops at the domain minimum.
    let moves = 0;
    for (let i = 0; i < 40; i++) {
      const was = await num(low);
      await page.keyboard.press('ArrowLeft');
      if ((await num(low)) !== was) moves++;
    }
    const min = await num(low, 'aria-valuemin');
    expect(await num(low)).toBeGreaterThanOrEqual(min);
    expect(await num(low)).toBe(min);
    expect(moves).toBeGreaterThan(1);
    expect(moves).toBeLessThan(40); // presses at the minimum record nothing
    expect((await config()).rfm.cuts.r?.[0]).toBe(min);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));

    const mid = page.getByTestId('cut-Recency-1');
    await mid.focus();
    await page.keyboard.press('Home');
    expect(await num(mid)).toBe(await num(low));
    await page.keyboard.press('End');
    expect(await num(mid)).toBe(await num(page.getByTestId('cut-Recency-2')));
    expect(await mid.getAttribute('aria-valuetext')).toMatch(/^[\d.,]+ days$/);
    await page.keyboard.press('PageDown');
    const paged = await num(mid);
    expect(paged).toBeLessThan(await num(page.getByTestId('cut-Recency-2')));
    expect(paged).toBeGreaterThan(await num(low));
    const cfg = await config();
    expect(cfg.rfm.cuts.r?.[1]).toBe(paged);
    expect(await counts()).toEqual(predictCounts(inputs, cfg));

    for (let i = 0; i < moves + 3; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rfm.cuts).toEqual({});
  });

  it('steps a log-scale handle by what the eye sees, and counts get whole-number cuts', async () => {
    const num = async (handle: Locator, attr = 'aria-valuenow') =>
      Number(await handle.getAttribute(attr));
    const before = await counts();
    const money = page.getByTestId('cut-Monetary-1');
    const figure = page.locator('figure').filter({ has: money });
    expect(await figure.locator('figcaption').textContent()).toContain('log scale');
    await money.focus();
    const v0 = await num(money);
    await page.keyboard.press('ArrowLeft');
    const v1 = await num(money);
    expect(v1).toBeLessThan(v0);
    expect(v1).toBeGreaterThan(v0 / 2);
    await page.keyboard.press('ArrowRight');
    expect(await num(money)).toBeGreaterThan(v1);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));

    // Frequency is a count of orders: a key press lands on the next whole number.
    expect(inputs.rfm!.f.every((v) => !Number.isFinite(v) || Number.isInteger(v))).toBe(true);
    const orders = page.getByTestId('cut-Frequency-2');
    await orders.focus();
    const f0 = await num(orders);
    await page.keyboard.press('ArrowRight');
    const f1 = (await config()).rfm.cuts.f![2];
    expect(Number.isInteger(f1)).toBe(true);
    expect(f1).toBeGreaterThan(f0);
    expect(f1).toBeLessThanOrEqual(Math.floor(f0) + 1);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));

    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rfm.cuts).toEqual({});
  });

  it('moves to the next percentile with the arrow keys when snapping', async () => {
    const num = async (handle: Locator, attr = 'aria-valuenow') =>
      Number(await handle.getAttribute(attr));
    const before = await counts();
    const snapBox = page.getByLabel('Snap to percentiles');
    await snapBox.check();
    try {
      const m = Float64Array.from(inputs.rfm!.m).filter(Number.isFinite).sort();
      // Type-7 percentiles, as the studio defines them.
      const levels = Array.from({ length: 101 }, (_, p) => {
        const h = (m.length - 1) * (p / 100);
        const lo = Math.floor(h);
        return m[lo] + (h - lo) * (m[Math.min(lo + 1, m.length - 1)] - m[lo]);
      });
      const money = page.getByTestId('cut-Monetary-2');
      await money.focus();
      const v0 = await num(money);
      await page.keyboard.press('ArrowRight');
      const v1 = (await config()).rfm.cuts.m![2];
      expect(v1).toBeGreaterThan(v0);
      expect(levels).toContain(v1);
      // The next level up: none lies strictly between.
      expect(levels.filter((q) => q > v0 && q < v1)).toEqual([]);
      await page.keyboard.press('ArrowLeft');
      const v2 = (await config()).rfm.cuts.m![2];
      expect(v2).toBeLessThan(v1);
      expect(levels).toContain(v2);
      expect(await counts()).toEqual(predictCounts(inputs, await config()));
      for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(counts).toEqual(before);
    } finally {
      await snapBox.uncheck();
    }
  });

  it('keeps cut labels inside the chart and apart when cuts crowd together', async () => {
    const before = await counts();
    /** Visible cut labels per histogram that stick out of the svg or overlap another. */
    const clashes = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('figure.threshold-hist svg')].flatMap((svg) => {
          const frame = svg.getBoundingClientRect();
          const boxes = [...svg.querySelectorAll('.handle text')]
            .filter((t) => getComputedStyle(t).visibility !== 'hidden')
            .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
          const out = boxes
            .filter(({ r }) => r.left < frame.left - 0.5 || r.right > frame.right + 0.5)
            .map(({ text }) => `${text} outside`);
          boxes.forEach((a, i) =>
            boxes.slice(0, i).forEach((b) => {
              const apart =
                a.r.right <= b.r.left ||
                b.r.right <= a.r.left ||
                a.r.bottom <= b.r.top ||
                b.r.bottom <= a.r.top;
              if (!apart) out.push(`${a.text} over ${b.text}`);
            }),
          );
          return out;
        }),
      );
    // Edge cuts, and three Monetary cuts on one value.
    const keys: [string, string][] = [
      ['cut-Recency-0', 'Home'],
      ['cut-Monetary-0', 'Home'],
      ['cut-Monetary-1', 'Home'],
      ['cut-Monetary-2', 'Home'],
      ['cut-Monetary-3', 'End'],
    ];
    for (const [id, key] of keys) {
      await page.getByTestId(id).focus();
      await page.keyboard.press(key);
    }
    const m = (await config()).rfm.cuts.m!;
    expect(m[0]).toBe(m[2]);
    await page.getByRole('button', { name: 'Undo' }).focus(); // no handle shows its label by focus
    expect(await clashes()).toEqual([]);
    // A label with no room is hidden from view only: the slider still says its value.
    const hidden = page.getByTestId('cut-Monetary-2');
    expect(Number(await hidden.getAttribute('aria-valuenow'))).toBe(m[2]);
    // Money as money (issue 15): separators and two decimals, as everywhere else.
    expect(await hidden.getAttribute('aria-valuetext')).toBe(formatNumber(m[2], 'money'));
    for (let i = 0; i < keys.length; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rfm.cuts).toEqual({});
  });

  it('renames and merges segments, and undo brings them back', async () => {
    const name = page.getByLabel('Name of segment 1', { exact: true });
    await name.fill('Best customers');
    await name.press('Enter');
    await expect.poll(async () => (await config()).rfm.segments[0].name).toBe('Best customers');
    const before = await counts();
    await page
      .getByLabel('Merge into Best customers')
      .selectOption({ label: '+ Potential Loyalist' });
    await expect.poll(async () => (await counts()).length).toBe(before.length - 1);
    const merged = await counts();
    expect(merged[0]).toBe(before[0] + before[1]);
    expect(merged).toEqual(predictCounts(inputs, await config()));
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rfm.segments[0].name).toBe('Champions');
  });

  it('builds a rule and counts everyone else', async () => {
    await page.getByRole('radio', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByTestId('rule').first().waitFor();
    const c = await counts();
    expect(c).toHaveLength(2);
    expect(c[0] + c[1]).toBe(inputs.n);
    expect(c).toEqual(predictCounts(inputs, await config()));

    // The rule's threshold is a handle on the feature's histogram, dragged like a cut-point.
    const rule = (await config()).rules.segments[0];
    const leaf = (rule.definition as { when: { all: { feature: string }[] } }).when.all[0];
    await drag(page.getByTestId(`cut-${rule.name} ${leaf.feature}-0`), 64, 0);
    await expect.poll(counts).not.toEqual(c);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(c);
  });

  it('nests an OR group in a rule, counts it as the model does, and undo restores the counts', async () => {
    await page.getByRole('radio', { name: 'Rules' }).click();
    const before = await counts();
    const k = (await config()).rules.segments.length;
    const when = async () => (await config()).rules.segments[k]?.definition;
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule').nth(k);
    await rule.waitFor();
    const name = `Rule ${k + 1}`;
    const nestedJoin = async () =>
      Object.keys(((await when()) as { when: { all: object[] } }).when.all[1]);
    /** Types into a Value box and presses Enter, as a person would. */
    const type = async (box: Locator, text: string) => {
      await box.fill(text);
      await box.press('Enter');
    };

    // monetary > 1000 AND (recency < 30 OR frequency in 1, 2)
    await rule.getByLabel('Feature', { exact: true }).first().selectOption('monetary');
    await type(rule.getByLabel('Value', { exact: true }).first(), '1000');
    await rule.getByRole('button', { name: '+ group' }).last().click(); // the root's, after its children
    const group = rule.getByRole('group', { name: `Group 2 of ${name}` });
    await group.getByRole('button', { name: '+ condition' }).click();
    const join = group.getByLabel(`How group 2 of ${name} combines its conditions`);
    expect(await join.inputValue()).toBe('any'); // a group under AND starts as OR
    await join.selectOption('all');
    await expect.poll(nestedJoin).toEqual(['all']);
    await join.selectOption('any');
    await expect.poll(nestedJoin).toEqual(['any']);
    const feature = group.getByLabel('Feature', { exact: true });
    const op = group.getByLabel('Operator', { exact: true });
    const value = group.getByLabel('Value', { exact: true });
    await op.nth(0).selectOption('<');
    await type(value.nth(0), '30');
    await feature.nth(1).selectOption('frequency');
    await op.nth(1).selectOption('in');
    // A word in the list is refused next to the box, and nothing is saved.
    await type(value.nth(1), '1, two');
    await group.getByRole('alert').filter({ hasText: '“two” is not a number.' }).waitFor();
    await type(value.nth(1), '1, 2');
    const steps = 12; // adding the rule, then eleven edits; the refused value is none

    const rich = { feature: 'monetary', op: '>', value: 1000 };
    const recent = { feature: 'recency', op: '<', value: 30 };
    const fewOrders = { feature: 'frequency', op: 'in', value: [1, 2] };
    const tree = (recency: object) => ({
      kind: 'rule',
      when: { all: [rich, { any: [recency, fewOrders] }] },
    });
    const nested = tree(recent);
    await expect.poll(when).toEqual(nested);
    const built = await counts();
    expect(built).toEqual(predictCounts(inputs, await config()));
    expect(built).toHaveLength(k + 2);
    expect(built[k]).toBeGreaterThan(0);
    expect(built.reduce((a, b) => a + b, 0)).toBe(inputs.n);

    // The nested threshold has its own histogram handle; a drag edits it in place in the tree.
    await drag(page.getByTestId(`cut-${name} recency-0`), 64, 0);
    await expect.poll(counts).not.toEqual(built);
    const dragged = await when();
    expect(dragged).toEqual(tree({ ...recent, value: expect.any(Number) }));
    expect((nodeAt((dragged as RuleDef).when, [1, 0]) as Leaf).value).toBeGreaterThan(30);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(built);

    // Removing the group leaves the root condition; undo brings the group and its counts back.
    await group.getByRole('button', { name: 'Remove group' }).click();
    await expect.poll(when).toEqual({ kind: 'rule', when: { all: [rich] } });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(when).toEqual(nested);
    await expect.poll(counts).toEqual(built);

    // Each edit was one undo step: undoing them all restores the counts before the rule.
    for (let i = 0; i < steps; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
    expect((await config()).rules.segments).toHaveLength(k);
  });

  it('finds clusters, moves a centroid with the mouse (exact on release), and undo restores them', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.locator('.kchart').waitFor({ timeout: 60_000 });
    const cfg0 = await config();
    expect(cfg0.clusters.segments.length).toBeGreaterThanOrEqual(2);
    const before = await counts();
    expect(before).toEqual(predictCounts(inputs, cfg0));
    // Aim at the marker itself (the group's box also spans its label).
    await drag(
      page.getByTestId(`centroid-${cfg0.clusters.segments[0].id}`).locator('circle'),
      90,
      60,
    );
    await expect.poll(counts).not.toEqual(before);
    expect(await counts()).toEqual(predictCounts(inputs, await config()));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
  });

  it('refuses a k outside 2..50 next to the control and keeps the last segmentation', async () => {
    const before = await counts();
    const k = page.getByLabel('Number of clusters k');
    await k.fill('99');
    await k.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /k must be a whole number from 2 to 50/ })
      .waitFor();
    expect(await counts()).toEqual(before);
  });
});

describe('Segments step, cluster edits', () => {
  it('splits a cluster in two by re-clustering its members, and undo joins it again', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const before = await counts();
    const first = (await config()).clusters.segments[0];
    await page.getByRole('button', { name: `Split “${first.name}”` }).click();
    await expect.poll(async () => (await counts()).length).toBe(before.length + 1);
    const after = await counts();
    // Clusters are Voronoi cells: the two new centres also move the borders with their neighbours.
    expect(after.reduce((a, b) => a + b, 0)).toBe(inputs.n);
    expect(after).toEqual(predictCounts(inputs, await config()));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
  });
});

describe('Brushing the scatter', () => {
  it('selects the customers in a dragged rectangle and profiles them against everyone', async () => {
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const svg = page.getByRole('application', { name: /drag on the background to select/ });
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    // Sweep the whole plot: every drawn customer falls inside.
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 5 });
    await page.mouse.up();
    const summary = page.getByRole('region', { name: 'Selected customers' });
    await summary.waitFor();
    const heading = (await summary.getByRole('heading').textContent()) ?? '';
    const selected = Number(/([\d,]+) customers selected/.exec(heading)![1].replace(/,/g, ''));
    expect(selected).toBe(Math.min(inputs.n, 20_000));
  });
});

describe('Editing RFM segment rules', () => {
  it('edits score ranges, warns when a rule can never match, and counts as the model does', async () => {
    await page.getByRole('radio', { name: 'RFM scores' }).click();
    const before = await counts();
    // Champions (5,5,5) comes first, so a Promising rule narrowed to 5,5,5 can never match.
    for (const dim of ['R', 'F', 'M']) {
      await page.getByLabel(`Promising ${dim} to`).selectOption('5');
      await page.getByLabel(`Promising ${dim} from`).selectOption('5');
    }
    await page.getByText(/“?"?Promising"?”? can never match/).waitFor();
    const cfg = await config();
    const promising = cfg.rfm.segments.find((s) => s.name === 'Promising')!;
    expect(promising.definition).toEqual({
      kind: 'rfm',
      boxes: [{ r: [5, 5], f: [5, 5], m: [5, 5] }],
    });
    const now = await counts();
    expect(now).toEqual(predictCounts(inputs, cfg));
    expect(now[cfg.rfm.segments.indexOf(promising)]).toBe(0);
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(counts).toEqual(before);
  });
});

// Last: it changes the data (a cleaning option), which the Node model above does not replay.
describe('Going back to an earlier step', () => {
  it('recomputes what follows and keeps the renamed segments', async () => {
    await page.getByRole('radio', { name: 'RFM scores' }).click();
    const name = page.getByLabel('Name of segment 2', { exact: true });
    await name.fill('Rising stars');
    await name.press('Enter');
    const before = await counts();
    await page.getByRole('button', { name: /Data/ }).click();
    await page.getByRole('tab', { name: /demo transactions/ }).click();
    await page.getByRole('button', { name: /Drop cancellations/ }).click();
    await page.getByTestId('kept-rows').waitFor();
    await page.getByRole('button', { name: /Segments/ }).click();
    await expect.poll(counts, { timeout: 30_000 }).not.toEqual(before);
    expect((await config()).rfm.segments[1].name).toBe('Rising stars');
    expect(await page.getByLabel('Name of segment 2', { exact: true }).inputValue()).toBe(
      'Rising stars',
    );
  });
});
