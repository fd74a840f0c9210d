import { CHROMIUM_ARGS } from './chromium';
import {
  type CaptureDriver,
  DRAW_TIMEOUT_MS,
  parseStamped,
  READY_TIMEOUT_MS,
  REPORT_DPR,
  WINDOW_MARGIN,
} from './driver';

/** A system Chromium through playwright-core: headless, a fresh context at device pixel ratio 2. */
export function chromiumDriver(browser: { readonly path: string }): CaptureDriver {
  return {
    engine: 'chromium',
    path: browser.path,
    async capture({ url, width, say }) {
      const t0 = performance.now();
      say(`rendering in ${browser.path}`);
      // playwright-core takes ~0.4 s to load: only the command that draws pays for it.
      const { chromium } = await import('playwright-core');
      const chrome = await chromium.launch({ executablePath: browser.path, args: CHROMIUM_ARGS, headless: true });
      try {
        const context = await chrome.newContext({
          deviceScaleFactor: REPORT_DPR,
          viewport: { width: width + WINDOW_MARGIN, height: 900 },
          acceptDownloads: false,
        });
        const page = await context.newPage();
        // The browser started while the files were read; now the page can load.
        const href = (await url).href;
        const t1 = performance.now();
        await page.goto(href);
        const outcome = await Promise.race([
          page
            .waitForSelector('[data-testid=report][data-ready=true]', { timeout: READY_TIMEOUT_MS })
            .then(() => 'ok' as const),
          page
            .waitForSelector('[data-testid=report-error]', { timeout: READY_TIMEOUT_MS })
            .then(() => 'error' as const),
        ]);
        if (outcome === 'error')
          throw new Error((await page.getByTestId('report-error').textContent()) ?? 'the report page failed');
        // Every chart has drawn its lines (Recharts lays out the plot area after mounting).
        await page.waitForFunction(
          `[...document.querySelectorAll('.report-chart')].every(
             (c) => c.querySelectorAll('path.series-line').length >= Number(c.dataset.lines ?? 0))`,
          undefined,
          { timeout: DRAW_TIMEOUT_MS },
        );
        const t2 = performance.now();
        const report = page.locator('[data-testid=report]');
        // The element at device pixel ratio 2 through CDP with optimizeForSpeed: the same pixels
        // as Playwright's element screenshot in under half the time (lighter PNG compression:
        // a somewhat larger file).
        const box = await report.boundingBox();
        if (!box) throw new Error('the report element has no size');
        const x = Math.floor(box.x);
        const y = Math.floor(box.y);
        const cdp = await page.context().newCDPSession(page);
        const { data } = (await cdp.send('Page.captureScreenshot', {
          format: 'png',
          clip: {
            x,
            y,
            width: Math.ceil(box.x + box.width) - x,
            height: Math.ceil(box.y + box.height) - y,
            scale: REPORT_DPR,
          },
          captureBeyondViewport: true,
          optimizeForSpeed: true,
        } as Parameters<typeof cdp.send<'Page.captureScreenshot'>>[1])) as { data: string };
        const shot = Buffer.from(data, 'base64');
        // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out (rows and cells apart) is wanted
        const text = await report.innerText();
        const stamped = parseStamped(await page.locator('#report-root').getAttribute('data-provenance'));
        const t3 = performance.now();
        return {
          png: new Uint8Array(shot),
          text,
          stamped,
          tool: `tidegauge report (headless Chromium ${chrome.version()}, ${browser.path})`,
          phases: { launch: t1 - t0, render: t2 - t1, capture: t3 - t2 },
        };
      } finally {
        await chrome.close().catch(() => {});
      }
    },
  };
}
