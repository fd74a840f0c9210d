import { expect, test } from '@playwright/test';
import { startUiShell, type UiShell } from './fixtures/uiShell';

// What a panel offers besides its chart: click-to-hide legend items, smoothing, and the All
// metrics table's search and sort.
let ui: UiShell;

test.beforeAll(async () => {
  ui = await startUiShell();
});
test.afterAll(async () => {
  await ui?.close();
});

test('legend items hide their series; smoothing draws a labelled moving average', async ({ page }) => {
  await page.goto(`${ui.shell.url}#bandwidth`);
  await expect(page.getByTestId('source-label')).toHaveText('Test driver (worker thread)');
  await ui.begin(3 * 60_000);
  const rate = page.getByTestId('panel-bw.rate');
  await expect(rate).toHaveAttribute('data-state', 'ok');
  const upload = rate.locator('path.series-line[data-series="Upload"]');
  await expect(upload).toHaveCount(1);
  await rate.getByRole('button', { name: /^Upload/ }).click();
  await expect(upload).toHaveCount(0);
  await expect(rate.getByRole('button', { name: /^Upload/ })).toHaveAttribute('aria-pressed', 'false');
  await rate.getByRole('button', { name: /^Upload/ }).click();
  await expect(upload).toHaveCount(1);

  await page.keyboard.press('p'); // hold the window, so the two drawings are of the same samples
  const raw = await rate.locator('path.series-line[data-series="Download"]').getAttribute('d');
  await page.getByRole('group', { name: 'Smoothing' }).getByRole('button', { name: '60 s' }).click();
  await expect(rate.getByTestId('smoothing-note')).toHaveText('1 min moving average');
  await expect(rate.locator('path.series-line[data-series="Download"]')).not.toHaveAttribute('d', raw ?? '');
  await page.getByRole('group', { name: 'Smoothing' }).getByRole('button', { name: 'Off' }).click();
  await expect(rate.getByTestId('smoothing-note')).toHaveCount(0);
  await page.keyboard.press('p');
});

test('All metrics: search names and descriptions, sort by name', async ({ page }) => {
  await page.goto(`${ui.shell.url}#metrics`);
  const table = page.getByTestId('metrics-table');
  await expect(table.locator('tr[data-metric]').first()).toBeVisible();
  const all = await table.locator('tr[data-metric]').count();
  await page.getByTestId('metrics-search').fill('dht');
  await expect.poll(() => table.locator('tr[data-metric]').count()).toBeLessThan(all);
  for (const row of await table.locator('tr[data-metric]').all())
    expect((await row.textContent())?.toLowerCase()).toContain('dht');
  await page.getByTestId('metrics-search').fill('no-such-metric-anywhere');
  await expect(page.getByTestId('metrics-no-match')).toBeVisible();
  await page.getByTestId('metrics-search').fill('');
  await page.getByLabel('Sort metrics by').selectOption('name');
  const names = await table
    .locator('tr[data-metric]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric') ?? ''));
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  expect(names).toHaveLength(all);
});
