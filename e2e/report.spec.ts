import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { main } from '../src/main/cli/index';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { decodePng, distinctColours } from '../src/main/report/png';
import { SessionLibrary } from '../src/main/storage/sessionLibrary';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';
import { formatBytes } from '../src/shared/format';
import { pngSize, readPngText } from '../src/shared/pngText';
import { shapedSession, writeShaped } from '../test/report/sessions';

// Reports from both paths, decoded: size = width × 2, not blank, the report's text in the DOM
// that was captured, provenance text chunks present. Samples are kept under test-results/.
let dir: string;
let fileA: string;
let fileB: string;
const SAMPLES = join('test-results', 'report-samples');

/** Downloaded total of a shaped session, computed here from its column. */
function downloaded(rows: number, id: string): string {
  const d = shapedSession({ rows, id, title: id });
  const i = d.meta.registry.findIndex((e) => e.name === 'bw.total_downloaded');
  const c = d.columns[i] as Float64Array;
  return formatBytes((c[d.length - 1] as number) - (c[0] as number));
}

function checkPng(png: Uint8Array, width: number): Record<string, string> {
  expect(pngSize(png).width).toBe(width * 2);
  // A blank page has one or two colours; a report with text and charts has thousands.
  expect(distinctColours(decodePng(png))).toBeGreaterThan(200);
  const text = readPngText(png);
  expect(text['tidegauge.app-version']).toMatch(/^\d+\.\d+\.\d+/);
  expect(Date.parse(text['Creation Time'] ?? '')).toBeGreaterThan(Date.parse('2024-01-01'));
  return text;
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-report-e2e-'));
  mkdirSync(SAMPLES, { recursive: true });
  fileA = await writeShaped(dir, { rows: 900, id: 'run-a', title: 'Run A', tags: ['baseline'], notes: 'First run.' });
  fileB = await writeShaped(dir, { rows: 900, id: 'run-b', title: 'Run B', rate: 6e6, completeAt: 500, seed: 3 });
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.describe('CLI', () => {
  test('tidegauge report writes a session report with provenance; inputs untouched', async () => {
    const out = join(dir, 'single.png');
    const before = readFileSync(fileA);
    expect(await main(['report', fileA, '-o', out])).toBe(0);
    const png = new Uint8Array(readFileSync(out));
    const text = checkPng(png, 1200);
    expect(text['tidegauge.sessions']).toBe('run-a');
    expect(text['tidegauge.tool']).toContain('headless');
    // The captured DOM's text travels in the Description chunk.
    expect(text.Description).toContain('Run A');
    expect(text.Description).toContain(downloaded(900, 'run-a'));
    expect(readFileSync(fileA).equals(before)).toBe(true);
    // Never overwritten without --force.
    expect(await main(['report', fileA, '-o', out])).toBe(1);
    expect(await main(['report', fileA, '-o', out, '--force', '--panels', 'bw.rate', '--width', '700'])).toBe(0);
    checkPng(new Uint8Array(readFileSync(out)), 700);
  });

  test('tidegauge report --compare draws the delta table', async () => {
    const out = join(SAMPLES, 'e2e-compare-dark.png');
    rmSync(out, { force: true });
    expect(await main(['report', fileA, fileB, '--compare', '--theme', 'dark', '-o', out])).toBe(0);
    const text = checkPng(new Uint8Array(readFileSync(out)), 1200);
    expect(text.Title).toBe('Comparison: Run A vs Run B');
    expect(text['tidegauge.sessions']).toBe('run-a,run-b');
    expect(text.Description).toMatch(/Downloaded\s+[\d.]+ GiB\s+[\d.]+ GiB\s+[+-][\d.]+%/);
  });
});

test.describe('browser shell', () => {
  let host: StatsHost;
  let shell: WebShell;
  let ids: string[];

  test.beforeAll(async () => {
    const library = new SessionLibrary(join(dir, 'library'));
    ids = [(await library.add(fileA)).summary.id, (await library.add(fileB)).summary.id];
    host = new StatsHost({ intervalMs: 100 });
    shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, library: { library, recorder: null } });
    await host.start();
  });
  test.afterAll(async () => {
    await shell?.close();
    await host?.stop();
  });

  test('the report page shows a saved session and downloads it as PNG', async ({ page }) => {
    await page.goto(new URL(`report.html?ids=${ids[0]}`, shell.url).href);
    const report = page.getByTestId('report');
    await expect(report).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('report-title')).toHaveText('Run A');
    await expect(report.locator('[data-key=down] .report-key-value')).toHaveText(downloaded(900, 'run-a'));
    await page.getByLabel('Dark').check();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export PNG' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^tidegauge-Run-A-\d{8}-\d{6}\.png$/);
    const png = new Uint8Array(readFileSync(await download.path()));
    const text = checkPng(png, 1200);
    expect(text['tidegauge.tool']).toBe('tidegauge app (in-page)');
    expect(text['tidegauge.sessions']).toBe(ids[0]);
    await download.saveAs(join(SAMPLES, 'e2e-browser-single-dark.png'));
  });

  test('a comparison on the report page colours deltas by better and worse', async ({ page }) => {
    await page.goto(new URL(`report.html?ids=${ids.join(',')}`, shell.url).href);
    const deltas = page.getByTestId('report-deltas');
    await expect(deltas).toBeVisible();
    await expect(deltas.locator('td[data-verdict=better]').first()).toBeVisible();
    await expect(deltas.locator('td[data-verdict=better]').first()).toHaveCSS('color', 'rgb(21, 128, 61)');
  });

  test('Export PNG of the live dashboard and of one panel from its menu', async ({ page }) => {
    await page.goto(`${shell.url}#bandwidth`);
    await expect(page.getByTestId('panel-bw.rate')).toHaveAttribute('data-state', /ok|unavailable/);
    await page.getByRole('button', { name: 'Export PNG' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export PNG' });
    await expect(dialog).toBeVisible();
    let downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export PNG' }).click();
    let png = new Uint8Array(readFileSync(await (await downloading).path()));
    let text = checkPng(png, 1200);
    expect(text['tidegauge.kind']).toBe('live');
    await expect(dialog.getByRole('status')).toContainText('Saved');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Transfer rate: menu' }).click();
    await page.getByRole('menuitem', { name: 'Export PNG' }).click();
    downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export PNG' }).click();
    const d = await downloading;
    png = new Uint8Array(readFileSync(await d.path()));
    text = checkPng(png, 900);
    expect(text['tidegauge.panels']).toBe('bw.rate');
    await d.saveAs(join(SAMPLES, 'e2e-live-panel.png'));
  });
});
