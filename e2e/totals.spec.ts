import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import type { TotalsReport } from '../src/shared/totals/report';
import { sessionA, sessionB } from '../test/totals/berlin';
import { makeSession } from '../test/totals/sessions';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

/*
 * The Library's Totals view in Chromium against a real browser shell whose library holds real
 * session files (over Berlin's DST week, a reset and gaps, plus one from yesterday so the cap
 * has something to count), checked against what the built CLI's `totals --json` says about the
 * same folder: the page and the command must agree to the byte.
 */

const TZ = 'Europe/Berlin';
let env: SessionsShell;

test.use({ timezoneId: TZ });

test.beforeAll(async () => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const recent = makeSession({ id: 'c', start: now - 30 * 3_600_000, end: now - 29 * 3_600_000 });
  env = await startSessionsShell([], [sessionA().data, sessionB().data, recent.data]);
});
test.afterAll(async () => {
  await env?.close();
});

function cli(args: string[]): TotalsReport {
  const r = spawnSync(process.execPath, ['bin/tidegauge.js', 'totals', '--tz', TZ, '--json', ...args, env.dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) throw new Error(`totals exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as TotalsReport;
}

async function expectRows(page: Page, want: TotalsReport) {
  const rows = page.getByTestId('totals-row');
  await expect(rows).toHaveCount(want.rows.length);
  for (const [i, w] of want.rows.entries()) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-key', w.key);
    await expect(row.getByTestId('totals-down')).toHaveText(formatBytes(w.downloaded));
    await expect(row.getByTestId('totals-down')).toHaveAttribute('data-bytes', String(w.downloaded));
    await expect(row.getByTestId('totals-up')).toHaveAttribute('data-bytes', String(w.uploaded));
    await expect(row.getByTestId('totals-peak-down')).toHaveText(`${formatBytes(w.peakDownloadRate)}/s`);
  }
}

test('the Totals view shows what `tidegauge totals --json` says, by day, week and month, and exports it', async ({
  page,
}) => {
  await page.goto(`${env.shell.url}#/library`);
  await page.getByTestId('library-totals').click();
  await expect(page).toHaveURL(/#\/library\/totals$/);
  // The page's own zone is the calendar's, as the CLI's is the machine's.
  await expect(page.getByTestId('totals-tz')).toHaveValue(TZ);

  const byDay = cli(['--by', 'day']);
  expect(byDay.rows.map((r) => r.key).slice(0, 3)).toEqual(['2024-03-30', '2024-03-31', '2024-04-01']);
  await expectRows(page, byDay);
  for (const by of ['week', 'month'] as const) {
    await page.getByTestId(`totals-by-${by}`).click();
    await expectRows(page, cli(['--by', by]));
  }
  await page.getByTestId('totals-by-day').click();
  await expectRows(page, byDay);
  // The gap across midnight is named, not spread.
  await expect(page.getByTestId('totals-notes')).toContainText('across a day boundary: counted in no day');

  // The CSV export is the CLI's --csv, byte for byte.
  const csvFile = join(env.dataDir, 'day.csv');
  spawnSync(process.execPath, ['bin/tidegauge.js', 'totals', '--tz', TZ, '--csv', csvFile, env.dataDir], {
    timeout: 60_000,
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('totals-csv').click()]);
  expect(download.suggestedFilename()).toBe('tidegauge-totals-day.csv');
  expect(readFileSync((await download.path()) as string, 'utf8')).toBe(readFileSync(csvFile, 'utf8'));

  // A cap: what this month used (the session of yesterday, or the day before on the 1st).
  await page.getByTestId('totals-cap').fill('lots');
  await expect(page.getByTestId('totals-cap')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('totals-cap').fill('10MiB');
  const budget = page.getByTestId('totals-budget');
  await expect(budget).toBeVisible();
  const asCli = cli(['--cap', '10MiB']).budget;
  expect(asCli).not.toBeNull();
  await expect(budget).toContainText(`Cap 10.0 MiB a month · ${asCli?.key}`);
  await expect(page.getByTestId('totals-budget-text')).toContainText(`Used ${formatBytes(asCli?.usedBytes ?? -1)}`);

  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    for (const theme of ['light', 'dark'] as const) {
      await switchTheme(page, theme);
      await page.screenshot({ path: `test-results/totals-${width}-${theme}.png`, fullPage: true });
    }
  }
  // A zone that does not exist is refused in place; the table stays as it was.
  await page.getByTestId('totals-tz').fill('Mars/Olympus');
  await expect(page.getByTestId('totals-tz')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('totals-row')).toHaveCount(byDay.rows.length);
});
