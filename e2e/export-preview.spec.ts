import { mkdirSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { PANELS, panelsOf } from '../src/shared/panels';
import { panelsShownIn } from '../src/shared/panels-shown';
import { pngSize, readPngText } from '../src/shared/pngText';
import { builtinRegistry } from '../src/shared/registry';
import { START, switchTheme } from './fixtures/sessionsShell';
import { startUiShell, UI_SESSIONS, type UiShell } from './fixtures/uiShell';

// Export PNG from live, replay and compare, as a user sees it: the dialog's buttons in the
// window at laptop sizes, All/None per section and for everything, a preview that is the
// report to be saved (its panels are the checked ones, the PNG is its size), Enter and Esc;
// replay and compare export what they show (title, sessions, samples), not the live session;
// the header says its switches are the live session's when another view is shown.
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/exportui-shots';
const BASE = UI_SESSIONS[0] as (typeof UI_SESSIONS)[number];
const FAST = UI_SESSIONS[1] as (typeof UI_SESSIONS)[number];
let ui: UiShell;
let page: Page;

test.beforeAll(async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  ui = await startUiShell();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${ui.shell.url}#bandwidth`);
  await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
  await ui.begin(2 * 60_000);
});
test.afterAll(async () => {
  await page?.close();
  await ui?.close();
});

const dialog = () => page.getByRole('dialog', { name: 'Export PNG' });
const checked = () => dialog().getByRole('checkbox', { checked: true });

