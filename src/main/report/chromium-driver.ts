import { CdpBrowser } from './cdp';
import { CHROMIUM_ARGS } from './chromium';
import {
  type CaptureDriver,
  DRAW_TIMEOUT_MS,
  parseStamped,
  READY_TIMEOUT_MS,
  REPORT_DPR,
  WINDOW_MARGIN,
} from './driver';

interface PageOutcome {
  readonly error?: string;
  readonly box?: { x: number; y: number; width: number; height: number };
  readonly text?: string;
  readonly stamped?: string | null;
}

/**
 * Waits in the page until the report is ready and every chart has drawn its lines (or the
 * page shows its error, or time runs out), then reads the report's box, text and provenance.
 */
const waitForReport = (ms: number) => `new Promise((resolve) => {
  const until = Date.now() + ${ms};
  const tick = () => {
    const err = document.querySelector('[data-testid=report-error]');
    if (err) return resolve({ error: err.textContent || 'the report page failed' });
    const rep = document.querySelector('[data-testid=report][data-ready=true]');
    if (rep && [...document.querySelectorAll('.report-chart')].every(
        (c) => c.querySelectorAll('path.series-line').length >= Number(c.dataset.lines ?? 0))) {
      const r = rep.getBoundingClientRect();
      return resolve({
        box: { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height },
        text: rep.innerText,
        stamped: document.querySelector('#report-root')?.getAttribute('data-provenance') ?? null,
      });
    }
    if (Date.now() > until) return resolve({ error: 'the report page did not finish drawing within ' + ${Math.round(ms / 1000)} + ' s' });
    setTimeout(tick, 10);
  };
  tick();
})`;

/**
 * A system Chromium, headless, driven over the DevTools protocol on a pipe (src/main/report/cdp.ts):
 * a fresh profile, a window the report's width at device pixel ratio 2.
 */
export function chromiumDriver(browser: { readonly path: string }): CaptureDriver {
  return {
    renderer: 'chromium',
    path: browser.path,
    async capture({ url, width, say }) {
      const t0 = performance.now();
      say(`rendering in ${browser.path}`);
      const chrome = await CdpBrowser.launch(browser.path, CHROMIUM_ARGS);
      try {
        const page = await chrome.newPage();
        await page.send('Emulation.setDeviceMetricsOverride', {
          width: width + WINDOW_MARGIN,
          height: 900,
          deviceScaleFactor: REPORT_DPR,
          mobile: false,
        });
        // The browser started while the files were read; now the page can load.
        const href = (await url).href;
        const t1 = performance.now();
        await page.goto(href, READY_TIMEOUT_MS);
        const out = await page.evaluate<PageOutcome>(waitForReport(READY_TIMEOUT_MS + DRAW_TIMEOUT_MS));
        if (out.error || !out.box) throw new Error(out.error ?? 'the report page failed');
        const t2 = performance.now();
        // The element at device pixel ratio 2 with optimizeForSpeed: the same pixels as a
        // default capture in under half the time (lighter PNG compression: a larger file).
        const { box } = out;
        const x = Math.floor(box.x);
        const y = Math.floor(box.y);
        const { data } = await page.send<{ data: string }>('Page.captureScreenshot', {
          format: 'png',
          clip: {
            x,
            y,
            width: Math.ceil(box.x + box.width) - x,
            height: Math.ceil(box.y + box.height) - y,
            scale: 1, // the page already draws at REPORT_DPR (setDeviceMetricsOverride)
          },
          captureBeyondViewport: true,
          optimizeForSpeed: true,
        });
        const version = await chrome.version();
        const t3 = performance.now();
        return {
          png: new Uint8Array(Buffer.from(data, 'base64')),
          text: out.text ?? '',
          stamped: parseStamped(out.stamped),
          tool: `tidegauge report (headless Chromium ${version}, ${browser.path})`,
          phases: { launch: t1 - t0, render: t2 - t1, capture: t3 - t2 },
        };
      } finally {
        await chrome.close().catch(() => {});
      }
    },
  };
}
