import { expect, type Locator, test } from '@playwright/test';
import type { Alignment } from '../src/shared/compare/align';
import { sessionInfo } from '../src/shared/compare/compareSessions';
import type { SessionData } from '../src/shared/session/data';
import { ANNOTATED, ANNOTATED_EVENTS, annotatedSession, MARKER } from './fixtures/annotatedSession';
import {
  type KnownDownload,
  knownSession,
  type SessionsShell,
  START,
  startSessionsShell,
  switchTheme,
} from './fixtures/sessionsShell';

/*
 * A session's events and markers in a comparison and in reports, in real Chromium against a
 * real host and library: the annotated 60-s run (an outage 20–30 s, a diagnostics switch at
 * 8 s, a marker at 35 s, an alert at 45 s) against a plain run done at 20 s. Where each line and
 * band must stand is worked out here from the files' own times and the shared alignment.
 */

const PLAIN: KnownDownload = { id: 'plain-run', title: 'Plain run', rate: 200 * 1024, doneS: 20, seconds: 60 };
const WHO = ANNOTATED.title;
/** The plot is the chart less its value axis (62 px) and right margin (12 px). */
const AXIS_PX = 62;
const PLOT_LESS_PX = 74;

let env: SessionsShell;
test.beforeAll(async () => {
  env = await startSessionsShell([PLAIN], [annotatedSession()]);
  await env.library.update(ANNOTATED.id, { markers: [MARKER] });
});
test.afterAll(async () => {
  await env?.close();
});

/** The compare view's axis for an alignment: origins from the shared code, range as the view spans it. */
function axis(alignment: Alignment) {
  const data: SessionData[] = [knownSession(PLAIN), annotatedSession()];
  const markers = [[], [MARKER]];
  const origins = data.map(
    (d, k) => sessionInfo({ id: `${k}`, title: '', data: d, markers: markers[k] }, alignment).origin,
  );
  const first = Math.min(...data.map((d, k) => (d.t[0] as number) - (origins[k] as number)));
  const last = Math.max(...data.map((d, k) => (d.t[d.length - 1] as number) - (origins[k] as number)));
  return { origin: origins[1] as number, from: Math.min(0, first), to: last };
}

/** The chart's plot width, px: its box less the value axis and the right margin. */
async function plotWidth(chart: Locator): Promise<number> {
  const box = await chart.boundingBox();
  if (!box) throw new Error('no chart');
  return box.width - PLOT_LESS_PX;
}

/** Fraction of the plot's width at which each annotation line of `chart` stands (the SVG's own x). */
async function lineXs(chart: Locator): Promise<number[]> {
  const w = await plotWidth(chart);
  const x1 = await chart
    .getByTestId('annotation-line')
    .locator('line.annotation-line')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('x1'))));
  return x1.map((x) => (x - AXIS_PX) / w);
}

async function bandXs(chart: Locator): Promise<[number, number]> {
  const w = await plotWidth(chart);
  const [x, width] = await chart
    .getByTestId('annotation-band')
    .evaluate((e) => [Number(e.getAttribute('x')), Number(e.getAttribute('width'))]);
  return [((x as number) - AXIS_PX) / w, ((x as number) + (width as number) - AXIS_PX) / w];
}

/** A computed style, read in the page (the e2e code is compiled without DOM types). */
type Styles = { getComputedStyle(e: unknown): Record<string, string> };
const css = (l: Locator, prop: string) =>
  l.evaluate((e, p) => (globalThis as unknown as Styles).getComputedStyle(e)[p] ?? '', prop);

const near = (got: readonly number[], want: readonly number[]) => {
  expect(got).toHaveLength(want.length);
  // Within 1 % of the plot: the lines are drawn on whole pixels.
  for (const [i, g] of got.entries())
    expect(Math.abs(g - (want[i] as number)), `${i}: ${got} vs ${want}`).toBeLessThan(0.01);
};

/** Where the annotated session's lines and band must stand on an axis. */
function expected(a: ReturnType<typeof axis>) {
  const f = (t: number) => (t - a.origin - a.from) / (a.to - a.from);
  const [diag, outS, outE, alert] = ANNOTATED_EVENTS.map((e) => e.t) as [number, number, number, number];
  return { lines: [f(diag), f(MARKER.t), f(alert)], band: [f(outS), f(outE)] };
}

