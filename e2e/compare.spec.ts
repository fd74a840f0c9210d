import { expect, type Page, test } from '@playwright/test';
import { formatChartValue, formatDuration } from '../src/shared/format';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

// Two downloads of the same 4,000 KiB with known rates: the baseline at 100 KiB/s done after
// 40 s, the other at 200 KiB/s done after 20 s; both recorded for 60 s at 1 Hz.
const BASE = { id: 'base-100k', title: 'Baseline 100 KiB/s', rate: 100 * 1024, doneS: 40, seconds: 60 };
const FAST = { id: 'fast-200k', title: 'Patched 200 KiB/s', rate: 200 * 1024, doneS: 20, seconds: 60 };
let env: SessionsShell;

test.beforeAll(async () => {
  env = await startSessionsShell([BASE, FAST]);
});
test.afterAll(async () => {
  await env?.close();
});

async function openComparison(page: Page) {
  await page.goto(`${env.shell.url}#/library`);
  await page.getByLabel(`Select ${BASE.title} for comparison`).check();
  await page.getByLabel(`Select ${FAST.title} for comparison`).check();
  await page.getByTestId('compare-selected').click();
  await expect(page.getByTestId('compare')).toBeVisible();
}

test('overlay draws both sessions in every bandwidth panel, named in the legend', async ({ page }) => {
  await openComparison(page);
  const rate = page.getByTestId('cpanel-bw.rate');
  await expect(rate.locator('path.series-line')).toHaveCount(2);
  await expect(rate.locator('path.series-line[data-series="Patched 200 KiB/s"]')).toHaveAttribute(
    'stroke-dasharray',
    '6 3',
  );
  await expect(rate.getByTestId('compare-legend').locator('li')).toHaveText([BASE.title, FAST.title]);
  for (const id of ['bw.rate', 'bw.wire', 'bw.totals']) {
    const p = page.getByTestId(`cpanel-${id}`);
    if ((await p.count()) === 0) continue;
    await expect(p.locator('path.series-line').first()).toBeVisible();
  }
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `test-results/compare-overlay-${theme}.png`, fullPage: true });
  }
  // Another section loads its columns when first shown, and draws both sessions.
  await page.getByRole('tab', { name: 'Connections & peers' }).click();
  await expect(page.getByTestId('cpanel-peers.connections').locator('path.series-line')).toHaveCount(2);
  await page.getByRole('tab', { name: 'Bandwidth' }).click();
  // Side by side: each session's chart of a panel, stacked on the same axis.
  await page.getByRole('button', { name: 'Side by side' }).click();
  await expect(rate.getByTestId('side-row')).toHaveCount(2);
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `test-results/compare-side-${theme}.png`, fullPage: true });
  }
});

test('the summary table matches figures computed from the known rates', async ({ page }) => {
  await openComparison(page);
  await page.getByRole('tab', { name: 'Summary' }).click();
  const table = page.getByTestId('summary-table');
  const cell = (metric: string, title: string, col: string) =>
    table.locator(`tr[data-metric="${metric}"][data-session="${title}"] [data-col="${col}"]`);

  // Payload downloaded: both sessions fetch 4,000 KiB in total.
  const size = BASE.rate * BASE.doneS;
  expect(size).toBe(FAST.rate * FAST.doneS);
  await expect(cell('bw.total_downloaded', BASE.title, 'total')).toHaveText(formatChartValue(size, 'B'));
  await expect(cell('bw.total_downloaded', FAST.title, 'total')).toHaveText(formatChartValue(size, 'B'));
  // Its rate per 1 s interval: 40 of 60 intervals at 100 KiB/s vs 20 of 60 at 200 KiB/s.
  await expect(cell('bw.total_downloaded', BASE.title, 'max')).toHaveText(formatChartValue(BASE.rate, 'B/s'));
  await expect(cell('bw.total_downloaded', FAST.title, 'max')).toHaveText(formatChartValue(FAST.rate, 'B/s'));
  await expect(cell('bw.total_downloaded', BASE.title, 'p50')).toHaveText(formatChartValue(BASE.rate, 'B/s'));
  await expect(cell('bw.total_downloaded', FAST.title, 'p50')).toHaveText(formatChartValue(0, 'B/s'));
  await expect(cell('bw.total_downloaded', BASE.title, 'mean')).toHaveText(formatChartValue(size / 60, 'B/s'));
  // Every total also per second of the compared span (60 s each), as the CLI's JSON perSecond;
  // gauges have no total to divide.
  await expect(cell('bw.total_downloaded', BASE.title, 'per-second')).toHaveText(formatChartValue(size / 60, 'B/s'));
  await expect(cell('bw.total_downloaded', FAST.title, 'per-second')).toHaveText(formatChartValue(size / 60, 'B/s'));
  await expect(cell('bw.download_rate', FAST.title, 'per-second')).toHaveText('');
  // The download-rate gauge: mean over 61 samples, same for both (same bytes, same span).
  await expect(cell('bw.download_rate', FAST.title, 'mean')).toHaveText(
    formatChartValue((FAST.rate * FAST.doneS) / 61, 'B/s'),
  );
  // Peak download rate: +100% against the baseline, better (higher throughput is better).
  const peak = table.locator(`tr[data-metric="bw.download_rate"][data-session="${FAST.title}"]`);
  await expect(peak.locator('[data-col="max"]')).toHaveText(formatChartValue(FAST.rate, 'B/s'));
  // Time to complete: 20 s against 40 s, −50%, coloured better.
  const ttc = table.locator(`tr[data-metric="time to complete"]`);
  await expect(ttc.getByTestId('ttc')).toHaveText([formatDuration(BASE.doneS), formatDuration(FAST.doneS)]);
  await expect(ttc.nth(1).locator('.delta.better').last()).toHaveText('−50.0%');
  // Connected peers (a gauge with no better direction: more peers may only mean a longer run): mean (3*40 + 21) / 61 against (3*20 + 41) / 61.
  const peers = table.locator(`tr[data-metric="peer.peers_connected"][data-session="${FAST.title}"]`);
  await expect(peers.locator('[data-col="mean"]')).toHaveText(formatChartValue((3 * 20 + 41) / 61, 'count'));
  const pct = ((3 * 20 + 41 - (3 * 40 + 21)) / (3 * 40 + 21)) * 100;
  await expect(peers.getByTestId('delta-pct')).toHaveText(`−${Math.abs(pct).toFixed(1)}%`);
  await expect(peers.getByTestId('delta-pct')).toHaveAttribute('data-verdict', 'neutral');

  // Derived series are rows too; diagnostic ones say the sessions had no diagnostics.
  await page.getByTestId('summary-filter').fill('dispatch.acquire_none_share');
  await expect(table.locator('tr[data-metric="dispatch.acquire_none_share"] [data-testid=missing]')).toHaveText([
    'no diagnostics in this session',
    'no diagnostics in this session',
  ]);
  // Filter narrows the table; sorting by change puts the biggest change first.
  await page.getByTestId('summary-filter').fill('bw.');
  await expect(table.locator('tr[data-metric^="bw."]').first()).toBeVisible();
  await expect(table.locator('tr[data-metric^="peer."]')).toHaveCount(0);
  await page.getByTestId('summary-filter').fill('');
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `test-results/compare-summary-${theme}.png`, fullPage: false });
  }

  // Switching the baseline flips the verdict.
  await page.getByLabel(`Use ${FAST.title} as the baseline`).check();
  await expect(
    table.locator(`tr[data-metric="time to complete"][data-session="${BASE.title}"] .delta.worse`).last(),
  ).toHaveText('+100.0%');
});
