import { expect, test } from '@playwright/test';
import { type SessionsShell, startSessionsShell } from './fixtures/sessionsShell';

// What a session file says about itself is drawn with its control and bidi characters shown
// as escapes: a title with a terminal escape and a right-to-left override, notes with an ESC.
const ESC = '\u001b';
const RLO = '\u202e';
let env: SessionsShell;

test.beforeAll(async () => {
  env = await startSessionsShell([
    { id: 'odd', title: `Run ${ESC}]0;pwned\u0007 ${RLO}txt.exe`, rate: 100 * 1024, doneS: 20, seconds: 30 },
  ]);
  await env.library.update('odd', { notes: `first line\nsecond ${ESC}[31mred`, tags: [`t${RLO}ag`] });
});
test.afterAll(async () => {
  await env?.close();
});

test('titles, notes and tags from a file show control characters as escapes', async ({ page }) => {
  await page.goto(`${env.shell.url}#/library`);
  const row = page.getByTestId('session-row');
  await expect(row).toContainText('Run \\x1b]0;pwned\\x07 \\u202etxt.exe');
  await expect(row).toContainText('t\\u202eag');
  await row.click();
  await expect(page.getByTestId('session-editor')).toBeVisible();
  await page.screenshot({ path: 'test-results/library-escapes.png', fullPage: true });
  const shown = (await page.locator('body').textContent()) ?? '';
  expect(shown).not.toContain(ESC);
  expect(shown).not.toContain(RLO);
  expect(shown).not.toContain('\u0007');
  await expect(page.getByLabel('Notes')).toHaveValue('first line\nsecond \\x1b[31mred');
});