test("the compare charts draw the annotated session's events at its aligned times, in its colour", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${env.shell.url}#/compare/${PLAIN.id},${ANNOTATED.id}`);
  const compare = page.getByTestId('compare');
  const rate = compare.getByTestId('cpanel-bw.rate');
  const chart = rate.locator('.chart');
  await expect(chart).toBeVisible();

  // Aligned by start: both begin at 0; the events stand where they happened.
  await expect(rate.getByTestId('annotation-line')).toHaveCount(3);
  await expect(rate.getByTestId('annotation-band')).toHaveCount(1);
  const lines = rate.getByTestId('annotation-line');
  expect(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-session')))).toEqual([WHO, WHO, WHO]);
  expect(await lines.evaluateAll((els) => els.map((e) => e.querySelector('title')?.textContent))).toEqual([
    `${WHO}: diagnostics switched on`,
    `${WHO}: Marker: new choker`,
    `${WHO}: TrackerError: announce to udp://tracker.example:1337 failed`,
  ]);
  let want = expected(axis({ kind: 'start' }));
  near(await lineXs(chart), want.lines);
  near(await bandXs(chart), want.band);

  // Its colour is the session's own (the second session's), not the kind's.
  const legend = rate.getByTestId('compare-legend');
  const swatch = await css(legend.locator(`li[data-session="${WHO}"] .swatch`), 'backgroundColor');
  expect(swatch).toMatch(/^rgb/);
  expect(swatch).not.toBe(await css(legend.locator(`li[data-session="${PLAIN.title}"] .swatch`), 'backgroundColor'));
  for (const l of await lines.locator('line.annotation-line').all()) await expect(l).toHaveCSS('stroke', swatch);
  await expect(rate.getByTestId('annotation-band')).toHaveCSS('fill', swatch);

  // Aligned by completion (plain done at 20 s, annotated at 40 s): the events move with their session.
  await compare.getByLabel('Alignment', { exact: true }).selectOption('event:complete');
  const byStart = want;
  want = expected(axis({ kind: 'event', event: 'complete' }));
  // A move large enough to see (the outage is 20 s before the annotated run's origin now).
  expect(Math.abs((want.band[0] as number) - (byStart.band[0] as number))).toBeGreaterThan(0.05);
  await expect.poll(async () => Math.abs((await bandXs(chart))[0] - (want.band[0] as number))).toBeLessThan(0.01);
  near(await lineXs(chart), want.lines);
  near(await bandXs(chart), want.band);

  // Every panel of the section draws them.
  const panels = compare.locator('section.compare-panel:has(.chart)');
  const n = await panels.count();
  expect(n).toBeGreaterThan(1);
  for (let i = 0; i < n; i++) await expect(panels.nth(i).getByTestId('annotation-line')).toHaveCount(3);

  // One switch hides them from every chart of the comparison, and E brings them back.
  const events = compare.getByTestId('compare-events');
  await expect(events).toHaveText('Events (4)'); // 3 lines and 1 band of the annotated session
  await events.click();
  await expect(events).toHaveAttribute('aria-pressed', 'false');
  await expect(compare.getByTestId('annotation-line')).toHaveCount(0);
  await expect(compare.getByTestId('annotation-band')).toHaveCount(0);
  await page.keyboard.press('e');
  await expect(events).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < n; i++) await expect(panels.nth(i).getByTestId('annotation-line')).toHaveCount(3);

  // Side by side: the annotated session's row has them, the plain one none.
  await compare.getByRole('button', { name: 'Side by side' }).click();
  const rows = rate.getByTestId('side-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByTestId('annotation-line')).toHaveCount(3);
  await expect(rows.nth(1).getByTestId('annotation-band')).toHaveCount(1);
  await expect(rows.nth(0).getByTestId('annotation-line')).toHaveCount(0);
  near(await lineXs(rows.nth(1).locator('.chart')), want.lines);

  // Screenshots, viewed by hand.
  await compare.getByRole('button', { name: 'Overlay' }).click();
  await compare.getByLabel('Alignment', { exact: true }).selectOption('start');
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const theme of ['light', 'dark'] as const) {
      await switchTheme(page, theme);
      await rate.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/compare-annotations-${width}-${theme}.png` });
    }
  }
});

test('a report draws the events on each of its charts, per session in a comparison', async ({ page }) => {
  await page.goto(new URL(`report.html?ids=${ANNOTATED.id}`, env.shell.url).href);
  const report = page.getByTestId('report');
  await expect(report).toHaveAttribute('data-ready', 'true');
  const charts = report.locator('figure.report-chart');
  const n = await charts.count();
  expect(n).toBeGreaterThan(1);
  for (let i = 0; i < n; i++) {
    await expect(charts.nth(i).getByTestId('annotation-line')).toHaveCount(3);
    await expect(charts.nth(i).getByTestId('annotation-band')).toHaveCount(1);
  }
  // The legend says what they are, on every panel.
  const legends = report.getByTestId('report-legend-events');
  await expect(legends).toHaveCount(await report.locator('section.report-panel').count());
  await expect(legends.first()).toHaveText(/^Events \(4\): lines are markers and alerts, shaded bands are outages$/);
  // The legend entry is the report's one switch: off, no chart draws a line or a band; on again, all do.
  const toggle = legends.first().getByRole('button');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(report.getByTestId('annotation-line')).toHaveCount(0);
  await expect(report.getByTestId('annotation-band')).toHaveCount(0);
  await expect(legends.nth(1)).toHaveText('Events (4): hidden');
  await legends.nth(1).getByRole('button').click();
  await expect(report.getByTestId('annotation-line')).toHaveCount(3 * n);
  await expect(report.getByTestId('annotation-band')).toHaveCount(n);
  // A report's chart is the session's own clock, START to its last sample (60 s).
  const svg = charts.first().locator('svg.static-chart');
  const own = { origin: 0, from: START, to: START + ANNOTATED.seconds * 1000 };
  near(await lineXs(svg), expected(own).lines);
  near(await bandXs(svg), expected(own).band);
  await expect(charts.first().getByTestId('annotation-line').first().locator('title')).toHaveText(
    'diagnostics switched on',
  );

  // A comparison report: the annotated session's charts have them, the plain one's none.
  await page.goto(new URL(`report.html?ids=${PLAIN.id},${ANNOTATED.id}`, env.shell.url).href);
  await expect(report).toHaveAttribute('data-ready', 'true');
  const rate = report.locator('[data-panel="bw.rate"] figure.report-chart');
  await expect(rate).toHaveCount(2);
  await expect(rate.nth(0).getByTestId('annotation-line')).toHaveCount(0);
  await expect(rate.nth(1).getByTestId('annotation-line')).toHaveCount(3);
  await expect(rate.nth(1).getByTestId('annotation-band')).toHaveCount(1);
  near(await bandXs(rate.nth(1).locator('svg.static-chart')), expected(own).band);
  await page.screenshot({ path: 'test-results/report-annotations-compare.png', fullPage: true });
});