/** The checked panels' ids, from the labels the user reads. */
async function checkedIds(): Promise<string[]> {
  const titles = await checked().evaluateAll((els) => els.map((e) => (e.parentElement?.textContent ?? '').trim()));
  return titles.map((t) => PANELS.find((p) => p.title === t)?.id ?? `?${t}`);
}
/** The panels the preview's report draws, in order. */
async function previewIds(): Promise<string[]> {
  return dialog()
    .getByTestId('export-preview')
    .locator('[data-panel]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
}
async function previewMatches(): Promise<void> {
  await expect.poll(previewIds).toEqual(await checkedIds());
}

async function inViewport(b: Locator, what: string): Promise<void> {
  const box = await b.boundingBox();
  const vp = page.viewportSize();
  expect(box, what).not.toBeNull();
  if (!box || !vp) return;
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(vp.height);
  expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(vp.width);
}

/** Export with Enter from the dialog (focused on its title) and read the PNG. */
async function enterExport(): Promise<{ png: Uint8Array; previewHeight: number; text: Record<string, string> }> {
  await expect(dialog().getByTestId('report')).toHaveAttribute('data-ready', 'true');
  const previewHeight = await dialog()
    .getByTestId('report')
    .evaluate((el) => Math.ceil((el as unknown as { offsetHeight: number }).offsetHeight));
  await dialog().getByRole('heading', { name: 'Export PNG' }).click();
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const png = new Uint8Array(readFileSync(await (await downloading).path()));
  await expect(dialog().getByRole('status')).toContainText('Saved');
  return { png, previewHeight, text: readPngText(png) };
}

test('live: the dialog fits laptop windows, All/None per section, the preview is the PNG, Enter and Esc', async () => {
  await expect(page.getByTestId('panel-bw.rate')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('live-session-chip')).toHaveCount(0);
  await page.getByRole('button', { name: 'Export PNG' }).click();
  await expect(dialog()).toBeVisible();
  await expect(dialog().getByTestId('export-what')).toHaveText('The live session, current dashboard window');

  for (const size of [
    { width: 1280, height: 800 },
    { width: 1366, height: 768 },
    { width: 1440, height: 900 },
    { width: 1280, height: 600 },
  ]) {
    await page.setViewportSize(size);
    const at = `${size.width}×${size.height}`;
    for (const name of ['Close', 'Export PNG'])
      await inViewport(dialog().getByRole('button', { name }), `${at} ${name}`);
    // A width error sits beside the buttons: they stay where they were.
    await dialog().getByRole('spinbutton').fill('10');
    await expect(dialog().getByRole('alert')).toContainText('Width must be from 480 to 3000 px');
    await expect(dialog().getByRole('button', { name: 'Export PNG' })).toBeDisabled();
    for (const name of ['Close', 'Export PNG'])
      await inViewport(dialog().getByRole('button', { name }), `${at} ${name}`);
    await dialog().getByRole('spinbutton').fill('1200');
    await expect(dialog().getByRole('alert')).toHaveCount(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Preset to the section shown; the preview draws exactly the checked panels.
  const bandwidth = panelsOf('bandwidth').map((p) => p.id);
  expect(await checkedIds()).toEqual(bandwidth);
  await previewMatches();
  // Offered: the panels this stream can show (99 metrics: no libtorrent section, no such panels).
  const offered = panelsShownIn([builtinRegistry()]);
  expect(offered.length).toBeLessThan(PANELS.length);
  await expect(dialog().getByTestId('export-section-libtorrent')).toHaveCount(0);
  await dialog().getByRole('button', { name: 'All panels' }).click();
  await expect(checked()).toHaveCount(offered.length);
  await previewMatches();
  await dialog().getByRole('button', { name: 'None of Bandwidth' }).click();
  await expect(checked()).toHaveCount(offered.length - bandwidth.length);
  await previewMatches();
  await dialog().getByRole('button', { name: 'No panels' }).click();
  await expect(checked()).toHaveCount(0);
  await expect.poll(previewIds).toEqual([]);
  await dialog().getByRole('button', { name: 'All of Connections & peers' }).click();
  expect(await checkedIds()).toEqual(panelsOf('peers').map((p) => p.id));
  await previewMatches();
  // A checkbox by itself, then Enter: the PNG is the preview's report at twice its size.
  await dialog().getByRole('checkbox', { name: 'Transfer rate', exact: true }).check();
  await previewMatches();
  const many = await enterExport();
  expect(pngSize(many.png)).toEqual({ width: 2400, height: 2 * many.previewHeight });
  expect(many.text['tidegauge.kind']).toBe('live');
  expect(many.text['tidegauge.panels']).toBe((await checkedIds()).join(','));

  // Fewer panels, a shorter preview and a shorter PNG, still the preview's size.
  await dialog().getByRole('button', { name: 'No panels' }).click();
  await dialog().getByRole('checkbox', { name: 'Transfer rate', exact: true }).check();
  await dialog().getByRole('checkbox', { name: 'Session totals' }).check();
  await previewMatches();
  const two = await enterExport();
  expect(two.text['tidegauge.panels']).toBe('bw.rate,bw.totals');
  expect(pngSize(two.png)).toEqual({ width: 2400, height: 2 * two.previewHeight });
  expect(two.previewHeight).toBeLessThan(many.previewHeight);

  await shots('live-export');
  await page.keyboard.press('Escape');
  await expect(dialog()).toHaveCount(0);
});

test('replay: the toolbar and a panel menu export the replayed session, not the live one', async () => {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('session-row').filter({ hasText: BASE.title }).dblclick();
  const replay = page.getByTestId('replay');
  await expect(replay.getByTestId('panel-bw.rate')).toHaveAttribute('data-state', 'ok');
  await liveChip();
  await shots('replay', { dialog: false });

  await replay.getByRole('button', { name: 'Export PNG' }).click();
  await expect(dialog().getByTestId('export-what')).toContainText(`replayed session “${BASE.title}”`);
  await expect(dialog().getByTestId('report-title')).toHaveText(BASE.title);
  // The replayed download, computed from the session's known rate: not the live stream's.
  await expect(dialog().locator('[data-key=down] .report-key-value')).toHaveText(formatBytes(BASE.rate * BASE.doneS));
  await expect(dialog().locator('[data-field=duration]')).toContainText(`${BASE.seconds + 1} samples`);
  const whole = await enterExport();
  expect(whole.text['tidegauge.kind']).toBe('session');
  expect(whole.text['tidegauge.sessions']).toBe(BASE.id);
  expect(whole.text.Title).toBe(BASE.title);
  expect(whole.text['tidegauge.ranges']).toBe(
    `${new Date(START).toISOString()}/${new Date(START + BASE.seconds * 1000).toISOString()}`,
  );
  expect(pngSize(whole.png)).toEqual({ width: 2400, height: 2 * whole.previewHeight });
  await shots('replay-export');
  await page.keyboard.press('Escape');
  await expect(dialog()).toHaveCount(0);

  await replay.getByRole('button', { name: 'Transfer rate: menu' }).click();
  await page.getByRole('menuitem', { name: 'Export PNG' }).click();
  await expect(dialog().getByTestId('export-what')).toContainText(`One panel of the replayed session “${BASE.title}”`);
  const one = await enterExport();
  expect(one.text['tidegauge.panels']).toBe('bw.rate');
  expect(one.text['tidegauge.sessions']).toBe(BASE.id);
  expect(one.text.Title).toBe(`${BASE.title} · one panel`);
  expect(pngSize(one.png).width).toBe(1800);
  await page.keyboard.press('Escape');
  await expect(dialog()).toHaveCount(0);
});

test('compare: the toolbar and a panel menu export the comparison viewed', async () => {
  await page.getByTestId('nav-library').click();
  for (const s of UI_SESSIONS) await page.getByLabel(`Select ${s.title} for comparison`).check();
  await page.getByTestId('compare-selected').click();
  const compare = page.getByTestId('compare');
  await expect(compare.getByTestId('cpanel-bw.rate').locator('path.series-line')).toHaveCount(2);
  await expect(compare.getByTestId('headline')).toBeVisible();
  await liveChip();
  await chartHeights(compare);

  await compare.getByRole('button', { name: 'Export PNG' }).click();
  const title = `Comparison: ${BASE.title} vs ${FAST.title}`;
  await expect(dialog().getByTestId('report-title')).toHaveText(title);
  await expect(dialog().getByTestId('report-headline')).toBeVisible();
  const both = await enterExport();
  expect(both.text['tidegauge.kind']).toBe('comparison');
  expect(both.text['tidegauge.sessions']).toBe(`${BASE.id},${FAST.id}`);
  expect(both.text.Title).toBe(title);
  expect(pngSize(both.png)).toEqual({ width: 2400, height: 2 * both.previewHeight });
  await shots('compare-export');
  await page.keyboard.press('Escape');

  await compare.getByRole('button', { name: 'Transfer rate: menu' }).click();
  await page.getByRole('menuitem', { name: 'Export PNG' }).click();
  await expect(dialog().getByTestId('export-what')).toContainText('One panel of the comparison');
  const one = await enterExport();
  expect(one.text['tidegauge.panels']).toBe('bw.rate');
  expect(one.text['tidegauge.sessions']).toBe(`${BASE.id},${FAST.id}`);
  await page.keyboard.press('Escape');
  await expect(dialog()).toHaveCount(0);
  await compare.locator('.compare-tabs').evaluate((el) => el.scrollIntoView());
  await shots('compare', { dialog: false });
  await compare.getByRole('button', { name: 'Side by side' }).click();
  await chartHeights(compare);
  await compare.locator('.compare-tabs').evaluate((el) => el.scrollIntoView());
  await shots('compare-side', { dialog: false });
});

/** The header's live source, uptime and switches grouped under a titled LIVE SESSION chip. */
async function liveChip(): Promise<void> {
  const chip = page.getByTestId('live-session-chip');
  await expect(chip).toBeVisible();
  await expect(chip).toHaveCSS('text-transform', 'uppercase');
  const group = page.getByRole('group', { name: 'Live session' });
  await expect(group).toHaveAttribute('title', /belong to the live session/);
  for (const id of ['live-session-chip', 'uptime', 'source-label']) await expect(group.getByTestId(id)).toBeVisible();
  await expect(group.getByRole('switch', { name: 'Diagnostics' })).toBeAttached();
  const header = await page.locator('header.header').boundingBox();
  expect(header?.height ?? 0, 'the header is one row').toBeLessThan(60);
}

/** Every compare chart as tall as the others of its mode, and readable: neither a sliver nor stretched. */
async function chartHeights(compare: Locator): Promise<void> {
  const heights = await compare
    .locator('.compare-grid .chart')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  expect(heights.length).toBeGreaterThan(1);
  expect(new Set(heights).size, `one height: ${heights}`).toBe(1);
  expect(heights[0]).toBeGreaterThanOrEqual(130);
  expect(heights[0]).toBeLessThanOrEqual(400);
}

/** The screen at 1280 and 1920, light and dark (the dialog kept open when there is one). */
async function shots(name: string, o: { dialog?: boolean } = {}): Promise<void> {
  const was = (await page.locator('html').getAttribute('data-theme')) ?? 'light';
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ])
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      if (o.dialog === false) await switchTheme(page, theme);
      else await setTheme(theme);
      await page.screenshot({ path: `${SHOTS}/${name}-${size.width}-${theme}.png` });
    }
  await page.setViewportSize({ width: 1280, height: 800 });
  if (o.dialog !== false) await setTheme(was);
  else await switchTheme(page, was === 'dark' ? 'dark' : 'light');
}

/** The page's theme under an open dialog (the header's button is behind it). */
async function setTheme(theme: string): Promise<void> {
  await page.evaluate((t) => {
    (
      globalThis as unknown as { document: { documentElement: { dataset: { theme: string } } } }
    ).document.documentElement.dataset.theme = t;
  }, theme);
}
