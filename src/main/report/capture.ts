import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { addPngText } from '../../shared/pngText';
import { SessionLibrary } from '../host/SessionLibrary';
import { StatsHost } from '../host/StatsHost';
import { rendererDir } from '../paths';
import { startWebShell } from '../web/WebShell';
import { CHROMIUM_ARGS, findChromium } from './chromium';

/*
 * Headless reports: the files go into a throwaway library (copied or converted; the inputs are
 * never touched), an in-process browser shell serves report.html, and a system Chromium
 * renders it and screenshots the report element at device pixel ratio 2: the same layout the
 * app exports. Electron's offscreen rendering is not used: the Electron binary is not
 * installed on the machines this runs on, and a system Chromium draws the same page.
 */

export const REPORT_DPR = 2;

export class NoBrowserError extends Error {
  constructor() {
    super(
      'no Chromium-family browser found to render the report: install Chromium (e.g. `apt-get install chromium`), ' +
        'or name one with --chromium PATH or the TIDEGAUGE_CHROMIUM environment variable',
    );
  }
}

export interface ReportRequest {
  readonly files: readonly string[];
  readonly panels?: readonly string[];
  readonly theme?: 'light' | 'dark';
  readonly width?: number;
  /** 0-based. */
  readonly baseline?: number;
  readonly title?: string;
  /** An explicit browser; else $TIDEGAUGE_CHROMIUM, else a standard location. */
  readonly chromium?: string;
  readonly progress?: (line: string) => void;
}

export interface RenderedReport {
  /** PNG with the provenance text chunks. */
  readonly png: Uint8Array;
  /** What the report element said (its innerText), for checks and the PNG's Description. */
  readonly text: string;
  readonly provenance: Record<string, string>;
  readonly browser: string;
  /** ms spent per phase. */
  readonly timings: Readonly<Record<'import' | 'launch' | 'render' | 'capture', number>>;
}

/** PNG tEXt is Latin-1: keep the report's text readable in it. */
function latin1(s: string): string {
  const map: Record<string, string> = {
    '\t': '  ',
    '—': '-',
    '–': '-',
    '−': '-',
    '’': "'",
    '“': '"',
    '”': '"',
    '…': '...',
  };
  return s.replace(/[^\x20-\x7e\xa0-\xff\n]/g, (c) => map[c] ?? '?');
}

export async function renderReport(req: ReportRequest): Promise<RenderedReport> {
  const say = req.progress ?? (() => {});
  const browser = findChromium(req.chromium);
  if (!browser) throw new NoBrowserError();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tidegauge-report-'));
  const host = new StatsHost({});
  let shell: Awaited<ReturnType<typeof startWebShell>> | null = null;
  let chrome: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    const library = new SessionLibrary(dir);
    const ids: string[] = [];
    for (const f of req.files) {
      say(`reading ${f}`);
      ids.push((await library.add(f)).summary.id);
    }
    const t1 = performance.now();
    shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, library: { library, recorder: null } });
    const launching = chromium.launch({ executablePath: browser.path, args: CHROMIUM_ARGS, headless: true });
    say(`rendering in ${browser.path}`);
    chrome = await launching;
    const width = req.width ?? 1200;
    const context = await chrome.newContext({
      deviceScaleFactor: REPORT_DPR,
      viewport: { width: width + 40, height: 900 },
      acceptDownloads: false,
    });
    const page = await context.newPage();
    const t2 = performance.now();
    const url = new URL('report.html', shell.url);
    const q = url.searchParams;
    q.set('ids', ids.join(','));
    q.set('headless', '1');
    q.set('width', String(width));
    q.set('theme', req.theme ?? 'light');
    q.set('baseline', String((req.baseline ?? 0) + 1));
    q.set('at', String(Date.now()));
    if (req.panels) q.set('panels', req.panels.join(','));
    if (req.title) q.set('title', req.title);
    await page.goto(url.href);
    const outcome = await Promise.race([
      page.waitForSelector('[data-testid=report][data-ready=true]', { timeout: 120_000 }).then(() => 'ok' as const),
      page.waitForSelector('[data-testid=report-error]', { timeout: 120_000 }).then(() => 'error' as const),
    ]);
    if (outcome === 'error')
      throw new Error((await page.getByTestId('report-error').textContent()) ?? 'the report page failed');
    // Every chart has drawn its lines (Recharts lays out the plot area after mounting).
    await page.waitForFunction(
      `[...document.querySelectorAll('.report-chart')].every(
         (c) => c.querySelectorAll('path.series-line').length >= Number(c.dataset.lines ?? 0))`,
      undefined,
      { timeout: 60_000 },
    );
    const t3 = performance.now();
    const report = page.locator('[data-testid=report]');
    const shot = await report.screenshot({ type: 'png', animations: 'disabled', scale: 'device' });
    // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out (rows and cells apart) is wanted
    const text = await report.innerText();
    const stamped = JSON.parse((await page.locator('#report-root').getAttribute('data-provenance')) ?? '{}') as Record<
      string,
      string
    >;
    const provenance: Record<string, string> = {
      ...stamped,
      'tidegauge.tool': `tidegauge report (headless ${browser.path}, ${chrome.version()})`,
      Description: latin1(text),
    };
    const png = addPngText(new Uint8Array(shot), provenance);
    const t4 = performance.now();
    return {
      png,
      text,
      provenance,
      browser: browser.path,
      timings: { import: t1 - t0, launch: t2 - t1, render: t3 - t2, capture: t4 - t3 },
    };
  } finally {
    await chrome?.close().catch(() => {});
    await shell?.close().catch(() => {});
    await host.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
