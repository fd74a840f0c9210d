import { expect, type Page, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { startWebShell, type WebShell } from '../src/main/web/WebShell';
import { formatChartValue } from '../src/shared/format';
import { bindPanel } from '../src/shared/panel-data';
import { PANELS, panelsOf } from '../src/shared/panels';
import { panelsFor, sectionsFor } from '../src/shared/panels-shown';
import { builtinRegistry, M } from '../src/shared/registry';
import type { Snapshot } from '../src/shared/snapshot';
import { formatClock } from '../src/shared/time-axis';
import { emitHistory } from './fixtures/history';
import { dragChart, hoverChart } from './fixtures/pointer';
import { WorkerDriverSource } from './fixtures/WorkerDriverSource';

// One host for the file: a worker thread moves every metric (fixtures/pattern.ts), sampled at
// 10 Hz. Time-control tests get their own host and page, fed 15 minutes of history at 1 Hz
// before it starts (history only reaches pages already connected).
let host: StatsHost;
let shell: WebShell;
let driver: WorkerDriverSource;
const HISTORY_MS = 15 * 60_000;
/** Screenshots go to test-results/ unless SHOTS_DIR says otherwise (other runs clean test-results/). */
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/dashboards';

test.beforeAll(async () => {
  driver = new WorkerDriverSource();
  host = new StatsHost({ intervalMs: 100, source: driver });
  shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  await host.start();
  await driver.send({ op: 'pattern', everyMs: 20 });
});

test.afterAll(async () => {
  await driver?.send({ op: 'pattern', everyMs: 0 });
  await shell?.close();
  await host?.stop();
});

const panel = (page: Page, id: string) => page.getByTestId(`panel-${id}`);
const tab = (page: Page, title: string) => page.getByRole('tab', { name: title, exact: false });

/** A panel's drawn range, both ends read in one go: two reads could straddle a redraw. */
async function range(page: Page, id: string): Promise<{ from: number; to: number }> {
  return panel(page, id)
    .locator('.panel-body')
    .evaluate((el) => ({ from: Number(el.getAttribute('data-from')), to: Number(el.getAttribute('data-to')) }));
}

test('every panel of every section draws live data', async ({ page }) => {
  // Some forty panels, each awaited in turn: minutes on a loaded 2-core machine, seconds on a quiet one.
  test.setTimeout(240_000);
  host.setDiagnostics(true);
  await page.goto(shell.url);
  await expect(page.getByRole('switch', { name: 'Diagnostics' })).toBeChecked();
  const registry = builtinRegistry();
  const notReported = host.notReported();
  // The sections and panels this stream shows: the driver's 99 metrics, so no libtorrent tab.
  for (const s of sectionsFor(registry)) {
    await tab(page, s.title).click();
    await expect(page).toHaveURL(new RegExp(`#${s.id}$`));
    for (const p of panelsFor(s.id, registry)) {
      const card = panel(page, p.id);
      await expect(card, p.id).toHaveAttribute('data-state', 'ok');
      const drawn = bindPanel(p, registry, notReported).series.length;
      await expect(card.locator('path.series-line')).toHaveCount(drawn);
      // Every drawn series shows a current value in the legend, never a placeholder.
      for (const v of await card.getByTestId('legend-value').allTextContents()) expect(v, p.id).not.toBe('—');
    }
  }
  // A metric the source cannot report says so and is not drawn as zero.
  await tab(page, 'Connections & peers').click();
  await expect(panel(page, 'peers.swarm').getByTestId('panel-note')).toContainText(
    'Web seeds: not reported by this source',
  );
  await expect(panel(page, 'peers.swarm').locator('[data-series="Web seeds"]')).toHaveCount(0);
  host.setDiagnostics(false);
});

test('counters switch between rates and totals per panel', async ({ page }) => {
  await page.goto(`${shell.url}#bandwidth`);
  const wire = panel(page, 'bw.wire');
  await expect(wire).toHaveAttribute('data-state', 'ok');
  const received = wire.locator('[data-series="Received"] [data-testid=legend-value]');
  await expect(received).toHaveText(/\/s$/);
  await wire.getByRole('button', { name: 'Total' }).click();
  await expect(received).toHaveText(/^[\d.]+ (MiB|GiB)$/);
  // Other panels keep their own mode.
  await expect(panel(page, 'bw.split_bytes').getByRole('button', { name: 'Rate' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});

test('the diagnostics switch changes what the host counts and what the section shows', async ({ page }) => {
  host.setDiagnostics(false);
  await page.goto(`${shell.url}#diagnostics`);
  await expect(page.getByTestId('diagnostics-off')).toContainText('Diagnostics are off');
  await expect(page.locator('[data-testid^="panel-diag."]')).toHaveCount(0);
  const before = host.counters.get(M.DISPATCH_ACQUIRE_TOTAL);
  await page.waitForTimeout(300);
  expect(host.counters.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(before);

  await page.getByRole('button', { name: /Turn diagnostics on/ }).click();
  await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(true);
  await expect.poll(() => host.counters.get(M.DISPATCH_ACQUIRE_TOTAL)).toBeGreaterThan(before);
  for (const p of panelsOf('diagnostics')) await expect(panel(page, p.id)).toHaveAttribute('data-state', 'ok');
  await expect(tab(page, 'Dispatch diagnostics')).not.toContainText('off');

  // The choice is remembered: a host that comes back with diagnostics off is turned on again.
  host.setDiagnostics(false);
  await page.reload();
  await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(true);
  await expect(page.getByRole('switch', { name: 'Diagnostics' })).toBeChecked();

  // D turns it off: the section says so at once, no frozen numbers are left on screen.
  await page.keyboard.press('d');
  await expect.poll(() => host.counters.diagnosticsEnabled()).toBe(false);
  await expect(page.getByTestId('diagnostics-off')).toBeVisible();
  await expect(page.locator('[data-testid^="panel-diag."]')).toHaveCount(0);
  await expect(tab(page, 'Dispatch diagnostics')).toContainText('off');
  const frozen = host.counters.get(M.DISPATCH_ACQUIRE_TOTAL);
  await page.waitForTimeout(300);
  expect(host.counters.get(M.DISPATCH_ACQUIRE_TOTAL)).toBe(frozen);
});

test.describe('with history', () => {
  let h: StatsHost;
  let s: WebShell;
  let d: WorkerDriverSource;
  /** Every sample the host sent, history included: the ground truth of what the charts show. */
  let snaps: Snapshot[];

  test.beforeEach(async ({ page }) => {
    d = new WorkerDriverSource();
    h = new StatsHost({ intervalMs: 100, source: d, diagnostics: true });
    snaps = [];
    h.on('snapshot', (x: Snapshot) => snaps.push(x));
    s = await startWebShell({ host: h, staticDir: rendererDir(), port: 0 });
    await page.goto(`${s.url}#bandwidth`);
    await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
    await emitHistory(h, { spanMs: HISTORY_MS, intervalMs: 1000, diagnostics: true });
    await h.start();
    await d.send({ op: 'pattern', everyMs: 20 });
  });

  test.afterEach(async () => {
    await d.send({ op: 'pattern', everyMs: 0 });
    await s.close();
    await h.stop();
  });

  test('window presets cut the time axis of every panel', async ({ page }) => {
    const presets: [string, number][] = [
      ['1 min', 60_000],
      ['5 min', 300_000],
      ['15 min', 900_000],
    ];
    for (const [label, ms] of presets) {
      await page.getByRole('button', { name: label, exact: true }).click();
      await expect(page.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-pressed', 'true');
      for (const p of panelsOf('bandwidth')) {
        await expect
          .poll(async () => {
            const r = await range(page, p.id);
            return r.to - r.from;
          }, `${label} on ${p.id}`)
          .toBe(ms);
      }
    }
    // All: from the first sample of the history to now.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect
      .poll(async () => {
        const r = await range(page, 'bw.rate');
        return r.to - r.from;
      })
      .toBeGreaterThan(HISTORY_MS - 2000);
    // A 15-minute window at 1 Hz has more points than the chart is wide: LTTB keeps about one per pixel.
    const body = panel(page, 'bw.rate').locator('.panel-body');
    const width = (await body.boundingBox())?.width ?? 0;
    expect(Number(await body.getAttribute('data-source-points'))).toBeGreaterThan(width);
    expect(Number(await body.getAttribute('data-points'))).toBeLessThanOrEqual(width);
    // Keys 1-5 pick presets too.
    await page.keyboard.press('1');
    await expect(page.getByRole('button', { name: '1 min', exact: true })).toHaveAttribute('aria-pressed', 'true');
  });

  test('drag to zoom freezes one range on every panel; reset returns to the live window', async ({ page }) => {
    await page.getByRole('button', { name: '15 min', exact: true }).click();
    await dragChart(page, panel(page, 'bw.rate'), 0.3, 0.6);
    await expect(page.getByTestId('time-status')).toContainText('Zoomed');
    const zoomed = await range(page, 'bw.rate');
    expect(zoomed.to - zoomed.from).toBeGreaterThan(3 * 60_000);
    expect(zoomed.to - zoomed.from).toBeLessThan(6 * 60_000);
    // Every panel shows the same range, and it stays put while samples keep arriving.
    for (const p of panelsOf('bandwidth')) expect(await range(page, p.id)).toEqual(zoomed);
    await page.waitForTimeout(500);
    expect(await range(page, 'bw.wire')).toEqual(zoomed);
    // Zoomed at 1 Hz history: finer data than the 15-minute view drew.
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect(page.getByTestId('time-status')).toHaveText('Live');
    await expect
      .poll(async () => {
        const r = await range(page, 'bw.rate');
        return r.to - r.from;
      })
      .toBe(900_000);
  });

  test('pause holds the view while data keeps arriving; live follows again', async ({ page }) => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('time-status')).toContainText('Paused at');
    const held = await range(page, 'bw.rate');
    await page.waitForTimeout(600);
    expect(await range(page, 'bw.rate')).toEqual(held);
    await page.getByRole('button', { name: 'Go live' }).click();
    await expect.poll(async () => (await range(page, 'bw.rate')).to).toBeGreaterThan(held.to + 500);
  });

  test('one instant per crosshair: every panel marks the hovered sample; one tooltip with exact values', async ({
    page,
  }) => {
    // 15 minutes of 1 Hz history on ~400 px: every panel draws an LTTB pick of its own.
    await page.getByRole('button', { name: '15 min', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const section = page.getByTestId('section-bandwidth');
    for (const p of panelsOf('bandwidth')) await expect(panel(page, p.id)).toHaveAttribute('data-state', 'ok');
    const body = panel(page, 'bw.rate').locator('.panel-body');
    expect(Number(await body.getAttribute('data-source-points'))).toBeGreaterThan(
      Number(await body.getAttribute('data-points')),
    );
    for (const at of [0.37, 0.61]) {
      // One read of the whole section per try: the tooltip, its values and every mark at one
      // moment. A layout shift under the still pointer (a live finding appearing above the
      // grid on a busy machine) moves the hover elsewhere; then hover again and read again.
      await expect(async () => {
        await hoverChart(page, panel(page, 'bw.rate'), at);
        await expect(panel(page, 'bw.rate').getByTestId('tooltip')).toContainText(/Download\s*[\d.]+ (KiB|MiB)\/s/, {
          timeout: 5_000,
        });
        const seen = await section.evaluate((el) => {
          const tips = [...el.querySelectorAll('[data-testid="tooltip"]')];
          const tip = el.querySelector('[data-testid="panel-bw.rate"] [data-testid="tooltip"]');
          return {
            tips: tips.length,
            t: Number(tip?.getAttribute('data-t')),
            download: tip?.querySelector('[data-series="Download"] .tooltip-value')?.textContent ?? null,
            time: tip?.querySelector('.tooltip-time')?.textContent ?? null,
            marks: [...el.querySelectorAll('[data-testid="crosshair"]')].map((e) => Number(e.getAttribute('data-t'))),
          };
        });
        // The instant is a sample the host took, and the tooltip gives its exact values.
        const snap = snaps.find((x) => x.t === seen.t);
        expect(snap, `a sample at ${seen.t}`).toBeDefined();
        expect(seen.download).toBe(formatChartValue(snap?.values[M.BW_DOWNLOAD_RATE] as number, 'B/s'));
        expect(seen.time).toBe(formatClock(seen.t, true));
        // Every panel of the section marks that same instant; only the hovered one has a tooltip box.
        expect(seen.marks.length).toBe(panelsOf('bandwidth').length);
        expect(new Set(seen.marks)).toEqual(new Set([seen.t]));
        expect(seen.tips).toBe(1);
      }).toPass({ timeout: 60_000 });
    }
    await page.mouse.move(0, 0);
    await expect(section.getByTestId('crosshair')).toHaveCount(0);
  });
  test('screenshots of every section in both themes', async ({ page }) => {
    // Full-page shots of panels that fill the window: slow on a loaded 2-core machine.
    test.setTimeout(300_000);
    h.setDiagnostics(true);
    await page.getByRole('button', { name: '15 min', exact: true }).click();
    // Paused, the charts hold still: a capture does not wait out redraws at 10 Hz on a busy machine.
    await page.getByRole('button', { name: 'Pause' }).click();
    for (const theme of ['dark', 'light'] as const) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.keyboard.press('t');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const sec of sectionsFor(builtinRegistry())) {
        await tab(page, sec.title).click();
        for (const p of panelsFor(sec.id, builtinRegistry()))
          await expect(panel(page, p.id)).toHaveAttribute('data-state', 'ok');
        await page.screenshot({ path: `${SHOTS}/${sec.id}-${theme}.png`, fullPage: true });
      }
    }
    // The theme is remembered across a reload.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(PANELS.length).toBeGreaterThan(30);
  });
});
