/**
 * The Export step writes real files: the demo's assignment as CSV (one file and one per segment)
 * and Parquet, downloaded and read back with counts per segment equal to the studio's; a save
 * the browser refuses, a bad file name and a cancel give clear messages and no file presented as
 * complete; a pseudonymised export of a customer table with personal data holds none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { DuckDBInstance } from '@duckdb/node-api';
import { fixture, launchBrowser, openStudio, type StudioPage } from './harness';
import { parseCsv } from '../unit/csv-parse';
import { readZip } from '../unit/zip-read';
import { pseudonym } from '../../src/lib/export/pseudonym';

let browser: Browser;
let studio: StudioPage;
let page: Page;
let dir: string;
/** Segment id -> customers, as the Segments step shows them. */
let shown: Map<string, number>;
/** The exported assignment CSV. */
let exportedCsv = '';

/**
 * Stands in for the browser's save dialog (a test cannot click one): `refuse` rejects as a
 * browser that does not allow saving; `slow` returns a file whose writes take a while, recording
 * how it ended.
 */
function stubPickers(): void {
  type Rec = {
    mode: 'refuse' | 'slow';
    writes: number;
    closed: boolean;
    aborted: boolean;
    removed: boolean;
  };
  const rec: Rec = { mode: 'refuse', writes: 0, closed: false, aborted: false, removed: false };
  (window as unknown as { __picker: Rec }).__picker = rec;
  const handle = {
    name: 'slow.csv',
    async createWritable() {
      return {
        async write() {
          await new Promise((r) => setTimeout(r, 1000));
          rec.writes++;
        },
        async close() {
          rec.closed = true;
        },
        async abort() {
          rec.aborted = true;
        },
      };
    },
    async remove() {
      rec.removed = true;
    },
  };
  const pick = async () => {
    if (rec.mode === 'refuse')
      throw new DOMException('Saving files is blocked here.', 'NotAllowedError');
    return handle;
  };
  Object.assign(window, { showSaveFilePicker: pick, showDirectoryPicker: pick });
}

async function picker(): Promise<{
  writes: number;
  closed: boolean;
  aborted: boolean;
  removed: boolean;
}> {
  return page.evaluate(() => (window as unknown as { __picker: never }).__picker);
}

