// Screenshots of every screen at the widths the UI must hold (1280×800, 1440×900, 1920×1080),
// light and dark: each live tab, replay, compare (overlay and summary), the library, its totals
// and the export dialog. For a person to look at (the e2e spec e2e/layout.spec.ts checks a few of them
// for the defects a test can see). `npx tsx scripts/ui-shots.ts [outDir]` after `npm run build`.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { startUiShell, UI_SESSIONS } from '../e2e/fixtures/uiShell';
import { CHROMIUM_ARGS } from '../src/main/report/chromium';
import { TABS } from '../src/renderer/src/components/SectionTabs';

const OUT = process.argv[2] ?? 'test-results/shots';
const SIZES = [
  [1280, 800],
  [1440, 900],
  [1920, 1080],
] as const;
const ONLY = process.env.SHOTS_ONLY; // e.g. "1440" to take one width
const EXE = process.env.TIDEGAUGE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

async function theme(page: Page, t: 'light' | 'dark') {
  if ((await page.locator('html').getAttribute('data-theme')) !== t) await page.keyboard.press('t');
  await page.waitForFunction((x) => document.documentElement.dataset.theme === x, t);
}

async function shoot(page: Page, name: string) {
  for (const t of ['light', 'dark'] as const) {
    await theme(page, t);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${OUT}/${name}-${t}.png` });
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const ui = await startUiShell();
  const browser = await chromium.launch({ executablePath: EXE, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${ui.shell.url}#bandwidth`);
    await page.getByTestId('source-label').waitFor();
    await ui.begin(15 * 60_000);
    for (const [w, h] of SIZES) {
      if (ONLY && !ONLY.split(',').includes(String(w))) continue;
      await page.setViewportSize({ width: w, height: h });
      const size = `${w}x${h}`;
      await page.getByTestId('nav-live').click();
      for (const tab of TABS) {
        await page.getByRole('tab', { name: tab.title }).first().click();
        await page.waitForTimeout(400);
        const chart = page.locator('.panel .recharts-surface').first();
        if (await chart.count()) {
          const box = await chart.boundingBox();
          if (box) await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
        }
        await shoot(page, `${size}-live-${tab.id}`);
      }
      await page.mouse.move(0, 0);
      await page.getByRole('tab', { name: 'Bandwidth' }).first().click();
      await page.getByRole('button', { name: 'Export PNG' }).first().click();
      await page.getByRole('dialog', { name: 'Export PNG' }).waitFor();
      await shoot(page, `${size}-export`);
      await page.getByRole('dialog', { name: 'Export PNG' }).getByRole('button', { name: 'Close' }).click();
      await page.getByTestId('nav-library').click();
      await page.getByTestId('session-row').first().waitFor();
      await shoot(page, `${size}-library`);
      await page.getByTestId('library-totals').click();
      await page.getByTestId('totals').waitFor();
      await shoot(page, `${size}-totals`);
      await page.getByTestId('nav-library').click();
      await page
        .getByTestId('session-row')
        .filter({ hasText: UI_SESSIONS[0]?.title ?? '' })
        .dblclick();
      await page.getByTestId('replay').waitFor();
      await page.waitForTimeout(400);
      await shoot(page, `${size}-replay`);
      await page.getByTestId('nav-library').click();
      for (const s of UI_SESSIONS) await page.getByLabel(`Select ${s.title} for comparison`).check();
      await page.getByTestId('compare-selected').click();
      await page.getByTestId('compare').waitFor();
      await page.waitForTimeout(400);
      const c = page.locator('.recharts-surface').first();
      const cb = await c.boundingBox();
      if (cb) await page.mouse.move(cb.x + cb.width * 0.9, cb.y + cb.height / 2);
      await shoot(page, `${size}-compare-overlay`);
      await page.mouse.move(0, 0);
      await page.getByRole('tab', { name: 'Summary' }).click();
      await page.getByTestId('summary-table').waitFor();
      await shoot(page, `${size}-compare-summary`);
      console.log(`${size}: done`);
    }
  } finally {
    await browser.close();
    await ui.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
