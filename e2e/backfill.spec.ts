import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';
import { readPngText } from '../src/shared/pngText';
import type { Snapshot } from '../src/shared/snapshot';
import { WorkerDriverSource } from './fixtures/WorkerDriverSource';

// A page opened a minute into a session draws it from its start: the host hands over its
// history on connect (src/shared/series-history.ts). Real host, real Chromium, real time.
let host: StatsHost;
let shell: WebShell;
let driver: WorkerDriverSource;
let first: Snapshot | null = null;

test.beforeAll(async () => {
  driver = new WorkerDriverSource();
  host = new StatsHost({ intervalMs: 500, source: driver });
  host.once('snapshot', (s) => {
    first = s;
  });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
  await driver.send({ op: 'pattern', everyMs: 100 });
});

test.afterAll(async () => {
  await driver?.send({ op: 'pattern', everyMs: 0 }).catch(() => undefined);
  await shell?.close();
  await host?.stop();
});

const rate = (page: Page) => page.getByTestId('panel-bw.rate').locator('.panel-body');

async function showAll(page: Page): Promise<void> {
  await page.goto(`${shell.url}#bandwidth`);
  await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: 'All' }).click();
  await expect(rate(page)).toHaveAttribute('data-from', /\d/);
}

test('a page opened 60 s into a session shows it from its start, after a reload too, and exports all of it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await expect
    .poll(() => (host.latest()?.t ?? 0) - (first?.t ?? Number.POSITIVE_INFINITY), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(60_000);
  const start = first?.t as number;

  await showAll(page);
  expect(Number(await rate(page).getAttribute('data-from'))).toBe(start);
  // More than what arrived since the page connected: a minute's worth of samples at 2 Hz.
  expect(Number(await rate(page).getAttribute('data-source-points'))).toBeGreaterThanOrEqual(100);

  await page.reload();
  await showAll(page);
  expect(Number(await rate(page).getAttribute('data-from'))).toBe(start);

  // Pause, so the export covers a window the test knows, then export the live dashboard.
  await page.keyboard.press('p');
  await expect(page.getByTestId('time-status')).toContainText('Paused');
  const to = Number(await rate(page).getAttribute('data-to'));
  expect(to - start).toBeGreaterThanOrEqual(60_000);
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export PNG' });
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export PNG' }).click();
  const png = new Uint8Array(readFileSync(await (await downloading).path()));
  const text = readPngText(png);
  expect(text['tidegauge.kind']).toBe('live');
  // The export covers the session from its first sample to the paused end.
  expect(text['tidegauge.ranges']).toBe(`${new Date(start).toISOString()}/${new Date(to).toISOString()}`);
});
