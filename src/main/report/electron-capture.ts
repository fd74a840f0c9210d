import { pngSize } from '../../shared/pngText';
import { stackPngs } from './png';

/*
 * The Electron capture, apart from Electron itself: the job the CLI hands the Electron process
 * (src/main/electron/report-capture.ts), the reply it writes back, and the steps it takes on the
 * page through a small window interface: plain code, so tests run the same steps in a Chromium.
 *
 *   CLI ── spawn electron [switches] out/main/report-capture.js, job JSON in $TIDEGAUGE_CAPTURE_JOB ──▶
 *   Electron: offscreen window → report page on the CLI's loopback shell → wait → capturePage
 *   ◀── reply JSON written to job.reply (a file: Electron's own stdout/stderr chatter cannot garble it)
 */

export const JOB_ENV = 'TIDEGAUGE_CAPTURE_JOB';

export interface CaptureJob {
  /** The report page on the CLI's in-process browser shell: http on a loopback address. */
  readonly url: string;
  /** Report width in CSS px; the window is windowWidth wide. */
  readonly width: number;
  readonly windowWidth: number;
  readonly dpr: number;
  /** Where to write the reply (JSON), written whole or not at all. */
  readonly reply: string;
  /** A throwaway profile folder (Electron's userData). */
  readonly userData: string;
  readonly readyTimeoutMs: number;
  readonly drawTimeoutMs: number;
}