async function saveDownload(d: Download): Promise<string> {
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

/** Clicks Export and saves the `count` downloads it makes. */
async function exportFiles(count = 1): Promise<string[]> {
  const downloads: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      downloads.push(d);
      if (downloads.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await page.getByRole('button', { name: 'Export assignments' }).click();
  await all;
  await page.getByTestId('export-status').waitFor();
  return Promise.all(downloads.map(saveDownload));
}

function countBy(rows: string[][], column: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r[column], (out.get(r[column]) ?? 0) + 1);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-export-'));
  browser = await launchBrowser();
  studio = await openStudio(browser, '', (p) => p.addInitScript(stubPickers));
  page = studio.page;
  await page.getByRole('tab', { name: /demo transactions/ }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
  const ids = await page
    .locator('[data-testid="segment-table"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-segment') ?? ''));
  const counts = await page.getByTestId('segment-count').allTextContents();
  shown = new Map(ids.map((id, i) => [id, Number(counts[i].replace(/,/g, ''))]));
  await page
    .getByRole('button', { name: /Export/ })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Export', exact: true }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Export step on the demo', () => {
  it('refuses a name that is not a file name, and says so', async () => {
    const name = page.getByLabel('File name');
    await name.fill('a/b');
    await expect
      .poll(() => page.locator('#name-problem').textContent())
      .toMatch(/cannot contain “\/”/);
    expect(await page.getByRole('button', { name: 'Export assignments' }).isDisabled()).toBe(true);
    await name.fill('demo-segments');
    await page.locator('#name-problem').waitFor({ state: 'detached' });
  });

  it('says clearly when the browser refuses to save, and saves nothing', async () => {
    await page.getByLabel(/Choose where to save/).check();
    await page.getByRole('button', { name: 'Export assignments' }).click();
    await expect
      .poll(() => page.getByTestId('export-error').textContent())
      .toMatch(/browser refused to save the file/);
    expect((await picker()).writes).toBe(0);
  });

  for (const format of ['JSON Lines', 'Parquet'])
    it(`cancelled half way (${format}): the file is discarded, never closed as complete`, async () => {
      // A fresh record for each format: slow writes, nothing ended yet.
      await page.evaluate(() =>
        Object.assign((window as unknown as { __picker: object }).__picker, {
          mode: 'slow',
          writes: 0,
          closed: false,
          aborted: false,
          removed: false,
        }),
      );
      await page.getByLabel(/Choose where to save/).check();
      await page.getByLabel(format).check();
      await page.getByRole('button', { name: 'Export assignments' }).click();
      await page.getByTestId('export-progress').waitFor();
      await expect
        .poll(async () => (await picker()).writes, { timeout: 20_000 })
        .toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => page.getByTestId('export-error').textContent())
        .toMatch(/Export cancelled/);
      expect(await picker()).toMatchObject({ closed: false, aborted: true, removed: true });
      expect(await page.getByTestId('export-status').count()).toBe(0);
      await page.getByLabel(/Choose where to save/).uncheck();
    });

  it('exports the assignment as CSV with the studio’s counts per segment', async () => {
    await page.getByLabel('CSV').check();
    const [file] = await exportFiles();
    expect(path.basename(file)).toBe('demo-segments.csv');
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header.slice(0, 3)).toEqual(['customer_id', 'segment_id', 'segment_name']);
    expect(header.length).toBeGreaterThan(3); // the features
    // RFM: every customer's scores go with the segment.
    expect(header.slice(-3)).toEqual(['r_score', 'f_score', 'm_score']);
    expect(rows.every((r) => r.slice(-3).every((v) => /^[1-5]$/.test(v)))).toBe(true);
    expect(countBy(rows, 1)).toEqual(shown);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    exportedCsv = file;
  });

  it('per-segment files add up to the whole', async () => {
    await page.getByLabel('One file per segment').check();
    const [zip] = await exportFiles();
    expect(path.basename(zip)).toBe('demo-segments.zip');
    const files = readZip(readFileSync(zip));
    expect(files.size).toBe(shown.size);
    let total = 0;
    for (const [name, bytes] of files) {
      expect(name).toMatch(/^demo-segments-\d\d-[^/\\:*?"<>|]+\.csv$/);
      const [, ...rows] = parseCsv(new TextDecoder().decode(bytes));
      const bySeg = countBy(rows, 1);
      expect(bySeg.size).toBe(1);
      const [id, n] = [...bySeg][0];
      expect(n).toBe(shown.get(id));
      total += n;
    }
    expect(total).toBe([...shown.values()].reduce((a, b) => a + b, 0));
    await page.getByLabel('One file', { exact: true }).check();
  });

  it('exports Parquet that DuckDB and hyparquet read back with the same counts', async () => {
    await page.getByLabel('Parquet').check();
    const [file] = await exportFiles();
    expect(path.basename(file)).toBe('demo-segments.parquet');
    const bytes = readFileSync(file);
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    })) as { segment_id: string }[];
    expect(
      countBy(
        rows.map((r) => [r.segment_id]),
        0,
      ),
    ).toEqual(shown);
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await conn.runAndReadAll(
      `SELECT segment_id, count(*)::INTEGER AS n FROM read_parquet('${file.replaceAll("'", "''")}') GROUP BY 1`,
    );
    const native = new Map(reader.getRowObjects().map((r) => [String(r.segment_id), Number(r.n)]));
    expect(native).toEqual(shown);
    conn.closeSync();
  });

  it('round-trips: the exported CSV loaded into a fresh studio gives the same counts per segment', async () => {
    const fresh = await openStudio(browser, '?demo=off');
    const p = fresh.page;
    try {
      await p.getByTestId('file-input').setInputFiles(exportedCsv);
      await p.getByRole('tab', { name: /demo-segments\.csv/ }).waitFor({ timeout: 60_000 });
      await p.getByRole('button', { name: /Segments/ }).click();
      await p.getByRole('radio', { name: 'Rules' }).click();
      await p.getByRole('button', { name: 'Add rule' }).click();
      const rule = p.getByTestId('rule').first();
      await rule.getByLabel('Feature').selectOption('segment_id');
      // One rule, `segment_id = <id>`, pointed at each segment in turn: it holds exactly the
      // customers the studio put there. A category keeps its ten most common levels; the rest
      // are "(other)" together, which then holds exactly the other segments' customers.
      const category = rule.getByLabel('Category');
      const levels = new Set(await category.locator('option').allTextContents());
      const count = async () =>
        (await p.getByTestId('segment-count').allTextContents())[0]?.replace(/,/g, '');
      let other = 0;
      for (const [id, n] of shown) {
        if (!levels.has(id)) {
          other += n;
          continue;
        }
        await category.selectOption(id);
        await expect.poll(count, { timeout: 30_000 }).toBe(String(n));
      }
      if (other > 0) {
        await category.selectOption('(other)');
        await expect.poll(count, { timeout: 30_000 }).toBe(String(other));
      }
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await p.context().close();
    }
  });

  it('downloads the segment table and the charts as SVG and PNG', async () => {
    const save = async (name: string | RegExp) => {
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return saveDownload(d);
    };
    const [header, ...rows] = parseCsv(
      readFileSync(await save('Download segment table (CSV)'), 'utf8'),
    );
    expect(header.slice(0, 3)).toEqual(['segment_id', 'segment_name', 'customers']);
    expect(new Map(rows.map((r) => [r[0], Number(r[2])]))).toEqual(shown);
    const svg = readFileSync(await save('Save segment-sizes as SVG'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(shown.size);
    const png = readFileSync(await save('Save segment-sizes as PNG'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('saves the Segments step’s own charts as SVG and PNG, the scatter with its points', async () => {
    const save = async (name: string) => {
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return saveDownload(d);
    };
    await page.getByRole('button', { name: /Segments/ }).click();
    const hist = readFileSync(await save('Save rfm-monetary as SVG'), 'utf8');
    expect(hist).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((hist.match(/<rect/g) ?? []).length).toBeGreaterThan(5);
    expect(
      readFileSync(await save('Save rfm-recency as PNG'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: /^Run k-/ }).click();
    await page.getByRole('button', { name: 'Save cluster-scatter as SVG' }).waitFor({
      timeout: 60_000,
    });
    await expect
      .poll(() => page.getByRole('button', { name: 'Save cluster-scatter as SVG' }).isEnabled())
      .toBe(true);
    const scatter = readFileSync(await save('Save cluster-scatter as SVG'), 'utf8');
    // The points are drawn on a canvas: they go into the file as a picture under the axes.
    expect(scatter).toMatch(/<image[^>]*href="data:image\/png;base64,/);
    expect(
      readFileSync(await save('Save cluster-scatter as PNG'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    await page.getByRole('radio', { name: 'RFM scores' }).click();
  });

  it('asked for nothing off the page’s origin', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});

describe('personal data', () => {
  let other: StudioPage;
  afterAll(async () => {
    await other?.page.context().close();
  });

  it('flags it on the Data step and keeps it out of a pseudonymised export', async () => {
    other = await openStudio(browser, '?demo=off');
    const p = other.page;
    await p.getByTestId('file-input').setInputFiles(fixture('contacts-customers.csv'));
    await p.getByRole('tab', { name: /contacts-customers\.csv/ }).waitFor({ timeout: 60_000 });
    await expect.poll(() => p.getByTestId('pii-flag').count(), { timeout: 30_000 }).toBe(4);
    const flagged = ['full_name', 'email', 'phone', 'street_address'];
    for (const c of flagged)
      expect(await p.locator('tr', { hasText: c }).getByTestId('pii-flag').count()).toBe(1);

    await p.getByRole('button', { name: /Segments/ }).click();
    await p
      .getByRole('alert')
      .filter({ hasText: /RFM needs recency/ })
      .waitFor({ timeout: 60_000 });
    await p.getByLabel('Recency is scored from').selectOption('days_since_order');
    await p.getByLabel('Frequency is scored from').selectOption('orders');
    await p.getByLabel('Monetary is scored from').selectOption('spend');
    await p.getByTestId('segment-table').waitFor();

    await p
      .getByRole('button', { name: /Export/ })
      .first()
      .click();
    // Headless Chromium has the save dialog but cannot show it: download instead.
    await p.getByLabel(/Choose where to save/).uncheck();
    for (const c of flagged)
      await p.getByRole('checkbox', { name: `${c} (personal data)`, exact: true }).check();
    for (const c of ['note', 'age'])
      await p.getByRole('checkbox', { name: c, exact: true }).check();
    await p.getByLabel(/Replace customer ids with a salted hash/).check();
    const salt = (await p.getByTestId('export-salt').textContent()) ?? '';
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    await p.getByRole('button', { name: 'I have kept the salt' }).click();
    expect(await p.getByTestId('export-salt').count()).toBe(0);

    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export assignments' }).click(),
    ]);
    const text = readFileSync(await saveDownload(download), 'utf8');
    const [header, ...rows] = parseCsv(text);
    expect(header[0]).toBe('customer_id_sha256');
    expect(header).toContain('note');
    expect(header).toContain('age');
    for (const c of flagged) expect(header).not.toContain(c);
    expect(rows.length).toBe(120);

    const source = parseCsv(
      readFileSync(fixture('contacts-customers.csv'), 'utf8').replace(/\n/g, '\r\n'),
    );
    const cols = source[0];
    const personal = new Set(
      source.slice(1).flatMap((r) => [...flagged, 'customer_id'].map((c) => r[cols.indexOf(c)])),
    );
    const cells = rows.flat();
    expect(cells.filter((c) => personal.has(c))).toEqual([]);
    expect(text).not.toMatch(/@example\.com|\+44 20 7946|K0001/);
    // The same id and salt give the same hash, here and in any later export.
    expect(rows.map((r) => r[0])).toContain(pseudonym(salt, 'K0001'));
    // Formula-like text is neutralised for spreadsheets.
    const notes = rows.map((r) => r[header.indexOf('note')]);
    expect(notes).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(notes).toContain(`'+1 call back`);
    expect(notes.some((n) => /^[=+\-@]/.test(n))).toBe(false);
    expect(other.offOrigin).toEqual([]);
  });
});
