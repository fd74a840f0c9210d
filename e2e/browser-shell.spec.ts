import { expect, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';
import { M } from '../src/shared/registry';
import { WorkerDriverSource } from './fixtures/WorkerDriverSource';

let host: StatsHost;
let shell: WebShell;
let driver: WorkerDriverSource;

test.beforeAll(async () => {
  driver = new WorkerDriverSource();
  host = new StatsHost({ intervalMs: 100, source: driver });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
});

test.afterAll(async () => {
  await shell?.close();
  await host?.stop();
});

const row = (page: import('@playwright/test').Page, name: string) => page.locator(`tr[data-metric="${name}"]`);

test('numbers written by a worker thread appear on screen', async ({ page }) => {
  await page.goto(`${shell.url}#metrics`);
  await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
  await expect(page.locator('tr[data-metric]')).toHaveCount(99);

  await driver.send({ op: 'inc', index: M.NET_BYTES_RECV, value: 5 * 1024 * 1024 });
  await driver.send({ op: 'set', index: M.NET_NUM_CONNECTIONS, value: 12 });
  await driver.send({ op: 'inc', index: M.PROTO_HANDSHAKES_IN, value: 1234567 });

  await expect(row(page, 'net.bytes_recv').getByTestId('value')).toHaveText('5.0 MiB');
  await expect(row(page, 'net.num_connections').getByTestId('value')).toHaveText('12');
  await expect(row(page, 'proto.handshakes_in').getByTestId('value')).toHaveText('1,234,567');
  // What the source cannot report says so instead of showing a zero.
  await expect(row(page, 'peer.num_web_seeds')).toContainText('not reported by this source');
  // A steady stream of bytes shows up as a rate and in the chart.
  for (let k = 0; k < 10; k++) {
    await driver.send({ op: 'inc', index: M.NET_BYTES_RECV, value: 100 * 1024 });
    await page.waitForTimeout(100);
  }
  await page.getByRole('tab', { name: 'Bandwidth' }).click();
  await expect(page.getByTestId('panel-bw.wire').locator('path.series-line').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/first-screen.png', fullPage: false });
});

test('the diagnostics switch flips counting in the host and the rows', async ({ page }) => {
  await page.goto(`${shell.url}#metrics`);
  const acquire = row(page, 'dispatch.acquire_total');
  await expect(acquire).toContainText('diagnostics off');
  await driver.send({ op: 'incDiagEvery', index: M.DISPATCH_ACQUIRE_TOTAL, everyMs: 5 });
  await page.waitForTimeout(300);
  expect(host.counters.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(0n);

  // Click what a user sees (the label with its track); the switch reflects the host's state once it answers.
  await page.locator('label.switch').click();
  await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(true);
  await expect(page.getByRole('switch', { name: 'Diagnostics' })).toBeChecked();
  await expect(acquire.getByTestId('value')).toHaveText(/^[1-9][\d,]*$/);
  await page.screenshot({ path: 'test-results/diagnostics-on.png', fullPage: true });

  // Keyboard shortcut D turns it off again; rows stop showing numbers.
  await page.keyboard.press('d');
  await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(false);
  await expect(page.getByRole('switch', { name: 'Diagnostics' })).not.toBeChecked();
  await expect(acquire).toContainText('diagnostics off');
  const frozen = host.counters.get(M.DISPATCH_ACQUIRE_TOTAL);
  await page.waitForTimeout(300);
  expect(host.counters.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(frozen);
});

test('the JSON and Prometheus endpoints serve the live counters', async ({ request }) => {
  await driver.send({ op: 'set', index: M.NET_NUM_HALF_OPEN, value: 3 });
  const counters = await (await request.get(new URL('/api/v1/session/counters', shell.url).href)).json();
  expect(counters).toHaveLength(99);
  expect(counters[M.NET_NUM_HALF_OPEN]).toEqual({ name: 'net.num_half_open', kind: 'gauge', value: 3 });
  const text = await (await request.get(new URL('/metrics', shell.url).href)).text();
  expect(text).toContain('# TYPE tidegauge_net_recv_bytes_total counter');
  expect(text).toContain('tidegauge_net_num_half_open 3');
  expect(text).not.toContain('tidegauge_peer_num_web_seeds');
});
