// Screenshots of a replay with annotations (an outage band, an alert, a diagnostics switch, a
// marker) at 1280 and 1920 px, light and dark, for a person to look at.
// `npx tsx scripts/annotation-shots.ts [outDir]` after `npm run build`.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { knownSession, START, startSessionsShell } from '../e2e/fixtures/sessionsShell';
import { CHROMIUM_ARGS } from '../src/main/report/chromium';
import { sessionEvent } from '../src/shared/session/events';

const OUT = process.argv[2] ?? 'test-results/shots';
const EXE = process.env.TIDEGAUGE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const RUN = { id: 'events-run', title: 'Seedbox run with an outage', rate: 100 * 1024, doneS: 40, seconds: 60 };
const EVENTS = [
  sessionEvent(START + 8_000, 'diagnostics-on', 'diagnostics switched on'),
  sessionEvent(
    START + 20_000,
    'outage-start',
    'source unreachable: Tidegauge at tidegauge://seedbox:7420 is unreachable',
  ),
  sessionEvent(START + 30_000, 'outage-end', 'source unreachable: Tidegauge at tidegauge://seedbox:7420 is live again'),
  sessionEvent(START + 45_000, 'alert', 'TrackerError: announce to udp://tracker.example:1337 failed'),
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const env = await startSessionsShell([], [{ ...knownSession(RUN), events: EVENTS }]);
  await env.library.update(RUN.id, { markers: [{ name: 'new choker', t: START + 35_000 }] });
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
