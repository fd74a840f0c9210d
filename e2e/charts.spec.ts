import { expect, type Locator, test } from '@playwright/test';
import { formatChartValue } from '../src/shared/format';
import { panelsOf } from '../src/shared/panels';
import type { SessionData } from '../src/shared/session/data';
import { formatClock, formatElapsed } from '../src/shared/time-axis';
import { busySession, DISCONNECTS, FIRST_BLOCK, RECHOKES } from './fixtures/busySession';
import { dragChart, hoverChart } from './fixtures/pointer';
import { type SessionsShell, START, startSessionsShell } from './fixtures/sessionsShell';

// Charts of saved sessions: one instant per crosshair in a zoomed replay and in a comparison,
// and means of rare events drawn as dots. Ground truth: the session files the test writes.
const A = busySession('busy-a', 'Busy A');
const B = busySession('busy-b', 'Busy B', START + 3_600_000);
let env: SessionsShell;

test.beforeAll(async () => {
  env = await startSessionsShell([], [A, B]);
});
test.afterAll(async () => {
  await env?.close();
});

/** The value of a metric at sample time t of a session. */
function valueAt(d: SessionData, name: string, t: number): number {
  const k = Array.prototype.indexOf.call(d.t, t);
  const i = d.meta.registry.findIndex((e) => e.name === name);
  if (k < 0 || i < 0) throw new Error(`no ${name} at ${t}`);
  return (d.columns[i] as Float64Array)[k] as number;
}

const instants = (scope: Locator) =>
  scope.getByTestId('crosshair').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))));

