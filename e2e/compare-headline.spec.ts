import { expect, test } from '@playwright/test';
import { main } from '../src/main/cli/index';
import { sessionsDir } from '../src/main/storage/dataDir';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

/*
 * The headline figures of two known downloads, the same in the compare view and in the CLI's
 * table and --json for the same files (issue 17). Ground truth: 4,000 KiB at 100 KiB/s done
 * after 40 s against the same at 200 KiB/s done after 20 s, the second made with uTP off.
 */
const BASE = {
  id: 'hl-base',
  title: 'Baseline 100 KiB/s',
  rate: 100 * 1024,
  doneS: 40,
  seconds: 60,
  settings: { utp: null, downloadLimit: 102400 },
};
const FAST = {
  id: 'hl-fast',
  title: 'No uTP 200 KiB/s',
  rate: 200 * 1024,
  doneS: 20,
  seconds: 60,
  settings: { utp: false, downloadLimit: 204800 },
};
let env: SessionsShell;

test.beforeAll(async () => {
  env = await startSessionsShell([BASE, FAST]);
});
test.afterAll(async () => {
  await env?.close();
});

/** Run the CLI in this process and take what it printed. */
async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    await main(args);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test('the headline figures and the settings diff read the same in the view, the CLI table and --json', async ({
  page,
}) => {
  // A report renders in a headless Chromium: on a busy 2-core machine that alone can take a minute.
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.shell.url}#/library`);
  await page.getByLabel(`Select ${BASE.title} for comparison`).check();
  await page.getByLabel(`Select ${FAST.title} for comparison`).check();
  await page.getByTestId('compare-selected').click();
  const table = page.getByTestId('headline-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  const verdict = (id: string) => table.locator(`tr[data-figure="${id}"] [data-testid="headline-verdict"]`);
  const values = (id: string) => table.locator(`tr[data-figure="${id}"] [data-testid="headline-value"]`);
  await expect(values('time_to_complete')).toHaveText(['40 s', '20 s']);
  // The rate from the counter's first to its last rise: 4,000 KiB over 39 s and over 19 s.
  await expect(values('payload_down_active')).toHaveText(['102.6 KiB/s', '210.5 KiB/s']);
  await expect(verdict('time_to_complete')).toHaveText('faster by 50 %');
  await expect(verdict('payload_down_active')).toHaveText('faster by 105 %');
  await expect(verdict('time_to_first_byte')).toHaveText('no difference');
  await expect(page.locator('[data-testid="settings-diff-table"] tr[data-setting="setting utp"] td')).toHaveText([
    'default',
    'false',
  ]);

  const dir = sessionsDir(env.dataDir);
  const files = [`${dir}/${BASE.id}.arrow`, `${dir}/${FAST.id}.arrow`];
  const json = JSON.parse(await cli(['compare', ...files, '--json']));
  const ui = async (id: string) => (await verdict(id).textContent())?.trim();
  for (const h of json.headline as { figure: string; vs: ({ text: string } | null)[] }[]) {
    expect([h.figure, h.vs[1]?.text]).toEqual([h.figure, await ui(h.figure)]);
  }
  expect(json.settingsDiff).toEqual([
    { name: 'setting utp', values: ['default', 'false'] },
    { name: 'setting downloadLimit', values: ['102400', '204800'] },
  ]);
  const text = await cli(['compare', ...files]);
  expect(text).toMatch(/Time to complete\s+40 s\s+20 s\s+faster by 50 %/);
  expect(text).toMatch(/Download rate while active\s+102\.6 KiB\/s\s+210\.5 KiB\/s\s+faster by 105 %/);

  // The comparison report draws the same headline table first (viewed by hand: report-headline.png).
  const png = 'test-results/report-headline.png';
  expect(await cli(['report', ...files, '--compare', '-o', png, '--renderer', 'chromium', '--force'])).toBeDefined();

  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const theme of ['light', 'dark'] as const) {
      await switchTheme(page, theme);
      await page.screenshot({ path: `test-results/compare-headline-${width}-${theme}.png`, fullPage: false });
    }
  }
});
