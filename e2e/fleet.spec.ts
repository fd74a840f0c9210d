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

/** A datetime-local value (local time, to the second) for epoch seconds, as a user would type it. */
const local = (s: number) =>
  new Date((s - new Date(s * 1000).getTimezoneOffset() * 60) * 1000).toISOString().slice(0, 19);

test('a from/to of its own opens exactly that range of the picked instance', async ({ page }) => {
  const [a, b] = serves as [Running, Running];
  await page.goto(`${a.url}/#/library`);
  await page.getByTestId('from-prometheus').click();
  await page.getByTestId('fleet-server').fill(`prometheus://${(prom as Running).url.slice('http://'.length)}`);
  await page.getByTestId('fleet-list').click();
  const rows = page.getByTestId('fleet-row');
  await expect(rows).toHaveCount(2, { timeout: 90_000 });
  await rows.filter({ hasText: `127.0.0.1:${b.port}` }).click();
  // The presets the picker offers, then a range of its own.
  await expect(page.getByTestId('fleet-range').locator('option')).toHaveText([
    'Last 15 min',
    'Last 1 h',
    'Last 6 h',
    'Last 24 h',
    'Last 7 d',
    'From … to …',
  ]);
  await page.getByTestId('fleet-range').selectOption({ label: 'From … to …' });
  // Inside what Prometheus holds of it: from just after its first scrape, ten seconds on.
  const first = (await (
    await fetch(
      `${(prom as Running).url}/api/v1/query?query=${encodeURIComponent(`min_over_time(timestamp(up{instance="127.0.0.1:${b.port}"})[10m:1s])`)}`,
    )
  ).json()) as { data: { result: { value: [number, string] }[] } };
  const from = Math.ceil(Number(first.data.result[0]?.value[1])) + 1;
  const to = from + 10;
  await waitFor('Prometheus to hold the range', async () => (Date.now() / 1000 > to + 2 ? true : undefined));
  // Backwards first: said, and nothing to open.
  await page.getByTestId('fleet-from').fill(local(to));
  await page.getByTestId('fleet-to').fill(local(from));
  await expect(page.getByTestId('fleet-range-error')).toHaveText('The range must end after it starts.');
  await expect(page.getByTestId('fleet-import')).toBeDisabled();
  await page.getByTestId('fleet-from').fill(local(from));
  await page.getByTestId('fleet-to').fill(local(to));
  await expect(page.getByTestId('fleet-range-error')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/fleet-range-custom.png' });
  await page.getByTestId('fleet-import').click();
  await expect(page).toHaveURL(/#\/(session|replay)\//, { timeout: 30_000 });
  const id = decodeURIComponent(/#\/(?:session|replay)\/([^/?]+)/.exec(page.url())?.[1] ?? '');
  // The library records the range asked for as the import's provenance.
  const lib = (await (await fetch(`${a.url}/api/v1/library`)).json()) as {
    sessions: { id: string; origin: { prometheus?: { from: number; to: number; instance: string } } | null }[];
  };
  const imported = lib.sessions.find((s) => s.id === id);
  expect(imported?.origin?.prometheus).toMatchObject({ from, to, instance: `127.0.0.1:${b.port}` });
});
