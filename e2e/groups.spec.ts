import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { main } from '../src/main/cli/index';
import { sessionsDir } from '../src/main/storage/dataDir';
import { formatChartValue } from '../src/shared/format';
import { KiB, runsAt } from '../test/helpers/groupRuns';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

/*
 * Groups of runs in the app (issue 17): 2 runs at 100 KiB/s ticked in the Library against 2 at
 * 200 KiB/s, compared as groups from the keyboard (Space ticks, G opens the Groups view); the
 * view shows the verdicts `tidegauge compare A1 A2 --vs B1 B2` prints for the same files. Then a
 * third run per side is added in the view itself (its group picker), as the shareable hash says.
 */
const A = runsAt('a', 100 * KiB, 3, 60, ['slow']);
const B = runsAt('f', 200 * KiB, 3, 60, ['fast']);
/** A run that stays on 60 s longer after its download (idle seeding). */
const LONG = runsAt('long', 200 * KiB, 1, 120, ['long']);
let env: SessionsShell;

test.beforeAll(async () => {
  env = await startSessionsShell([...A, ...B, ...LONG]);
});
test.afterAll(async () => {
  await env?.close();
});

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

const file = (id: string) => `${sessionsDir(env.dataDir)}/${id}.arrow`;

test('2 runs against 2, picked in the Library, read as the CLI prints them; a third each in the view', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.shell.url}#/library`);
  // The keyboard path: focus a row, Space ticks it, arrows move, G compares the ticked as groups.
  for (const run of [A[0], A[1], B[0], B[1]]) {
    const row = page
      .getByTestId('session-title')
      .filter({ hasText: run?.title as string })
      .locator('xpath=..');
    await row.focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel(`Select ${run?.title} for comparison`)).toBeChecked();
  }
  await page.keyboard.press('g');
  await expect(page).toHaveURL(/#\/groups\/a1,a2\/vs\/f1,f2$/);
  const view = page.getByTestId('groups');
  const headline = view.getByTestId('groups-headline');
  await expect(headline).toBeVisible({ timeout: 30_000 });

  const json = JSON.parse(await cli(['compare', file('a1'), file('a2'), '--vs', file('f1'), file('f2'), '--json']));
  const text = await cli(['compare', file('a1'), file('a2'), '--vs', file('f1'), file('f2')]);
  const verdict = (id: string) => headline.locator(`tr[data-figure="${id}"] [data-testid="group-verdict"]`);
  for (const h of json.headline as { figure: string; text: string; label: string }[]) {
    await expect(verdict(h.figure)).toHaveText(h.text);
    // The CLI's table says the same in its own row.
    expect(text).toContain(h.text);
  }
  // Ground truth: twice the rate, half the time.
  await expect(verdict('payload_down_active')).toHaveText(/^faster by \d+ % \(\d+–\d+ %\)$/);
  await expect(verdict('time_to_complete')).toHaveText(/^faster by/);
  await expect(headline.locator('tr[data-figure="time_to_complete"] [data-testid="group-a"]')).toHaveText(
    /^4\d(\.\d)? s \(/,
  );

  // A third run per side, picked in the view: the hash follows, the verdicts are the CLI's for 3 vs 3.
  await view.getByTestId('group-of-a3').selectOption('a');
  await view.getByTestId('group-of-f3').selectOption('b');
  await expect(page).toHaveURL(/#\/groups\/a1,a2,a3\/vs\/f1,f2,f3$/);
  const three = JSON.parse(
    await cli(['compare', ...['a1', 'a2', 'a3'].map(file), '--vs', ...['f1', 'f2', 'f3'].map(file), '--json']),
  );
  for (const h of three.headline as { figure: string; text: string; p: number | null }[]) {
    await expect(verdict(h.figure)).toHaveText(h.text);
    if (h.p !== null)
      await expect(headline.locator(`tr[data-figure="${h.figure}"] [data-testid="group-p"]`)).toHaveText(
        h.p.toFixed(3),
      );
  }
  await expect(view.getByRole('heading', { name: 'Compare groups of runs: 3 against 3' })).toBeVisible();

  // The same, over the common span (C toggles it).
  await page.keyboard.press('c');
  await expect(view.getByTestId('groups-span')).toContainText('Over the common span: the first 1 min');
  // The span is in the link: a reload (or a link sent on) keeps it.
  await expect(page).toHaveURL(/#\/groups\/a1,a2,a3\/vs\/f1,f2,f3\?span=common$/);
  await page.reload();
  await expect(view.getByRole('button', { name: 'Common span' })).toHaveAttribute('aria-pressed', 'true');
  await expect(view.getByTestId('groups-span')).toContainText('Over the common span: the first 1 min', {
    timeout: 30_000,
  });

  const shots = '/work/wt/notes/groups-shots';
  mkdirSync(shots, { recursive: true });
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1100 });
    for (const theme of ['light', 'dark'] as const) {
      await switchTheme(page, theme);
      await page.screenshot({ path: `${shots}/groups-${width}-${theme}.png`, fullPage: true });
    }
  }
});

