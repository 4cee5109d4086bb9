/** Steps the Data step's browser tests share: picking files as a user does, and waiting. */
import type { Browser, Page } from 'playwright-core';
import { fixture, openStudio, waitForTable, type StudioPage } from './harness';

/** Picks fixture files through the real file input. */
export async function pick(page: Page, ...names: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(names.map(fixture));
}

/** Waits until no load or edit job is running. */
export async function idle(page: Page): Promise<void> {
  await page.locator('.job').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Opens an empty studio and loads fixture files into it; the last one is on screen. */
export async function openWith(browser: Browser, ...names: string[]): Promise<StudioPage> {
  const s = await openStudio(browser, '?demo=off');
  await pick(s.page, ...names);
  await waitForTable(s.page, names.at(-1)!);
  await idle(s.page);
  return s;
}

/** Waits until the table on screen has taken the last edit (roles, cleaning). */
export async function settled(page: Page): Promise<void> {
  await page.locator('.table-detail[aria-busy="false"]').waitFor({ timeout: 60_000 });
}
