import { expect, test } from '@playwright/test';
import { StatsHost } from '../src/main/live/statsHost';
import { rendererDir } from '../src/main/paths';
import { startWebShell } from '../src/main/web/WebShell';
import { M } from '../src/shared/registry';
import { type SessionsShell, START, startSessionsShell, switchTheme } from './fixtures/sessionsShell';
import { WorkerDriverSource } from './fixtures/WorkerDriverSource';

// Findings read the charts for the user. Ground truth made here: a recording in which one piece
// a second fails its hash check from second 20 to 40 (10 a second pass), and an honest one.
const HONEST = { id: 'honest', title: 'Honest run', rate: 100 * 1024, doneS: 40, seconds: 60 };
const CORRUPT = { ...HONEST, id: 'corrupt', title: 'Corrupting peer', hashfailsFrom: 20 };
let env: SessionsShell;
test.beforeAll(async () => {
  // The second file starts an hour after the first (the fixture spaces them).
  env = await startSessionsShell([HONEST, CORRUPT]);
});
test.afterAll(async () => env?.close());

const CORRUPT_START = START + 3_600_000;

test('replay: the corrupting run has the hash-failure finding with its range; a click zooms every chart to it', async ({
  page,
}) => {
  await page.goto(`${env.shell.url}#/replay/corrupt`);
  const box = page.getByTestId('findings');
  await expect(box.getByTestId('findings-count')).toHaveText('1');
  const f = box.locator('[data-rule="hashfail-share"]');
  // 20 failed of 420 (400 passed + 20 failed) = 4.8 %, over the 20 s where they happened.
  await expect(f).toContainText('20 of 420 pieces (4.8%) failed the hash check');
  const range = f.getByTestId('finding-range');
  await expect(range).toHaveCount(1);
  expect(Number(await range.getAttribute('data-from'))).toBe(CORRUPT_START + 20_000);
  expect(Number(await range.getAttribute('data-to'))).toBe(CORRUPT_START + 40_000);
  await range.click();
  // The 20 s range with 5 s either side, on every panel of the section.
  for (const id of ['bw.rate', 'bw.wire']) {
    const body = page.getByTestId('replay').getByTestId(`panel-${id}`).locator('.panel-body');
    await expect(body).toHaveAttribute('data-from', String(CORRUPT_START + 15_000));
    await expect(body).toHaveAttribute('data-to', String(CORRUPT_START + 45_000));
  }
  await expect(page.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `test-results/findings-replay-${theme}.png` });
  }

  // The honest run: the rules ran and none holds.
  await page.goto(`${env.shell.url}#/replay/honest`);
  await expect(page.getByTestId('replay-title')).toHaveText('Honest run');
  await expect(page.getByTestId('findings-count')).toHaveText('none');
  await expect(page.getByTestId('findings-none')).toBeAttached();
  await expect(page.getByTestId('finding')).toHaveCount(0);
});

test('compare: each session has its own findings; a range zooms the aligned charts to it', async ({ page }) => {
  await page.goto(`${env.shell.url}#/library`);
  await page.getByLabel(`Select ${HONEST.title} for comparison`).check();
  await page.getByLabel(`Select ${CORRUPT.title} for comparison`).check();
  await page.getByTestId('compare-selected').click();
  const groups = page.getByTestId('findings').getByTestId('findings-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toContainText(HONEST.title);
  await expect(groups.nth(0).getByTestId('findings-none')).toBeAttached();
  await expect(groups.nth(1).locator('[data-rule="hashfail-share"]')).toBeVisible();
  await groups.nth(1).getByTestId('finding-range').click();
  // Aligned at each start: the range is 0:20–0:40 of its session, shown with 5 s either side.
  await expect(page.getByTestId('compare-range')).toHaveText('Zoomed: 0:15 – 0:45');
});

test('live: failures counted by the engine become a finding within seconds; an honest stream has none', async ({
  page,
}) => {
  const driver = new WorkerDriverSource();
  const host = new StatsHost({ intervalMs: 250, source: driver });
  const shell = await startWebShell({ host, staticDir: rendererDir(), port: 0 });
  try {
    await host.start();
    await page.goto(`${shell.url}#bandwidth`);
    await driver.send({ op: 'inc', index: M.PROTO_PIECES_DOWNLOADED, value: 95 });
    await expect(page.getByTestId('findings-count')).toHaveText('none');
    await driver.send({ op: 'inc', index: M.PROTO_HASHFAILS, value: 5 });
    const f = page.locator('[data-rule="hashfail-share"]');
    await expect(f).toContainText('5 of 100 pieces (5.0%) failed the hash check', { timeout: 20_000 });
    await f.getByTestId('finding-range').first().click();
    await expect(page.getByTestId('time-status')).toContainText('Zoomed');
  } finally {
    await shell.close();
    await host.stop();
  }
});