test('a tag fills a group, and the shareable hash opens the same comparison', async ({ page }) => {
  await page.goto(`${env.shell.url}#/groups`);
  const view = page.getByTestId('groups');
  await view.getByLabel('Tag').selectOption('slow');
  await view.getByRole('button', { name: 'to A' }).click();
  await view.getByLabel('Tag').selectOption('fast');
  await view.getByRole('button', { name: 'to B' }).click();
  await expect(page).toHaveURL(/#\/groups\/a1,a2,a3\/vs\/f1,f2,f3$/);
  const verdict = view.locator('tr[data-figure="payload_down_active"] [data-testid="group-verdict"]');
  await expect(verdict).toHaveText(/^faster by/, { timeout: 30_000 });
  const shown = await verdict.textContent();
  await page.goto(`${env.shell.url}#/library`);
  await page.goto(`${env.shell.url}#/groups/a1,a2,a3/vs/f1,f2,f3`);
  await expect(
    page.getByTestId('groups').locator('tr[data-figure="payload_down_active"] [data-testid="group-verdict"]'),
  ).toHaveText(shown as string);
});

test('the compare view’s summary over the common span: a longer idle tail no longer lowers the mean rate', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.shell.url}#/compare/a1,long1`);
  const compare = page.getByTestId('compare');
  await compare.getByRole('tab', { name: 'Summary' }).click();
  const mean = compare.locator(
    `tr[data-metric="bw.total_downloaded"][data-session="${LONG[0]?.title}"] [data-col="mean"]`,
  );
  // 4,800 KiB over 120 s of span, then over the common 60 s.
  const perSecond = (title: string | undefined) =>
    compare.locator(`tr[data-metric="bw.total_downloaded"][data-session="${title}"] [data-col="per-second"]`);
  await expect(mean).toHaveText(formatChartValue((4800 * KiB) / 120, 'B/s'), { timeout: 30_000 });
  // The total per second of each session's own span: 120 s and 60 s.
  await expect(perSecond(LONG[0]?.title)).toHaveText(formatChartValue((4800 * KiB) / 120, 'B/s'));
  await expect(perSecond(A[0]?.title)).toHaveText(formatChartValue((4800 * KiB) / 60, 'B/s'));
  await compare.getByRole('button', { name: 'Common span' }).click();
  await expect(mean).toHaveText(formatChartValue((4800 * KiB) / 60, 'B/s'));
  await expect(perSecond(LONG[0]?.title)).toHaveText(formatChartValue((4800 * KiB) / 60, 'B/s'));
  await expect(compare.getByRole('button', { name: 'Common span' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: '/work/wt/notes/groups-shots/compare-common-span-1280-light.png', fullPage: false });
});
