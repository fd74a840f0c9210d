import { expect, test } from '@playwright/test';
import { type SessionsShell, startSessionsShell, switchTheme } from './fixtures/sessionsShell';

// A hand-made recording whose payload passes its wire bytes from second 30 on: the replay says
// so above the dashboards and on the panels that draw those metrics; an honest one says nothing.
let env: SessionsShell;
test.beforeAll(async () => {
  env = await startSessionsShell([
    { id: 'honest', title: 'Honest run', rate: 100 * 1024, doneS: 40, seconds: 60 },
    {
      id: 'broken',
      title: 'Payload counted twice',
      rate: 100 * 1024,
      doneS: 40,
      seconds: 60,
      payloadAboveWireFrom: 30,
    },
  ]);
});
test.afterAll(async () => env?.close());

test('a violated invariant is shown on the replay and the panels it concerns; an honest session shows none', async ({
  page,
}) => {
  await page.goto(`${env.shell.url}#/replay/broken`);
  const replay = page.getByTestId('replay');
  await expect(page.getByTestId('invariant-banner')).toContainText('31 invariant violations in 61 samples checked');
  await expect(page.getByTestId('invariant-banner')).toContainText('bw.total_downloaded');
  // Session totals draws bw.total_downloaded; the wire panel draws net.bytes_recv: both flagged.
  await expect(replay.getByTestId('invariant-flag-bw.totals')).toHaveText('⚠ 31');
  await expect(replay.getByTestId('invariant-flag-bw.wire')).toHaveText('⚠ 31');
  // The TCP/uTP split draws neither metric: no flag.
  await expect(replay.getByTestId('invariant-flag-bw.split_rate')).toHaveCount(0);
  // The findings read the same tally: one warning that says what broke and where.
  const finding = page.locator('[data-testid="finding"][data-rule="invariant-violations"]');
  await expect(finding).toContainText('Numbers that contradict each other');
  await expect(finding).toContainText('31 violations of the invariants in 61 samples');
  await expect(finding.getByTestId('finding-range').first()).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `test-results/invariants-replay-${theme}.png` });
  }

  await page.goto(`${env.shell.url}#/replay/honest`);
  await expect(page.getByTestId('replay-title')).toHaveText('Honest run');
  await expect(replay.getByTestId('panel-bw.totals')).toBeVisible();
  await expect(page.getByTestId('invariant-banner')).toHaveCount(0);
  await expect(page.locator('.invariant-flag')).toHaveCount(0);
  await expect(page.locator('[data-testid="finding"][data-rule="invariant-violations"]')).toHaveCount(0);
});
