import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../src/main/report/chromium';
import { type CaptureJob, runCapture, slices } from '../../src/main/report/electron-capture';
import { decodePng, encodePng, stackPngs } from '../../src/main/report/png';
import { pngSize } from '../../src/shared/pngText';
import { chromiumOffscreenPage } from './electron-page';

// The Electron capture's steps (wait, measure, grow or slice, capture, check) run here against a
// Chromium page behind the same window interface; only the Electron calls themselves are not.

describe('slices and PNG stacking', () => {
  it('cuts a tall element into viewport-high slices', () => {
    expect(slices(1000, 300)).toEqual([
      { offset: 0, height: 300 },
      { offset: 300, height: 300 },
      { offset: 600, height: 300 },
      { offset: 900, height: 100 },
    ]);
    expect(slices(300, 300)).toEqual([{ offset: 0, height: 300 }]);
  });

  it('stacks PNGs top to bottom, pixel for pixel', () => {
    const img = (w: number, h: number, seed: number) => {
      const pixels = new Uint8Array(w * h * 4).map((_, i) => (i * 31 + seed * 7) & 0xff);
      return { width: w, height: h, pixels };
    };
    const a = img(5, 3, 1);
    const b = img(5, 2, 2);
    expect(decodePng(encodePng(a))).toEqual(a);
    const stacked = decodePng(stackPngs([encodePng(a), encodePng(b)]));
    expect(stacked.width).toBe(5);
    expect(stacked.height).toBe(5);
    expect(stacked.pixels).toEqual(new Uint8Array([...a.pixels, ...b.pixels]));
    expect(() => stackPngs([encodePng(a), encodePng(img(4, 2, 3))])).toThrow(/4 px wide slice under 5 px/);
  });
});

const browserPath = findChromium()?.path;

/** Pixel-equal PNGs (compared as buffers: a deep equal of millions of bytes takes seconds). */
function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  const x = decodePng(a);
  const y = decodePng(b);
  return x.width === y.width && x.height === y.height && Buffer.from(x.pixels).equals(Buffer.from(y.pixels));
}

describe.skipIf(!browserPath)('capture steps on a Chromium page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const job = (over: Partial<CaptureJob> = {}): CaptureJob => ({
    url: 'http://127.0.0.1:1/report.html',
    width: 300,
    windowWidth: 340,
    dpr: 2,
    reply: '/dev/null',
    userData: '/tmp',
    readyTimeoutMs: 5000,
    drawTimeoutMs: 5000,
    ...over,
  });

  /** A report page made of stripes: every row differs, so a misplaced slice shows. */
  const REPORT = `<style>body{margin:0}</style><div id="report-root" data-provenance='{"Title":"Stripes"}'>
    <div data-testid="report" data-ready="true" style="width:300px;height:1001px;
      background:repeating-linear-gradient(#c00 0 7px,#06c 7px 13px,#fff 13px 16px),linear-gradient(#0f0,#00f)">
      Stripes report <div class="report-chart" data-lines="1"><svg><path class="series-line" d="M0 0"/></svg></div>
    </div></div>`;

  async function open(html: string, opts: { dpr?: number; height?: number; maxHeight?: number } = {}) {
    const page = await browser.newPage({
      viewport: { width: 340, height: opts.height ?? 400 },
      deviceScaleFactor: opts.dpr ?? 2,
    });
    const win = chromiumOffscreenPage(page, { maxHeight: opts.maxHeight });
    return { page, win: { ...win, load: () => page.setContent(html) } };
  }

  it('grows the window to a tall report and captures it whole at DPR 2', async () => {
    const { page, win } = await open(REPORT);
    const steps: string[] = [];
    const r = await runCapture(win, job(), (s) => steps.push(s));
    expect(pngSize(r.png)).toEqual({ width: 600, height: 2002 });
    expect(steps).toContain('growing the window to the report');
    expect(r.text).toContain('Stripes report');
    expect(JSON.parse(r.provenance)).toEqual({ Title: 'Stripes' });
    const direct = new Uint8Array(await page.locator('[data-testid=report]').screenshot({ scale: 'device' }));
    expect(samePixels(r.png, direct)).toBe(true);
    await page.close();
  });

  it('a window that cannot grow: captured a viewport at a time, slices stacked exactly', async () => {
    const { page, win } = await open(REPORT, { height: 300, maxHeight: 300 });
    const rects: unknown[] = [];
    const capture: typeof win.capture = (rect) => {
      rects.push(rect);
      return win.capture(rect);
    };
    const r = await runCapture({ ...win, capture }, job());
    expect(rects).toHaveLength(4);
    expect(pngSize(r.png)).toEqual({ width: 600, height: 2002 });
    await page.setViewportSize({ width: 340, height: 1100 });
    await page.evaluate('window.scrollTo(0, 0)');
    const direct = new Uint8Array(await page.locator('[data-testid=report]').screenshot({ scale: 'device' }));
    expect(samePixels(r.png, direct)).toBe(true);
    await page.close();
  });

  it("the page's error, a report that never gets ready, and charts that never draw, are errors", async () => {
    const err = await open('<div data-testid="report-error">no session with id x</div>');
    await expect(runCapture(err.win, job())).rejects.toThrow('no session with id x');
    const never = await open('<div data-testid="report">loading</div>');
    await expect(runCapture(never.win, job({ readyTimeoutMs: 300 }))).rejects.toThrow(
      'the report page was not ready within 0.3 s',
    );
    const undrawn = await open(
      '<div data-testid="report" data-ready="true"><div class="report-chart" data-lines="2"></div></div>',
    );
    await expect(runCapture(undrawn.win, job({ drawTimeoutMs: 300 }))).rejects.toThrow(
      'the charts did not finish drawing within 0.3 s',
    );
    await Promise.all([err.page.close(), never.page.close(), undrawn.page.close()]);
  });

  it('a page laid out at another device pixel ratio is an error, not a half-size PNG', async () => {
    const { page, win } = await open(REPORT, { dpr: 1 });
    await expect(runCapture(win, job())).rejects.toThrow('the page was laid out at device pixel ratio 1, not 2');
    await page.close();
  });
});
