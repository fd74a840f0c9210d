import { expect, test } from '@playwright/test';
import { hasPrometheus, type Running, startPrometheus, startServe, waitFor } from '../test/helpers/prometheusServer';
import { switchTheme } from './fixtures/sessionsShell';

// The fleet view against real parts: two `serve` instances (embedded engine) scraped every
// second by a real Prometheus on loopback; the first serve's UI lists both with their current
// rates in Library → From Prometheus, and opens one of them as a session.
// A missing tool fails rather than skipping: .ci/run installs Debian's prometheus.
if (!hasPrometheus) throw new Error("Debian's prometheus is needed (apt-get install prometheus; .ci/run installs it)");
test.describe.configure({ timeout: 300_000 });

let serves: Running[] = [];
let prom: Running | null = null;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  serves = await Promise.all([startServe(), startServe()]);
  prom = await startPrometheus(serves.map((s) => `127.0.0.1:${s.port}`));
  const url = prom.url;
  await waitFor(
    'both instances to have a download rate (two scrapes each)',
    async () => {
      const r = (await (await fetch(`${url}/api/v1/query?query=rate(tidegauge_net_recv_bytes_total[1m])`)).json()) as {
        data: { result: { value: [number, string] }[] };
      };
      return r.data.result.length === 2 ? true : undefined;
    },
    150_000,
  );
});

test.afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await prom?.stop();
});

test('From Prometheus lists both instances with their current rates and opens one as a session', async ({ page }) => {
  const [a, b] = serves as [Running, Running];
  await page.goto(`${a.url}/#/library`);
  await page.getByTestId('from-prometheus').click();
  const dialog = page.getByTestId('fleet-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('fleet-server').fill(`prometheus://${(prom as Running).url.slice('http://'.length)}`);
  await page.getByTestId('fleet-list').click();
  const rows = page.getByTestId('fleet-row');
  // The host asks Prometheus a dozen queries; a busy machine may take a while. An error fails with its text.
  await expect(page.getByTestId('fleet-table').or(page.getByTestId('fleet-error'))).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('fleet-error')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  for (const s of [a, b]) {
    // Listed in the server's order (by instance), whatever order the serves started in.
    const row = rows.filter({ hasText: `127.0.0.1:${s.port}` });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('tidegauge');
    // A rate, not the dash of a figure the instance does not export.
    await expect(row.getByTestId('fleet-down')).toHaveText(/\d.*\/s$/);
    await expect(row.getByTestId('fleet-up')).toHaveText(/\d.*\/s$/);
  }
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    for (const theme of ['light', 'dark'] as const) {
      // The theme switch is behind the dialog: close it, switch, open it again (it keeps the server).
      await dialog.getByRole('button', { name: 'Close' }).click();
      await switchTheme(page, theme);
      await page.getByTestId('from-prometheus').click();
      await page.getByTestId('fleet-list').click();
      await expect(rows).toHaveCount(2, { timeout: 90_000 });
      await expect(rows.nth(0).getByTestId('fleet-down')).toHaveText(/\d.*\/s$/);
      await page.screenshot({ path: `test-results/fleet-${width}-${theme}.png` });
    }
  }
  await page.getByTestId('fleet-range').selectOption({ label: 'Last 15 min' });
  await rows.nth(1).click();
  await page.getByTestId('fleet-import').click();
  await expect(page).toHaveURL(/#\/(session|replay)\//, { timeout: 30_000 });
});
