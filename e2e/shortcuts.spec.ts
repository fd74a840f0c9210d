import { expect, type Locator, type Page, test } from '@playwright/test';
import { dragChart } from './fixtures/pointer';
import { startUiShell, UI_SESSIONS, type UiShell } from './fixtures/uiShell';

// Every shortcut in the view it belongs to (live, replay, compare), pressed with and without
// Shift (the README and the key caps show capitals), and the `?` list of each view.
let ui: UiShell;

test.beforeAll(async () => {
  ui = await startUiShell();
});
test.afterAll(async () => {
  await ui?.close();
});

const theme = (page: Page) => page.locator('html').getAttribute('data-theme');
const diag = (page: Page) => page.getByRole('switch', { name: 'Diagnostics' });

/** `?` lists these keys in this view (and Esc closes the list). */
async function helpLists(page: Page, caps: readonly string[], absent: readonly string[] = []) {
  await page.keyboard.press('Shift+Slash');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByTestId('shortcut-list');
  await expect(list).toBeVisible();
  const shown = await list.locator('kbd').allTextContents();
  for (const c of caps) expect(shown, `? lists ${c}`).toContain(c);
  for (const c of absent) expect(shown, `? does not list ${c}`).not.toContain(c);
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
}

/** D and T, with and without Shift: the live session's diagnostics and the theme, from any view. */
async function headerKeys(page: Page) {
  for (const key of ['d', 'Shift+D']) {
    const was = await diag(page).isChecked();
    await page.keyboard.press(key);
    await expect(diag(page), key).toBeChecked({ checked: !was });
  }
  for (const key of ['t', 'Shift+T']) {
    const was = await theme(page);
    await page.keyboard.press(key);
    await expect(page.locator('html'), key).toHaveAttribute('data-theme', was === 'dark' ? 'light' : 'dark');
  }
}

/** 1–5 (and Shift+1–5) pick the time window presets of `scope`. */
async function windowKeys(page: Page, scope: Locator) {
  const labels = ['1 min', '5 min', '15 min', '1 h', 'All'];
  const pressed = (k: number) => scope.getByRole('button', { name: labels[k], exact: true });
  for (let k = 0; k < labels.length; k++)
    for (const key of [`Digit${k + 1}`, `Shift+Digit${k + 1}`]) {
      const other = (k + 1) % labels.length;
      await page.keyboard.press(`Digit${other + 1}`);
      await expect(pressed(other)).toHaveAttribute('aria-pressed', 'true');
      await page.keyboard.press(key);
      await expect(pressed(k), key).toHaveAttribute('aria-pressed', 'true');
    }
}

/** v over a panel views it alone; Shift+V and Esc return. */
async function viewKeys(page: Page, scope: Locator, panelId: string) {
  const grid = scope.locator('.grid').first();
  for (const back of ['Shift+V', 'Escape']) {
    await scope.getByTestId(`panel-${panelId}`).locator('.panel-body').hover();
    await page.keyboard.press('v');
    await expect(grid).toHaveAttribute('data-viewed', panelId);
    await expect(scope.locator('section.panel')).toHaveCount(1);
    const alone = await scope.getByTestId(`panel-${panelId}`).locator('.panel-body').boundingBox();
    expect(alone?.height ?? 0).toBeGreaterThan(300);
    await page.keyboard.press(back);
    await expect(grid).not.toHaveAttribute('data-viewed', /./);
  }
}

test('live: every shortcut, with and without Shift', async ({ page }) => {
  await page.goto(`${ui.shell.url}#bandwidth`);
  await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
  await ui.begin(2 * 60_000);
  const rate = page.getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  await helpLists(page, ['D', 'T', 'P', '1–5', 'Esc', 'V', '?']);
  await headerKeys(page);
  const status = page.getByTestId('time-status');
  for (const key of ['p', 'Shift+P']) {
    await page.keyboard.press(key);
    await expect(status, key).toHaveText(/^Paused at/);
    await page.keyboard.press(key);
    await expect(status, key).toHaveText('Live');
  }
  await windowKeys(page, page.locator('.timebar'));
  await page.keyboard.press('2');
  for (const key of ['Escape', 'Shift+Escape']) {
    await dragChart(page, rate, 0.3, 0.6);
    await expect(status).toHaveText(/^Zoomed/);
    await page.keyboard.press(key);
    await expect(status, key).toHaveText('Live');
  }
  await viewKeys(page, page.locator('main#tabpanel'), 'bw.rate');
});

test('replay: every shortcut, with and without Shift', async ({ page }) => {
  await page.goto(`${ui.shell.url}#/replay/${UI_SESSIONS[0]?.id}`);
  const replay = page.getByTestId('replay');
  const rate = replay.getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  await helpLists(page, ['D', 'T', 'P', 'Space', '1–5', 'Esc', 'V', '?']);
  await headerKeys(page);
  const play = replay.getByTestId('play');
  for (const key of ['p', 'Shift+P', 'Space']) {
    await page.keyboard.press(key);
    await expect(play, key).toHaveText(/Pause/);
    await page.keyboard.press(key);
    await expect(play, key).toHaveText(/Play/);
  }
  await replay.getByRole('button', { name: 'Jump to end' }).click(); // playing started from the start
  await windowKeys(page, replay.locator('.transport'));
  await page.keyboard.press('5');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  for (const key of ['Escape', 'Shift+Escape']) {
    await dragChart(page, rate, 0.3, 0.6);
    await expect(replay.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
    await page.keyboard.press(key);
    await expect(replay.getByRole('button', { name: 'Reset zoom' }), key).toHaveCount(0);
  }
  await viewKeys(page, replay, 'bw.rate');
});

test('compare: every shortcut, with and without Shift', async ({ page }) => {
  await page.goto(`${ui.shell.url}#/library`);
  for (const s of UI_SESSIONS) await page.getByLabel(`Select ${s.title} for comparison`).check();
  await page.getByTestId('compare-selected').click();
  const compare = page.getByTestId('compare');
  const rate = compare.getByTestId('cpanel-bw.rate');
  await expect(rate.locator('path.series-line')).toHaveCount(2);
  // The live view's pause and window keys do nothing here: a comparison has no clock.
  await helpLists(page, ['D', 'T', 'Esc', '?'], ['P', '1–5']);
  await headerKeys(page);
  const range = compare.getByTestId('compare-range');
  for (const key of ['Escape', 'Shift+Escape']) {
    await dragChart(page, rate, 0.3, 0.6);
    await expect(range).toHaveText(/^Zoomed/);
    await page.keyboard.press(key);
    await expect(range, key).toHaveText('Drag across a chart to zoom');
  }
});