export type CaptureReply =
  | {
      readonly ok: true;
      /** The PNG, base64. */
      readonly png: string;
      readonly text: string;
      /** #report-root's data-provenance, as the page wrote it (JSON). */
      readonly provenance: string;
      /** process.versions.electron */
      readonly version: string;
      /** ms: load the page and wait for it; capture. */
      readonly phases: { readonly render: number; readonly capture: number };
    }
  | { readonly ok: false; readonly error: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The job from the environment, checked: only a loopback http page is ever loaded. */
export function parseJob(raw: string | undefined): CaptureJob {
  if (!raw) throw new Error(`${JOB_ENV} is not set: this script is started by \`tidegauge report\``);
  const j = JSON.parse(raw) as Partial<CaptureJob>;
  const num = (k: keyof CaptureJob) => {
    const v = j[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new Error(`${JOB_ENV}: ${k} must be a positive number`);
    return v;
  };
  const str = (k: keyof CaptureJob) => {
    const v = j[k];
    if (typeof v !== 'string' || !v) throw new Error(`${JOB_ENV}: ${k} must be a string`);
    return v;
  };
  const url = new URL(str('url'));
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname))
    throw new Error(`${JOB_ENV}: url must be an http page on a loopback address, got ${url.origin}`);
  return {
    url: url.href,
    width: num('width'),
    windowWidth: num('windowWidth'),
    dpr: num('dpr'),
    reply: str('reply'),
    userData: str('userData'),
    readyTimeoutMs: num('readyTimeoutMs'),
    drawTimeoutMs: num('drawTimeoutMs'),
  };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the capture needs of a window: Electron's offscreen BrowserWindow, or a Chromium page in tests. */
export interface OffscreenPage {
  load(url: string): Promise<void>;
  /** Run a script (an expression; a promise is awaited) in the page and return its JSON-able value. */
  evaluate<T>(script: string): Promise<T>;
  /** Resize the content area (CSS px). */
  setViewport(width: number, height: number): Promise<void>;
  /** PNG of a rectangle of the viewport (CSS px), at the page's device pixel ratio. */
  capture(rect: Rect): Promise<Uint8Array>;
}

interface Outcome {
  readonly status: 'ok' | 'error' | 'timeout';
  readonly message?: string;
}

interface Measure {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly innerHeight: number;
  readonly scrollY: number;
  readonly dpr: number;
  readonly text: string;
  readonly provenance: string;
}

/**
 * In the page: wait for the report to be ready (or show its error), then for every chart to have
 * drawn its lines: the same conditions as the Chromium driver's waitForSelector/waitForFunction.
 */
export function waitScript(readyTimeoutMs: number, drawTimeoutMs: number): string {
  return `(async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let deadline = Date.now() + ${readyTimeoutMs};
  for (;;) {
    const err = document.querySelector('[data-testid=report-error]');
    if (err) return { status: 'error', message: err.textContent || 'the report page failed' };
    if (document.querySelector('[data-testid=report][data-ready=true]')) break;
    if (Date.now() > deadline) return { status: 'timeout', message: 'the report page was not ready within ${readyTimeoutMs / 1000} s' };
    await sleep(50);
  }
  deadline = Date.now() + ${drawTimeoutMs};
  while (![...document.querySelectorAll('.report-chart')].every(
    (c) => c.querySelectorAll('path.series-line').length >= Number(c.dataset.lines ?? 0))) {
    if (Date.now() > deadline) return { status: 'timeout', message: 'the charts did not finish drawing within ${drawTimeoutMs / 1000} s' };
    await sleep(50);
  }
  if (document.fonts) await document.fonts.ready;
  return { status: 'ok' };
})()`;
}

/** In the page: two animation frames (a frame drawn after the last change), or half a second if frames do not come. */
export const FRAMES_SCRIPT = `new Promise((done) => {
  const t = setTimeout(() => done(false), 500);
  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); done(true); }));
})`;

/** In the page: where the report element is in the viewport, its text, the page's provenance. */
export const MEASURE_SCRIPT = `(() => {
  const el = document.querySelector('[data-testid=report]');
  const r = el.getBoundingClientRect();
  return {
    left: r.left, top: r.top, width: r.width, height: r.height,
    innerHeight: window.innerHeight, scrollY: window.scrollY, dpr: window.devicePixelRatio,
    text: el.innerText,
    provenance: document.getElementById('report-root')?.getAttribute('data-provenance') ?? '{}',
  };
})()`;

/**
 * The window grows at most this tall (CSS px; twice that in device px): huge offscreen surfaces
 * have failed in Electron (white frames past 16384 px on Windows); a taller report is sliced.
 */
export const MAX_WINDOW_HEIGHT = 4096;

/** The element's box in whole CSS px, relative to the viewport. */
function box(m: Measure): Rect {
  const x = Math.floor(m.left);
  const y = Math.floor(m.top);
  return { x, y, width: Math.ceil(m.left + m.width) - x, height: Math.ceil(m.top + m.height) - y };
}

/**
 * Vertical slices of a `height` tall element, each at most `viewport` tall: offsets from the
 * element's top and heights. (A window that cannot grow as tall as the report is captured a
 * viewport at a time and the slices stacked.)
 */
export function slices(height: number, viewport: number): { offset: number; height: number }[] {
  if (viewport < 1) throw new Error(`viewport of ${viewport} px`);
  const out: { offset: number; height: number }[] = [];
  for (let offset = 0; offset < height; offset += viewport)
    out.push({ offset, height: Math.min(viewport, height - offset) });
  return out;
}

export interface CaptureResult {
  readonly png: Uint8Array;
  readonly text: string;
  readonly provenance: string;
  readonly phases: { readonly render: number; readonly capture: number };
}

/** Load the report, wait until it is drawn, capture the report element at job.dpr. */
export async function runCapture(
  page: OffscreenPage,
  job: CaptureJob,
  step: (what: string) => void = () => {},
): Promise<CaptureResult> {
  const t0 = performance.now();
  step('loading the report page');
  await page.load(job.url);
  step('waiting for the report to be drawn');
  const outcome = await page.evaluate<Outcome>(waitScript(job.readyTimeoutMs, job.drawTimeoutMs));
  if (outcome.status !== 'ok') throw new Error(outcome.message ?? `the report page: ${outcome.status}`);
  const t1 = performance.now();
  step('measuring the report');
  let m = await page.evaluate<Measure>(MEASURE_SCRIPT);
  if (Math.abs(m.dpr - job.dpr) > 1e-6)
    throw new Error(`the page was laid out at device pixel ratio ${m.dpr}, not ${job.dpr}`);
  let r = box(m);
  if (r.y + r.height > m.innerHeight) {
    // Taller than the window: grow it to the report (its width stays, so the layout does not change).
    step('growing the window to the report');
    const target = Math.min(r.y + r.height, MAX_WINDOW_HEIGHT);
    await page.setViewport(job.windowWidth, target);
    for (let k = 0; k < 40; k++) {
      m = await page.evaluate<Measure>(MEASURE_SCRIPT);
      if (m.innerHeight >= target) break;
      await page.evaluate(FRAMES_SCRIPT);
    }
    r = box(m);
  }
  await page.evaluate(FRAMES_SCRIPT);
  step('capturing the report');
  let png: Uint8Array;
  if (r.y + r.height <= m.innerHeight) png = await page.capture(r);
  else {
    // The window did not grow far enough (some platforms cap windows at the screen): a viewport at a
    // time. Room below the page first, so that the last slice scrolls fully into view (the
    // document ends at the report's fractional bottom, its last whole pixel row just past it).
    const top = r.y + m.scrollY;
    await page.evaluate(
      `(() => { const s = document.createElement('div'); s.id = 'tidegauge-capture-room'; s.style.height = '${m.innerHeight}px'; document.body.append(s); })()`,
    );
    const parts: Uint8Array[] = [];
    for (const s of slices(r.height, m.innerHeight)) {
      const scrolled = await page.evaluate<number>(
        `(async () => { window.scrollTo(0, ${top + s.offset}); await ${FRAMES_SCRIPT}; return window.scrollY; })()`,
      );
      const y = top + s.offset - scrolled;
      if (y < 0 || y + s.height > m.innerHeight)
        throw new Error(
          `the window is ${m.innerHeight} px tall and the page does not scroll to the report's slice at ${s.offset} px`,
        );
      parts.push(await page.capture({ x: r.x, y, width: r.width, height: s.height }));
    }
    await page.evaluate(`(document.getElementById('tidegauge-capture-room')?.remove(), window.scrollTo(0, 0))`);
    png = stackPngs(parts);
  }
  const size = pngSize(png);
  const want = { width: Math.round(r.width * job.dpr), height: Math.round(r.height * job.dpr) };
  if (size.width !== want.width || size.height !== want.height)
    throw new Error(
      `the capture is ${size.width}x${size.height} px, not ${want.width}x${want.height} ` +
        `(the report's ${r.width}x${r.height} CSS px at device pixel ratio ${job.dpr})`,
    );
  return {
    png,
    text: m.text,
    provenance: m.provenance,
    phases: { render: t1 - t0, capture: performance.now() - t1 },
  };
}
