import { expect, type Locator, test } from '@playwright/test';
import { ANNOTATED, annotatedSession, MARKER } from './fixtures/annotatedSession';
import { type SessionsShell, startSessionsShell } from './fixtures/sessionsShell';
import { startUiShell, type UiShell } from './fixtures/uiShell';

// Annotations on the charts, in real Chromium against a real host: a replay of a session file
// whose batches carry events (an outage, an alert, diagnostics switched) and a user's marker,
// and the live dashboard after the diagnostics switch is flipped from the page.

const RUN = ANNOTATED;

/** The x of each annotation line of a panel, in document order, and its kind. */
const lines = (panel: Locator) =>
  panel
    .getByTestId('annotation-line')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.querySelector('title')?.textContent ?? '']));

test.describe('replay', () => {
  let env: SessionsShell;
  test.beforeAll(async () => {
    env = await startSessionsShell([], [annotatedSession()]);
    await env.library.update(RUN.id, { markers: [MARKER] });
  });
  test.afterAll(async () => {
    await env?.close();
  });

  test("every chart shows the file's events and the markers; the legend hides them", async ({ page }) => {
    await page.goto(`${env.shell.url}#/replay/${RUN.id}`);
    const replay = page.getByTestId('replay');
    const panels = replay.locator('section.panel:has(.chart)');
    await expect(panels.first()).toBeVisible();
    const n = await panels.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) {
      const p = panels.nth(i);
      await expect(p.getByTestId('annotation-band')).toHaveCount(1);
      await expect
        .poll(() => lines(p))
        .toEqual([
          ['diagnostics', 'diagnostics switched on'],
          ['marker', 'Marker: new choker'],
          ['alert', 'TrackerError: announce to udp://tracker.example:1337 failed'],
        ]);
    }
    // The band covers the outage: 10 s of the 60 s session, at its place on the time axis.
    const rate = replay.getByTestId('panel-bw.rate');
    const band = rate.getByTestId('annotation-band');
    await expect(band).toHaveAttribute('data-label', 'source unreachable');
    await expect(band.locator('title')).toHaveText(/is unreachable\n.*is live again after 10 s/);
    const plot = await rate.locator('.chart').boundingBox();
    const b = await band.boundingBox();
    if (!plot || !b) throw new Error('no geometry');
    const ratio = b.width / (plot.width - 74); // the plot is the chart less its value axis and margin
    expect(ratio).toBeGreaterThan(10 / 60 - 0.02);
    expect(ratio).toBeLessThan(10 / 60 + 0.02);

    await rate.getByTestId('legend-events').click();
    await expect(rate.getByTestId('annotations')).toHaveCount(0);
    await rate.getByTestId('legend-events').click();
    await expect(rate.getByTestId('annotation-band')).toHaveCount(1);
  });
});

test.describe('live', () => {
  let ui: UiShell;
  test.beforeAll(async () => {
    ui = await startUiShell();
  });
  test.afterAll(async () => {
    await ui?.close();
  });

  test('the live dashboard draws a diagnostics switch on every chart', async ({ page }) => {
    await page.goto(`${ui.shell.url}#bandwidth`);
    await page.getByTestId('source-label').waitFor();
    await ui.begin(60_000);
    const rate = page.getByTestId('panel-bw.rate');
    await expect(rate.locator('.chart')).toBeVisible();
    await expect(rate.getByTestId('annotation-line')).toHaveCount(0);
    // The ui shell starts with diagnostics on: the switch turns them off.
    await expect(page.getByRole('switch', { name: 'Diagnostics' })).toBeChecked();
    await page.locator('label.switch').click();
    await expect.poll(() => ui.host.counters.diagnosticsEnabled()).toBe(false);
    const panels = page.locator('section.panel:has(.chart)');
    const n = await panels.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++)
      await expect.poll(() => lines(panels.nth(i))).toEqual([['diagnostics', 'diagnostics switched off']]);
    // What the host recorded is what the page drew.
    expect(ui.host.sessionEvents().map((e) => e.kind)).toEqual(['diagnostics-off']);
  });
});
