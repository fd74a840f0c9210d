import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { type Seeder, startSeeder } from '../test/sources/daemons/harness';
import { startServe, stopServe } from './fixtures/serveProcess';

/*
 * The torrents table against a real `serve` with the embedded engine (no loopback swarm) and a
 * real libtorrent seeder: a .torrent added by its http link downloads to 100 % of its size,
 * the table sorts by a header, pause and resume work from the keyboard and the buttons, and a
 * malformed magnet, a broken file and a link that answers 404 keep the input and say why.
 */

const SIZE = 6 * 1024 * 1024;
const RATE = 1024 * 1024;
const SHOTS = process.env.TORRENT_SHOTS_DIR ?? '/work/wt/notes/torrents-shots';
const OTHER = 'c9e15763f722f23e98a29decdfae341b98d53056';

let seeder: Seeder;
let served: { child: ChildProcess; url: string };
let files: Server;
let filesUrl = '';
let dataDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'tg-e2e-table-'));
  seeder = await startSeeder(SIZE, RATE);
  // The .torrent behind an http link, on loopback: the host fetches only public addresses
  // unless TIDEGAUGE_FETCH_ALLOW names the exception (serve inherits this environment).
  files = createServer((req, res) => {
    if (req.url === '/payload.torrent')
      res.writeHead(200, { 'content-type': 'application/x-bittorrent' }).end(Buffer.from(seeder.torrent));
    else res.writeHead(404, 'Not Found').end('no such file');
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  process.env.TIDEGAUGE_FETCH_ALLOW = '127.0.0.1';
  served = await startServe(['--no-swarm', '--interval', '500', '--data-dir', dataDir]);
});