test('a zoomed replay: one hover puts every panel at the same sample, with its exact values', async ({ page }) => {
  await page.goto(`${env.shell.url}#/replay/busy-a`);
  const replay = page.getByTestId('replay');
  const rate = replay.getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  // Drag across half the chart: about ten minutes of 1 Hz samples, more than the plot is wide.
  await dragChart(page, rate, 0.25, 0.75);
  await expect(replay.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
  const body = rate.locator('.panel-body');
  const points = Number(await body.getAttribute('data-points'));
  expect(Number(await body.getAttribute('data-source-points'))).toBeGreaterThan(points);

  const grid = replay.getByTestId('section-bandwidth');
  for (const at of [0.2, 0.43, 0.81]) {
    await hoverChart(page, replay.getByTestId('panel-bw.wire'), at);
    const tip = replay.getByTestId('panel-bw.wire').getByTestId('tooltip');
    await expect(tip).toBeVisible();
    const t = Number(await tip.getAttribute('data-t'));
    expect((t - START) % 1000, 'a sample of the session').toBe(0);
    await expect(tip.locator('.tooltip-time')).toHaveText(formatClock(t, true));
    await expect(tip.locator('[data-series="Received"] .tooltip-value')).toHaveText(
      formatChartValue(valueAt(A, 'net.bytes_recv', t) - valueAt(A, 'net.bytes_recv', t - 1000), 'B/s'),
    );
    await expect(grid.getByTestId('crosshair')).toHaveCount(panelsOf('bandwidth').length);
    expect(new Set(await instants(grid))).toEqual(new Set([t]));
    await expect(grid.getByTestId('tooltip')).toHaveCount(1);
  }
  // Hovering the panel beside it at the same x gives the same instant there.
  const t0 = Number(await replay.getByTestId('panel-bw.wire').getByTestId('tooltip').getAttribute('data-t'));
  await hoverChart(page, rate, 0.81);
  const tip = rate.getByTestId('tooltip');
  await expect(tip).toHaveAttribute('data-t', String(t0));
  await expect(tip.locator('[data-series="Download"] .tooltip-value')).toHaveText(
    formatChartValue(valueAt(A, 'bw.download_rate', t0), 'B/s'),
  );
  await expect(replay.getByTestId('panel-bw.wire').getByTestId('tooltip')).toHaveCount(0);
});

test('a drag whose events all come before the page renders still zooms (a busy machine)', async ({ page }) => {
  await page.goto(`${env.shell.url}#/replay/busy-a`);
  const replay = page.getByTestId('replay');
  const rate = replay.getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  // Down, move and up dispatched in one task: React renders nothing in between, as when the
  // main thread is starved. The zoom must come from the events, not from a render's state.
  await rate.locator('.chart').evaluate((el) => {
    const box = el.getBoundingClientRect();
    const at = (f: number) => ({ clientX: box.left + box.width * f, clientY: box.top + box.height / 2, bubbles: true });
    // The page's MouseEvent (this project's types are Node's, without the DOM's names).
    const Mouse = (globalThis as unknown as { MouseEvent: new (type: string, init: object) => Event }).MouseEvent;
    el.dispatchEvent(new Mouse('mousedown', { ...at(0.3), button: 0 }));
    el.dispatchEvent(new Mouse('mousemove', at(0.45)));
    el.dispatchEvent(new Mouse('mouseup', { ...at(0.6), button: 0 }));
  });
  await expect(replay.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
});

test('a comparison: one hover marks the same aligned instant in every chart', async ({ page }) => {
  await page.goto(`${env.shell.url}#/compare/busy-a,busy-b`);
  const compare = page.getByTestId('compare');
  const rate = compare.getByTestId('cpanel-bw.rate');
  await expect(rate.locator('path.series-line')).toHaveCount(2);
  await hoverChart(page, rate, 0.37);
  const tip = rate.getByTestId('tooltip');
  await expect(tip).toBeVisible();
  const t = Number(await tip.getAttribute('data-t'));
  expect(t % 1000).toBe(0);
  await expect(tip.locator('.tooltip-time')).toHaveText(`${formatElapsed(t)} from the aligned start`);
  // Both sessions hold the same samples, an hour apart: the same value at the same elapsed time.
  const want = formatChartValue(valueAt(A, 'bw.download_rate', START + t), 'B/s');
  await expect(tip.locator('.tooltip-value')).toHaveText([want, want]);
  const grid = compare.locator('.compare-grid');
  const panels = await grid.locator('[data-testid^="cpanel-"]').count();
  await expect(grid.getByTestId('crosshair')).toHaveCount(panels);
  expect(new Set(await instants(grid))).toEqual(new Set([t]));
  await expect(grid.getByTestId('tooltip')).toHaveCount(1);
});

test('means of rare events are drawn as dots at the intervals that have events', async ({ page }) => {
  await page.goto(`${env.shell.url}#/replay/busy-a`);
  const replay = page.getByTestId('replay');
  await replay.getByRole('tab', { name: 'Dispatch diagnostics' }).click();
  const first = replay.getByTestId('panel-diag.first_block');
  await expect(first).toHaveAttribute('data-state', 'ok');
  // 1,201 samples on a plot a few hundred px wide: the chart draws an LTTB pick, and every event stays.
  const body = first.locator('.panel-body');
  expect(Number(await body.getAttribute('data-source-points'))).toBeGreaterThan(1000);
  const dots = first.locator('circle.series-dot[data-series="Unchoke to first block"]');
  await expect(dots).toHaveCount(FIRST_BLOCK.length);
  const durations = replay.getByTestId('panel-diag.durations');
  await expect(durations.locator('circle.series-dot[data-series="Unchoked before re-choke"]')).toHaveCount(
    RECHOKES.length,
  );
  await expect(durations.locator('circle.series-dot[data-series="Peer lifetime"]')).toHaveCount(DISCONNECTS.length);
  // The legend gives the last one measured.
  await expect(first.getByTestId('legend-value')).toHaveText(
    formatChartValue((FIRST_BLOCK.at(-1)?.ms ?? 0) * 1000, 'us'),
  );
  // Hovering a dot gives its mean, at the second it was measured; the dots are in time order.
  // The panels fill the window: this one may start below it.
  await first.scrollIntoViewIfNeeded();
  for (const [k, e] of FIRST_BLOCK.entries()) {
    const dot = (await dots.nth(k).boundingBox())!;
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    const tip = first.getByTestId('tooltip');
    await expect(tip).toHaveAttribute('data-t', String(START + e.s * 1000));
    await expect(tip.locator('.tooltip-value')).toHaveText(formatChartValue(e.ms * 1000, 'us'));
  }
  // Overall: the mean since the start, a line from the first event on.
  await first.getByRole('button', { name: 'Overall' }).click();
  await expect(first.locator('circle.series-dot')).toHaveCount(0);
  await expect(first.locator('path.series-line')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
});
