import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type Daemon, type Seeder, startDeluge, startSeeder } from '../test/sources/daemons/harness';
import { addTorrentFromPage, startServe, stopServe } from './fixtures/serveProcess';

/*
 * libtorrent's own counters live, through a real deluged behind deluge-web watched by a real
 * `serve --source deluge://…` in Chromium: All metrics has a "libtorrent" section while the
 * session runs (not only in replay), and the libtorrent tab draws uTP loss and timeouts, IP
 * overhead, the disk time split and request latency from them, live and in the recording's
 * replay. A source without them (serve --no-source) has no such tab, and its page for the
 * section says so instead of drawing zeros. Screenshots at 1280 and 1920 px, light and dark.
 */

const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;
const SHOTS = process.env.TIDEGAUGE_SHOTS ?? 'test-results/libtorrent';
const LT_PANELS = ['lt.utp', 'lt.ip_overhead', 'lt.disk_time', 'lt.request_latency'];

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const theme of ['light', 'dark']) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await page.waitForTimeout(300); // the grid re-laid out at the new width
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${theme}.png`, fullPage: true });
    }
  }
  await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
  await page.setViewportSize({ width: 1280, height: 1000 });
}

/** Each libtorrent panel is drawn: a line per series it can feed, no "Nothing to draw". */
async function expectPanelsDrawn(page: Page): Promise<void> {
  for (const id of LT_PANELS) {
    const p = page.getByTestId(`panel-${id}`);
    await expect(p, id).toBeVisible();
    await expect(p.getByTestId('panel-empty'), id).toHaveCount(0);
    await expect(p.locator('path.series-line').first(), id).toBeAttached({ timeout: 15_000 });
  }
}

test.describe('libtorrent counters through deluged, live and replayed', () => {
  test.describe.configure({ mode: 'serial' });
  let daemon: Daemon;
  let seeder: Seeder;
  let served: { child: ChildProcess; url: string };
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dataDir = mkdtempSync(join(tmpdir(), 'tg-e2e-libtorrent-'));
    [daemon, seeder] = await Promise.all([startDeluge(), startSeeder(SIZE, RATE)]);
    served = await startServe([
      '--source',
      `deluge://:${daemon.password}@127.0.0.1:${daemon.port}`,
      '--interval',
      '500',
      '--data-dir',
      dataDir,
    ]);
  });
  test.afterAll(async () => {
    await stopServe(served?.child);
    await seeder?.stop();
    await daemon?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('live: the libtorrent tab draws its panels, All metrics has a libtorrent section', async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${served.url}#session`);
    await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
    const row = await addTorrentFromPage(page, seeder);
    await expect(row).toContainText(/seeding/i, { timeout: 90_000 });

    await page.getByRole('tab', { name: 'libtorrent' }).click();
    await page.getByRole('button', { name: '1 min' }).click();
    await expectPanelsDrawn(page);
    // IP overhead moved during the download: its Up line has a value, in bytes per second.
    const overhead = page.getByTestId('panel-lt.ip_overhead');
    await expect(overhead.locator('li[data-series="Up"] [data-testid=legend-value]')).toHaveText(/\d/);
    // The disk split is shares of job time; request latency a duration.
    await expect(page.getByTestId('panel-lt.disk_time').locator('li[data-series="Hash"]')).toBeVisible();
    await page.waitForTimeout(1500); // a few more samples drawn for the picture (not asserted on)
    await shots(page, 'live-libtorrent-panels');

    await page.getByRole('tab', { name: 'All metrics' }).click();
    const table = page.getByTestId('metrics-table');
    await expect(table.locator('tr.group', { hasText: /^libtorrent$/ })).toBeVisible();
    // Live values, not a replay's: received IP overhead bytes counted by the download.
    const recv = table.locator('tr[data-metric="net.recv_ip_overhead_bytes"]');
    await expect(recv.getByTestId('value')).toHaveText(/^[1-9][\d.,]* ?[KMG]?i?B$/);
    await expect(table.locator('tr[data-metric="utp.utp_packet_loss"]').getByTestId('value')).toHaveText(/^\d/);
    await expect(table.locator('tr[data-metric="bw.total_downloaded"]')).toBeVisible();
    // 99 of ours plus libtorrent's that none of ours maps onto.
    const count = Number((await page.locator('#metrics-title + .hint').textContent())?.match(/^(\d+) metrics/)?.[1]);
    expect(count).toBeGreaterThan(99 + 200);
    expect(count).toBeLessThanOrEqual(99 + 1024);
    await page.getByTestId('metrics-search').fill('overhead');
    await shots(page, 'live-libtorrent-metrics');
  });

  test('replay of the recording: the same libtorrent panels', async ({ page }) => {
    test.setTimeout(60_000);
    const files = readdirSync(join(dataDir, 'sessions')).filter((f) => f.endsWith('.arrow'));
    expect(files).toHaveLength(1);
    const id = (files[0] as string).replace(/\.arrow$/, '');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${served.url}#/replay/${id}`);
    const replay = page.getByTestId('replay');
    await expect(replay).toBeVisible({ timeout: 30_000 });
    await replay.getByRole('tab', { name: 'libtorrent' }).click();
    await expectPanelsDrawn(page);
    await shots(page, 'replay-libtorrent-panels');
  });

  test('Connect… to deluged’s own RPC at runtime: the stream widens, the libtorrent tab appears', async ({ page }) => {
    test.setTimeout(90_000);
    const dir = mkdtempSync(join(tmpdir(), 'tg-e2e-rpc-'));
    const s = await startServe(['--no-source', '--no-record', '--data-dir', dir]);
    const [user, password] = (readFileSync(join(daemon.dir, 'auth'), 'utf8').split('\n')[0] ?? '').split(':');
    try {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto(`${s.url}#bandwidth`);
      await expect(page.getByRole('tab', { name: 'Bandwidth' })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('tab', { name: 'libtorrent' })).toHaveCount(0);
      await page.getByTestId('source-button').click();
      const dialog = page.getByRole('dialog', { name: 'Connect to an engine' });
      await dialog.getByTestId('connect-kind').selectOption('deluge+rpc');
      await dialog
        .getByTestId('connect-address')
        .fill(`127.0.0.1:${(daemon as Daemon & { daemonPort: number }).daemonPort}`);
      await dialog.getByLabel('User').fill(user as string);
      await dialog.getByLabel('Password').fill(`${password}-wrong`);
      await dialog.getByTestId('connect-test-button').click();
      await expect(dialog.getByTestId('connect-test')).toHaveClass(/bad/, { timeout: 30_000 });
      await expect(dialog.getByTestId('connect-test')).toContainText('deluged refused the user name or password');
      await dialog.getByLabel('Password').fill(password as string);
      await dialog.getByTestId('connect-test-button').click();
      await expect(dialog.getByTestId('connect-test')).toHaveClass(/ok/, { timeout: 30_000 });
      await shots(page, 'connect-deluge-rpc');
      await dialog.getByTestId('connect-submit').click();
      await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
      // The host widened its stream (a new hello): the tab and the extras arrive without a reload.
      await page.getByRole('tab', { name: 'libtorrent' }).click();
      await expectPanelsDrawn(page);
      await page.getByRole('tab', { name: 'All metrics' }).click();
      await expect(page.locator('#metrics-title + .hint')).toHaveText(/^3\d\d metrics/);
      await expect(
        page.getByTestId('metrics-table').locator('tr[data-metric="utp.utp_packet_loss"]').getByTestId('value'),
      ).toHaveText(/^\d/);
      await expect(page.locator('body')).not.toContainText(password as string);
    } finally {
      await stopServe(s.child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a source without libtorrent counters has no libtorrent tab, and draws no zeros for it', async ({ page }) => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'tg-e2e-nolt-'));
  const s = await startServe(['--no-source', '--no-record', '--data-dir', dir]);
  try {
    await page.goto(`${s.url}#bandwidth`);
    await expect(page.getByRole('tab', { name: 'Bandwidth' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('tab', { name: 'libtorrent' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'All metrics' }).click();
    await expect(page.locator('#metrics-title + .hint')).toHaveText(/^99 metrics/);
    await expect(page.getByTestId('metrics-table').locator('tr.group', { hasText: /^libtorrent$/ })).toHaveCount(0);
    // Asked for by its address, the section says why it is empty rather than drawing anything.
    await page.goto(`${s.url}#libtorrent`);
    await expect(page.getByTestId('section-absent')).toContainText('reports none of the metrics');
    await expect(page.locator('[data-testid^="panel-lt."]')).toHaveCount(0);
  } finally {
    await stopServe(s.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
