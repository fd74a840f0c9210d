import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { formatChartValue } from '../src/shared/format';
import { LT } from '../test/sessions/helpers';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

// A library of two known downloads (real session files in a temporary data folder).
let env: SessionsShell;
const SLOW = { id: 'slow-run', title: 'Slow run', rate: 100 * 1024, doneS: 40, seconds: 60, tags: ['baseline'] };
const FAST = { id: 'fast-run', title: 'Fast run', rate: 200 * 1024, doneS: 20, seconds: 60 };

test.beforeAll(async () => {
  env = await startSessionsShell([SLOW, FAST]);
});
test.afterAll(async () => {
  await env?.close();
});

const rows = (page: Page) => page.getByTestId('session-row');
const row = (page: Page, title: string) => rows(page).filter({ hasText: title });

test('the library lists, sorts, filters, renames, tags and deletes sessions', async ({ page }) => {
  await page.goto(`${env.shell.url}#/library`);
  await expect(rows(page)).toHaveCount(2);
  // Newest first by default (the fast run started an hour after the slow one).
  await expect(rows(page).first()).toContainText('Fast run');
  await expect(row(page, 'Slow run')).toContainText('1 min 0 s');
  await expect(row(page, 'Slow run')).toContainText('Embedded engine: loopback swarm');
  await page.getByRole('button', { name: /^Title/ }).click();
  await expect(rows(page).first()).toContainText('Fast run');
  await page.getByRole('button', { name: /^Title/ }).click();
  await expect(rows(page).first()).toContainText('Slow run');

  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await row(page, 'Slow run').click();
    await page.screenshot({ path: `test-results/library-${theme}.png`, fullPage: true });
  }

  // "/" focuses the filter; tag:x filters by tag.
  await page.getByRole('heading', { name: 'Library', exact: true }).click();
  await page.keyboard.press('/');
  await expect(page.getByTestId('library-filter')).toBeFocused();
  await page.keyboard.type('tag:baseline');
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('library-filter').fill('nothing-like-this');
  await expect(page.getByTestId('library-no-match')).toBeVisible();
  await page.getByTestId('library-filter').fill('');

  // Rename and tag through the editor; the sidecar keeps it.
  await row(page, 'Fast run').click();
  const editor = page.getByTestId('session-editor');
  await editor.getByLabel('Title').fill('Fast run, new choker');
  await editor.getByLabel('Tags').fill('choker, fast');
  await editor.getByLabel('Notes').fill('max_uploads 8');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'Fast run, new choker')).toContainText('choker');
  await expect(row(page, 'Fast run, new choker').locator('.chip')).toHaveText(['choker', 'fast']);
  const saved = await env.library.get('fast-run');
  expect(saved.title).toBe('Fast run, new choker');
  expect(saved.tags).toEqual(['choker', 'fast']);
  expect(saved.notes).toBe('max_uploads 8');

  // Delete asks first; Cancel keeps the session, Delete removes it (keyboard: Delete key).
  await row(page, 'Slow run').focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Delete “Slow run”?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows(page)).toHaveCount(2);
  await row(page, 'Slow run').getByRole('button', { name: 'Delete Slow run' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(rows(page)).toHaveCount(1);
  expect((await env.library.list()).map((s) => s.id)).toEqual(['fast-run']);

  // Enter opens the focused session.
  await rows(page).first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('replay-title')).toHaveText('Fast run, new choker');
  await expect(page).toHaveURL(/#\/replay\/fast-run$/);
});

test('dropping a libtorrent log anywhere imports it and shows the import report', async ({ page }) => {
  await page.goto(env.shell.url);
  const bytes = readFileSync(join(LT, 'libtorrent-download.log')).toString('base64');
  const dt = await page.evaluateHandle((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    // Runs in the page: DataTransfer is the browser's.
    const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } };
    const t = new g.DataTransfer();
    t.items.add(new File([data], 'libtorrent-download.log', { type: 'text/plain' }));
    return t;
  }, bytes);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('libtorrent-download.log imported');
  await expect(result).toContainText(/libtorrent · \d+ samples · \d+ mapped · \d+ derived/);
  await expect(result.getByTestId('import-mapped')).toContainText('net.recv_payload_bytes');
  await expect(result.getByTestId('import-left-out')).not.toBeEmpty();
  await page.screenshot({ path: 'test-results/import-report.png', fullPage: true });
  const imported = (await env.library.list()).find((s) => s.origin?.type === 'import');
  expect(imported?.origin).toMatchObject({ type: 'import', format: 'libtorrent' });

  // The library lists it, and Open replays it through the same dashboards.
  await page.getByTestId('nav-library').click();
  await expect(row(page, 'libtorrent-download')).toContainText('Import (libtorrent)');
  await result.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('replay')).toBeVisible();
  await expect(page.getByTestId('replay').getByTestId('panel-bw.wire')).toHaveAttribute('data-state', 'ok');
});

test('replay plays a saved session through the dashboards; the slider changes what they show', async ({ page }) => {
  await page.goto(`${env.shell.url}#/replay/fast-run`);
  await expect(page.getByTestId('replay-title')).toHaveText('Fast run, new choker');
  const rate = page.getByTestId('replay').getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  const download = rate.locator('[data-series="Download"] [data-testid=legend-value]');
  // At the end (60 s) the download is over.
  await expect(download).toHaveText(formatChartValue(0, 'B/s'));
  // Scrub to about 10 s: still downloading at the known rate.
  const slider = page.getByTestId('replay-slider');
  const box = await slider.boundingBox();
  if (!box) throw new Error('no slider');
  await page.mouse.click(box.x + box.width * (10 / 60), box.y + box.height / 2);
  await expect(page.getByTestId('replay-position')).toContainText(/^0:(09|10|11) \/ 1:00/);
  await expect(download).toHaveText(formatChartValue(FAST.rate, 'B/s'));
  const to = Number(await rate.locator('.panel-body').getAttribute('data-to'));
  const from = Number(await rate.locator('.panel-body').getAttribute('data-from'));
  expect(to - from).toBeGreaterThan(8000);
  expect(to - from).toBeLessThan(12_000);

  // Drop a named marker there; it is saved with the session and drawn on the track.
  await page.getByLabel('Marker name').fill('peers joined');
  await page.getByTestId('add-marker').click();
  await expect(page.getByTestId('marker-status')).toContainText('Marker “peers joined” saved');
  await expect(page.getByTestId('marker')).toHaveText(/peers joined/);
  const markers = (await env.library.get('fast-run')).markers;
  expect(markers).toHaveLength(1);
  expect(markers[0]?.name).toBe('peers joined');

  // Jump to the start, then play at 60x: the position moves to the end.
  await page.getByRole('button', { name: 'Jump to start' }).click();
  await expect(page.getByTestId('replay-position')).toContainText(/^0:00 \//);
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.screenshot({ path: `test-results/replay-${theme}.png`, fullPage: true });
  }
  await page.getByRole('button', { name: '60×' }).click();
  await page.getByRole('button', { name: 'Jump to start' }).click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('replay-position')).toContainText('1:00 / 1:00', { timeout: 5000 });
  await expect(page.getByTestId('play')).toHaveText('▶ Play');
});
