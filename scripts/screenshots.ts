// Screenshots of the live dashboards for a review: `npx tsx scripts/screenshots.ts [OUT_DIR] [tab,tab…]`.
// Starts `serve` with the embedded engine (diagnostics on) on a free port, lets it run, and
// captures each tab at 1280 and 1920 px wide in light and dark through Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/main/report/chromium';

const out = process.argv[2] ?? 'test-results/screens';
const tabs = (process.argv[3] ?? 'bandwidth,diagnostics,metrics').split(',');
const settleMs = Number(process.env.SETTLE_MS ?? 20_000);
mkdirSync(out, { recursive: true });
const data = mkdtempSync(join(tmpdir(), 'tg-screens-'));
const serve = spawn(
  process.execPath,
  ['bin/tidegauge.js', 'serve', '--port', '0', '--diagnostics', '--data-dir', data],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  serve.stdout.on('data', (d) => {
    text += String(d);
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(text);
    if (m) resolve(m[1] as string);
  });
  serve.on('exit', (c) => reject(new Error(`serve exited ${c}: ${text}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.TIDEGAUGE_CHROMIUM ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  await new Promise((r) => setTimeout(r, settleMs));
  for (const width of [1280, 1920]) {
    const page = await browser.newPage({ viewport: { width, height: width === 1280 ? 800 : 1080 } });
    for (const theme of ['light', 'dark']) {
      await page.goto(url.replace(/#.*$/, ''));
      await page.evaluate((t) => localStorage.setItem('tidegauge.theme', t), theme);
      for (const tab of tabs) {
        await page.goto(`${url.replace(/#.*$/, '')}#${tab}`);
        await page.reload();
        await page.waitForTimeout(2500);
        const file = join(out, `${tab}-${width}-${theme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  const exited = new Promise((r) => serve.once('exit', r));
  serve.kill('SIGTERM');
  await exited;
  rmSync(data, { recursive: true, force: true });
}
