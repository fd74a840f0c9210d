import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { wireRecorder } from '../src/main/live/commands';
import { Recorder } from '../src/main/live/recorder';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { SessionLibrary } from '../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';
import { formatChartValue } from '../src/shared/format';
import { M } from '../src/shared/registry';
import { WorkerDriverSource } from './fixtures/WorkerDriverSource';

// Two sessions recorded for real (worker thread -> SessionCounters -> sampler -> Recorder ->
// .arrow files in the library), at two rates the test chooses; then compared in the UI.
let dir: string;
let host: StatsHost;
let shell: WebShell;
let library: SessionLibrary;
const ids: string[] = [];
const STEPS = 20;
const RATES = [10 * 1024, 30 * 1024]; // bytes per step

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-e2e-recorded-'));
  library = new SessionLibrary(dir);
  const driver = new WorkerDriverSource();
  host = new StatsHost({ intervalMs: 100, source: driver });
  const recorder = new Recorder(host, { dir: library.dir, flushMs: 200 });
  wireRecorder(host, recorder);
  await host.start();
  for (const perStep of RATES) {
    await recorder.start();
    await new Promise((r) => setTimeout(r, 300)); // the file opens with the first sample
    for (let k = 0; k < STEPS; k++) {
      await driver.send({ op: 'inc', index: M.BW_TOTAL_DOWNLOADED, value: perStep });
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300)); // the last increment is sampled
    const id = recorder.current?.id;
    await recorder.stop();
    if (!id) throw new Error('nothing was recorded');
    ids.push(id);
  }
  // Recorded in the same minute they get the same default title: name them.
  await library.update(ids[0] as string, { title: 'Slow recording' });
  await library.update(ids[1] as string, { title: 'Fast recording' });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, library: { library, recorder: null } });
});

test.afterAll(async () => {
  await shell?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('two recorded sessions compare with the totals the test wrote', async ({ page }) => {
  const titles = await Promise.all(ids.map(async (id) => (await library.get(id)).title));
  await page.goto(`${shell.url}#/compare/${ids.join(',')}`);
  await expect(page.getByTestId('compare')).toBeVisible();
  const totals = page.getByTestId('cpanel-bw.totals');
  await expect(totals.locator('path.series-line')).toHaveCount(2);
  await expect(totals.getByTestId('compare-legend').locator('li')).toHaveText(titles);

  await page.getByRole('tab', { name: 'Summary' }).click();
  const table = page.getByTestId('summary-table');
  const cell = (title: string, col: string) =>
    table.locator(`tr[data-metric="bw.total_downloaded"][data-session="${title}"] [data-col="${col}"]`);
  // Ground truth: exactly what the worker added during each recording.
  await expect(cell(titles[0] as string, 'total')).toHaveText(formatChartValue(STEPS * (RATES[0] as number), 'B'));
  await expect(cell(titles[1] as string, 'total')).toHaveText(formatChartValue(STEPS * (RATES[1] as number), 'B'));
  const delta = table
    .locator(`tr[data-metric="bw.total_downloaded"][data-session="${titles[1]}"]`)
    .getByTestId('delta-pct');
  await expect(delta).toHaveText('+200.0%');
  await expect(delta).toHaveAttribute('data-verdict', 'better');
});
