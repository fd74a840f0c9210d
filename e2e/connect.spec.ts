import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { startQbittorrent } from '../test/sources/daemons/harness';

/*
 * Two real `serve`s: the first is watched, the second starts with --source irontide://first
 * and is switched from its browser page (Connect…) to tidegauge://first: the header names the
 * new source with its health, and the recorder starts a new session file. Screenshots of the
 * dialog and the header at 1280 and 1920 px, light and dark, go to test-results/connect/.
 */

let dir: string;
const children: ChildProcess[] = [];

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-connect-'));
});
test.afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[]): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/tidegauge.js', 'serve', '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(p);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 60_000);
    const seen = (d: unknown) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, port: Number(m[2]) });
      }
    };
    p.stdout?.on('data', seen);
    p.stderr?.on('data', (d) => {
      out += String(d);
    });
    p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    for (const theme of ['light', 'dark']) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await page.screenshot({ path: `test-results/connect/${name}-${width}-${theme}.png` });
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

test('Connect… switches the source at runtime and a new recording starts', async ({ page }) => {
  test.setTimeout(180_000);
  const watched = await serve(['--no-source', '--no-record', '--data-dir', join(dir, 'a')]);
  const data = join(dir, 'b');
  const watcher = await serve([
    '--source',
    `irontide://127.0.0.1:${watched.port}`,
    '--interval',
    '500',
    '--data-dir',
    data,
  ]);
  await page.goto(watcher.url);
  await expect(page.getByTestId('source-label')).toHaveText(`irontide at irontide://127.0.0.1:${watched.port}`);
  await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
  await expect(page.getByTestId('recording-on')).toBeVisible({ timeout: 30_000 });
  const sessions = () => readdirSync(join(data, 'sessions')).filter((f) => f.endsWith('.arrow'));
  await expect.poll(() => sessions().length).toBe(1);
  const firstFile = sessions()[0];
  await shots(page, 'header');

  await page.getByTestId('source-button').click();
  const dialog = page.getByRole('dialog', { name: 'Connect to an engine' });
  await expect(dialog.getByTestId('health-state')).toHaveText('live');
  await dialog.getByTestId('connect-kind').selectOption('tidegauge');
  await dialog.getByTestId('connect-address').fill(`127.0.0.1:${watched.port + 0}`);
  await dialog.getByTestId('connect-test-button').click();
  await expect(dialog.getByTestId('connect-test')).toContainText('Tidegauge', { timeout: 20_000 });
  await shots(page, 'dialog');
  // A port nothing listens on: the test says what failed, and nothing changes.
  await dialog.getByTestId('connect-address').fill('127.0.0.1:9');
  await dialog.getByTestId('connect-test-button').click();
  await expect(dialog.getByTestId('connect-test')).toContainText('nothing answers at tidegauge://127.0.0.1:9');
  await dialog.getByTestId('connect-address').fill(`127.0.0.1:${watched.port}`);
  await dialog.getByTestId('connect-submit').click();
  await expect(page.getByTestId('source-label')).toHaveText(`Tidegauge at tidegauge://127.0.0.1:${watched.port}`);
  await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
  await expect.poll(() => sessions().length, { timeout: 30_000 }).toBe(2);
  expect(sessions()).toContain(firstFile);
  // The switch is remembered among the recent connections.
  await page.getByTestId('source-button').click();
  await expect(page.getByRole('dialog')).toContainText(`tidegauge://127.0.0.1:${watched.port}`);
});

test('Connect… reaches a real qbittorrent-nox with its WebUI login; a wrong password says so; the password is shown nowhere', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const qbt = await startQbittorrent();
  try {
    const watcher = await serve(['--no-source', '--no-record', '--data-dir', join(dir, 'q')]);
    await page.goto(watcher.url);
    await page.getByTestId('source-button').click();
    const dialog = page.getByRole('dialog', { name: 'Connect to an engine' });
    await dialog.getByTestId('connect-kind').selectOption('qbittorrent');
    await dialog.getByTestId('connect-address').fill(`127.0.0.1:${qbt.port}`);
    await dialog.getByLabel('User').fill(qbt.user);
    await dialog.getByLabel('Password').fill(`${qbt.password}-wrong`);
    await dialog.getByTestId('connect-test-button').click();
    await expect(dialog.getByTestId('connect-test')).toHaveClass(/bad/, { timeout: 30_000 });
    await expect(dialog.getByTestId('connect-test')).toContainText(/password|login|credentials/i);
    await dialog.getByLabel('Password').fill(qbt.password);
    await dialog.getByTestId('connect-test-button').click();
    await expect(dialog.getByTestId('connect-test')).toHaveClass(/ok/, { timeout: 30_000 });
    await dialog.getByTestId('connect-submit').click();
    await expect(page.getByTestId('source-label')).toContainText(`127.0.0.1:${qbt.port}`);
    await expect(page.getByTestId('source-health')).toContainText('live', { timeout: 30_000 });
    await expect(page.locator('body')).not.toContainText(qbt.password);
    await shots(page, 'qbittorrent');
  } finally {
    await qbt.dispose();
  }
});