test.afterAll(async () => {
  await stopServe(served?.child);
  await seeder?.stop();
  files?.closeAllConnections();
  await new Promise((r) => files?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

const panelOf = (page: Page) => page.locator('section.torrents');
const input = (panel: Locator) => panel.getByLabel('Magnet link or .torrent URL');
const add = (panel: Locator) => panel.getByRole('button', { name: 'Add', exact: true });
const cell = (row: Locator, column: string) => row.locator(`td[data-column="${column}"]`);

test('refusals keep the input and say what a valid one looks like', async ({ page }) => {
  await page.goto(`${served.url}#session`);
  const panel = panelOf(page);
  await expect(panel.getByText('No torrents yet.')).toBeVisible({ timeout: 30_000 });

  await input(panel).fill('magnet:?xt=urn:btih:1234');
  await add(panel).click();
  await expect(panel.getByRole('alert')).toContainText(
    'Not a magnet link: its info hash “urn:btih:1234” is not 40 hex or 32 base32 chars; expected magnet:?xt=urn:btih:<40 hex or 32 base32 chars>',
  );
  await expect(input(panel)).toHaveValue('magnet:?xt=urn:btih:1234');

  // A link the host fetches and the server refuses: the host's words, the link kept.
  const missing = `${filesUrl}/missing.torrent`;
  await input(panel).fill(missing);
  await add(panel).click();
  await expect(panel.getByRole('alert')).toHaveText(`The link ${missing} answered HTTP 404 Not Found`);
  await expect(input(panel)).toHaveValue(missing);

  // A cut-short .torrent: named, in plain words, no parser internals.
  await panel.locator('input[type=file]').setInputFiles({
    name: 'broken.torrent',
    mimeType: 'application/x-bittorrent',
    buffer: Buffer.from(seeder.torrent).subarray(0, 100),
  });
  await expect(panel.getByRole('alert')).toHaveText(
    'broken.torrent is not a .torrent file: it ends early, after 100 bytes: the file is cut short.',
  );
  await expect(panel.getByText('No torrents yet.')).toBeVisible();
});

test('a linked .torrent downloads to 100 % of its size; sort, select, pause and resume', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${served.url}#session`);
  const panel = panelOf(page);
  await input(panel).fill(`${filesUrl}/payload.torrent`);
  await add(panel).click();
  const row = panel.locator(`tr[data-infohash="${seeder.infoHash}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(input(panel)).toHaveValue(''); // added: the link is done with
  // Ground truth: the seeder's content size, to the byte.
  await expect(cell(row, 'size')).toHaveAttribute('title', `${SIZE.toLocaleString('en-US')} bytes`);
  await expect(cell(row, 'size')).toHaveText('6.0 MiB');
  await expect(cell(row, 'progress')).toHaveText('100%', { timeout: 90_000 });
  await expect(cell(row, 'state')).toHaveText('seeding', { timeout: 30_000 });
  await expect(cell(row, 'eta')).toHaveText('done');
  // The engine measures rates and ratio; the swarm beyond its connections is said to be unknown.
  await expect(cell(row, 'downRate')).toHaveText(/\/s$/);
  await expect(cell(row, 'ratio')).toHaveText(/^\d+\.\d\d$/);
  await expect(cell(row, 'seeds')).toHaveAttribute('title', /does not scrape trackers/);

  // A second torrent (no peers: it waits for its metadata) to sort against.
  await input(panel).fill(`magnet:?xt=urn:btih:${OTHER}&dn=aaa-first-by-name`);
  await add(panel).click();
  const other = panel.locator(`tr[data-infohash="${OTHER}"]`);
  await expect(cell(other, 'state')).toHaveText('fetching metadata');
  const order = () => panel.locator('tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-infohash')));
  const header = (name: string) => panel.getByRole('button', { name, exact: true });
  await expect.poll(order).toEqual([OTHER, seeder.infoHash]); // by name, a-z
  await header('Progress').click(); // descending first: the complete one on top
  await expect(panel.locator('th[data-column="progress"]')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(order).toEqual([seeder.infoHash, OTHER]);
  await header('Progress').click();
  await expect.poll(order).toEqual([OTHER, seeder.infoHash]);
  await header('Name').press('Enter'); // headers are buttons: the keyboard sorts too
  await expect(panel.locator('th[data-column="name"]')).toHaveAttribute('aria-sort', 'ascending');

  await shots(page, 'torrents-table');

  // Keyboard: the table is one tab stop; arrows select, P pauses, R resumes the selection.
  const table = panel.getByTestId('torrent-table');
  await table.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(other).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('p');
  await expect(cell(row, 'state')).toHaveText('paused');
  await expect(cell(other, 'state')).toHaveText('fetching metadata');
  // The app's own P (pause the live view) did not take the key.
  await expect(page.getByRole('button', { name: 'Go live' })).toHaveCount(0);
  await page.keyboard.press('r');
  await expect(cell(row, 'state')).toHaveText('seeding');

  // `?` lists the table's keys beside the view's.
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByTestId('shortcut-list');
  await expect(help).toContainText('Torrents table: pause, resume, remove the selected torrents');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await table.focus();

  // Shift+ArrowUp extends the selection to both; the buttons act on all selected.
  await page.keyboard.press('Shift+ArrowUp');
  await expect(panel.getByTestId('torrent-selected')).toHaveText('2 selected');
  await panel.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(cell(row, 'state')).toHaveText('paused');
  await expect(cell(other, 'state')).toHaveText('paused');
  await shots(page, 'torrents-table-paused');
  // Ctrl-click takes one out; Resume resumes the other only.
  await other.click({ modifiers: ['Control'] });
  await expect(panel.getByTestId('torrent-selected')).toHaveText('1 selected');
  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(cell(row, 'state')).toHaveText('seeding');
  await expect(cell(other, 'state')).toHaveText('paused');

  // Remove asks first, then removes only what was selected.
  await other.click();
  await panel.getByRole('button', { name: 'Remove…' }).click();
  await expect(panel.getByTestId('torrent-confirm')).toContainText('Remove this torrent (the data stays)?');
  await panel.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(other).toHaveCount(0);
  await expect(row).toBeVisible();
});

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const panel = panelOf(page);
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    for (const theme of ['light', 'dark']) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await panel.screenshot({ path: `${SHOTS}/${name}-${width}-${theme}.png` });
      // Nothing of the table outside the viewport at either width.
      const box = await panel.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(width);
    }
  }
  await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
  await page.setViewportSize({ width: 1280, height: 800 });
}
