// Screenshots of a replay with annotations (an outage band, an alert, a diagnostics switch, a
// marker) at 1280 and 1920 px, light and dark, for a person to look at.
// `npx tsx scripts/annotation-shots.ts [outDir]` after `npm run build`.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ANNOTATED, annotatedSession, MARKER } from '../e2e/fixtures/annotatedSession';
import { startSessionsShell } from '../e2e/fixtures/sessionsShell';
import { CHROMIUM_ARGS } from '../src/main/report/chromium';

const OUT = process.argv[2] ?? 'test-results/shots';
const EXE = process.env.TIDEGAUGE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const RUN = ANNOTATED;

async function main() {
  mkdirSync(OUT, { recursive: true });
  const env = await startSessionsShell([], [annotatedSession()]);
  await env.library.update(RUN.id, { markers: [MARKER] });
  const browser = await chromium.launch({ executablePath: EXE, args: CHROMIUM_ARGS });
  try {
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(`${env.shell.url}#/replay/${RUN.id}`);
      await page.getByTestId('annotation-band').first().waitFor();
      for (const t of ['light', 'dark'] as const) {
        if ((await page.locator('html').getAttribute('data-theme')) !== t)
          await page.getByTestId('theme-switch').click();
        await page.waitForFunction((x) => document.documentElement.dataset.theme === x, t);
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${OUT}/${w}x${h}-replay-annotations-${t}.png` });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await env.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
