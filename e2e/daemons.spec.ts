import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  type Daemon,
  type Seeder,
  startDeluge,
  startQbittorrent,
  startSeeder,
  startTransmission,
} from '../test/sources/daemons/harness';
import { addTorrentFromPage, startServe, stopServe } from './fixtures/serveProcess';

/*
 * The real daemons watched by a real `serve --source qbittorrent://…` (transmission://,
 * deluge://) in Chromium: a torrent from the loopback swarm added from the page's torrents panel
 * goes downloading -> seeding through the daemon; the dashboards of the live session at 1280 px,
 * light and dark, go to test-results/daemons/. With Deluge, the recording opened in the library's
 * replay shows libtorrent's own counters (utp.utp_packet_loss…) in a "libtorrent" section of
 * All metrics.
 */

const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;
const SHOTS = 'test-results/daemons';

interface Case {
  readonly name: string;
  start(): Promise<Daemon>;
  address(d: Daemon): string;
  readonly libtorrent: boolean;
}

const CASES: readonly Case[] = [
  {
    name: 'qbittorrent',
    start: () => startQbittorrent(),
    address: (d) => `qbittorrent://${d.user}:${d.password}@127.0.0.1:${d.port}`,
    libtorrent: false,
  },
  {
    name: 'transmission',
    start: () => startTransmission(),
    address: (d) => `transmission://${d.user}:${d.password}@127.0.0.1:${d.port}`,
    libtorrent: false,
  },
  {
    name: 'deluge',
    start: () => startDeluge(),
    address: (d) => `deluge://:${d.password}@127.0.0.1:${d.port}`,
    libtorrent: true,
  },
];

async function shots(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
    await page.screenshot({ path: `${SHOTS}/${name}-1280-${theme}.png`, fullPage: true });
  }
  await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
}

for (const c of CASES) {
  test.describe(`${c.name} watched by serve --source`, () => {
    test.describe.configure({ mode: 'serial' });
    let daemon: Daemon;
    let seeder: Seeder;
    let served: { child: ChildProcess; url: string };
    let dataDir: string;

    test.beforeAll(async () => {
      test.setTimeout(240_000);
      dataDir = mkdtempSync(join(tmpdir(), `tg-e2e-${c.name}-`));
      [daemon, seeder] = await Promise.all([c.start(), startSeeder(SIZE, RATE)]);
      served = await startServe(['--source', c.address(daemon), '--interval', '500', '--data-dir', dataDir]);
    });
    test.afterAll(async () => {
      await stopServe(served?.child);
      await seeder?.stop();
      await daemon?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a torrent added from the page downloads and seeds; the live dashboards', async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${served.url}#session`);
      await expect(page.getByTestId('source-label')).toContainText(`${c.name} at ${c.name}://127.0.0.1:${daemon.port}`);
      await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
      // The address's credentials are nowhere on the page (Deluge's default password is "deluge").
      expect(await page.content()).not.toContain(`:${daemon.password}@`);
      if (daemon.password !== c.name) expect(await page.content()).not.toContain(daemon.password);
      const row = await addTorrentFromPage(page, seeder);
      await expect(row).toContainText('100%', { timeout: 90_000 });
      await expect(row).toContainText(/seeding/i, { timeout: 30_000 });
      // The table's columns hold the daemon's own readings (ratio, rates, seeds connected and,
      // once a scrape answered, in the swarm), never a "—" for what the daemon reports.
      await expect(row.locator('td[data-column="ratio"]')).toHaveText(/^\d+\.\d\d$/);
      await expect(row.locator('td[data-column="upRate"]')).toHaveText(/\/s$/);
      await expect(row.locator('td[data-column="eta"]')).toHaveText('done');
      await expect(row.locator('td[data-column="seeds"]')).toHaveText(/^\d+( \(\d+\))?$/);
      // The torrents-by-state chart follows (Deluge's libtorrent gauges lag its torrent list by a tick).
      const states = page.getByTestId('panel-session.torrent_states');
      await expect(states.locator('li[data-series="Seeding"] [data-testid=legend-value]')).toHaveText('1', {
        timeout: 30_000,
      });
      await expect(states.locator('li[data-series="Downloading"] [data-testid=legend-value]')).toHaveText('0');
      await shots(page, `${c.name}-session`);
      await page.getByRole('button', { name: '1 min' }).click();
      await page.getByRole('tab', { name: 'Bandwidth' }).click();
      // Payload is drawn; the wire rate is not reported by qBittorrent/Transmission, and says so.
      await expect(page.getByTestId('panel-bw.rate')).toBeVisible();
      await page.waitForTimeout(1500); // a few more samples drawn for the picture (not asserted on)
      await shots(page, `${c.name}-bandwidth`);
    });

    if (c.libtorrent)
      test('the recording shows libtorrent counters in an All metrics "libtorrent" section', async ({ page }) => {
        const files = readdirSync(join(dataDir, 'sessions')).filter((f) => f.endsWith('.arrow'));
        expect(files).toHaveLength(1);
        const id = (files[0] as string).replace(/\.arrow$/, '');
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${served.url}#/replay/${id}`);
        await expect(page.getByTestId('replay')).toBeVisible({ timeout: 30_000 });
        await page.getByTestId('replay').getByRole('tab', { name: 'All metrics' }).click();
        const table = page.getByTestId('metrics-table');
        await expect(table.locator('tr.group', { hasText: /^libtorrent$/ })).toBeVisible();
        const loss = table.locator('tr[data-metric="utp.utp_packet_loss"]');
        await expect(loss).toBeVisible();
        await expect(loss.getByTestId('value')).toHaveText('0');
        await expect(table.locator('tr[data-metric="net.sent_ip_overhead_bytes"]')).toBeVisible();
        // Ours are still there, beside them.
        await expect(table.locator('tr[data-metric="bw.total_downloaded"]')).toBeVisible();
        await page.getByTestId('metrics-search').fill('utp.utp_');
        await shots(page, `${c.name}-replay-libtorrent`);
      });
  });
}
