import { expect, type Page, test } from '@playwright/test';
import { checkScreen } from './fixtures/layout';
import { hoverChart } from './fixtures/pointer';
import { switchTheme } from './fixtures/sessionsShell';
import { startUiShell, UI_SESSIONS, type UiShell } from './fixtures/uiShell';

// The layout at the widths the UI must hold, with the defects a test can see: a wrapped tab
// row, anything outside the viewport, a dialog whose buttons are cut off, more than one
// tooltip, crosshairs at different instants. A few representative screens per width, so this
// stays fast; scripts/ui-shots.ts takes every screen in both themes for a person to look at.
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/layout';
let ui: UiShell;
let page: Page;

test.beforeAll(async ({ browser }) => {
  ui = await startUiShell();
  page = await browser.newPage({ viewport: SIZES[1] });
  await page.goto(`${ui.shell.url}#bandwidth`);
  await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
  await ui.begin(5 * 60_000);
});
test.afterAll(async () => {
  await page?.close();
  await ui?.close();
});

/** One tooltip, at the hovered panel, and every crosshair at its instant. */
async function oneInstant(scope: ReturnType<Page['locator']>, chart: ReturnType<Page['locator']>) {
  await hoverChart(page, chart, 0.6);
  await expect(scope.getByTestId('tooltip')).toHaveCount(1);
  await expect(chart.getByTestId('tooltip')).toHaveCount(1);
  const t = await chart.getByTestId('tooltip').getAttribute('data-t');
  const lines = scope.getByTestId('crosshair');
  expect(await lines.count()).toBeGreaterThan(1);
  expect(new Set(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-t'))))).toEqual(new Set([t]));
  // The tooltip is inside the window.
  const box = await chart.getByTestId('tooltip').boundingBox();
  const vp = page.viewportSize();
  expect(box && vp && box.x >= 0 && box.x + box.width <= vp.width).toBe(true);
  await page.mouse.move(0, 0);
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: live, export, replay and compare hold their layout`, async () => {
    await page.setViewportSize(size);
    const name = `${size.width}x${size.height}`;
    // Live: the section with most tabs' worth of toolbar, zoomed (the widest toolbar state).
    await page.getByTestId('nav-live').click();
    await page.getByRole('tab', { name: 'Bandwidth' }).click();
    const rate = page.getByTestId('panel-bw.rate');
    await expect(rate).toHaveAttribute('data-state', 'ok');
    const toolbar = await page.locator('.toolbar').boundingBox();
    await page.keyboard.press('p'); // paused: the toolbar keeps its size
    expect((await page.locator('.toolbar').boundingBox())?.height).toBe(toolbar?.height);
    await page.keyboard.press('p');
    await oneInstant(page.getByTestId('section-bandwidth'), rate);
    // The rows of panels fill the window: the last row ends near its bottom.
    const last = await page.getByTestId('panel-bw.totals').boundingBox();
    expect(last && last.y + last.height).toBeGreaterThan(size.height - 120);
    await checkScreen(page, `${name} live`);
    await page.screenshot({ path: `${SHOTS}/${name}-live-bandwidth.png` });
    await page.getByRole('tab', { name: 'Dispatch diagnostics' }).click();
    await expect(page.getByTestId('panel-diag.acquire_rate')).toHaveAttribute('data-state', 'ok');
    await checkScreen(page, `${name} diagnostics`);

    // The export dialog: both buttons in view, whatever the window's height.
    await page.getByRole('button', { name: 'Export PNG' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Export PNG' });
    for (const b of ['Close', 'Export PNG']) await expect(dialog.getByRole('button', { name: b })).toBeInViewport();
    await dialog.getByRole('spinbutton').fill('10');
    await expect(dialog.getByRole('alert')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeInViewport();
    await dialog.getByRole('spinbutton').fill('1200');
    await checkScreen(page, `${name} export`);
    await page.screenshot({ path: `${SHOTS}/${name}-export.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // Library, replay, compare.
    await page.getByTestId('nav-library').click();
    await expect(page.getByTestId('session-row')).toHaveCount(UI_SESSIONS.length);
    await checkScreen(page, `${name} library`);
    await page
      .getByTestId('session-row')
      .filter({ hasText: UI_SESSIONS[0]?.title ?? '' })
      .dblclick();
    const replay = page.getByTestId('replay');
    await expect(replay.getByTestId('panel-bw.rate')).toHaveAttribute('data-state', 'ok');
    await oneInstant(replay, replay.getByTestId('panel-bw.rate'));
    await checkScreen(page, `${name} replay`);
    await page.getByTestId('nav-library').click();
    for (const s of UI_SESSIONS) await page.getByLabel(`Select ${s.title} for comparison`).check();
    await page.getByTestId('compare-selected').click();
    const compare = page.getByTestId('compare');
    await expect(compare.getByTestId('cpanel-bw.rate').locator('path.series-line')).toHaveCount(2);
    await oneInstant(compare, compare.getByTestId('cpanel-bw.rate'));
    // Right end of the last chart of a row: the tooltip still inside the window.
    await hoverChart(page, compare.getByTestId('cpanel-bw.split_rate'), 0.95);
    await expect(compare.getByTestId('tooltip')).toBeVisible();
    const tip = await compare.getByTestId('tooltip').boundingBox();
    expect(tip && tip.x + tip.width).toBeLessThanOrEqual(size.width);
    await checkScreen(page, `${name} compare`);
    for (const theme of ['dark', 'light'] as const) {
      await switchTheme(page, theme);
      await page.screenshot({ path: `${SHOTS}/${name}-compare-${theme}.png` });
    }
    await page.mouse.move(0, 0);
    await compare.getByRole('tab', { name: 'Summary' }).click();
    await expect(page.getByTestId('summary-table')).toBeVisible();
    await checkScreen(page, `${name} compare summary`);
  });
}
