import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { addPngText } from '../../shared/pngText';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../lifetime/ownedTempDir';
import { StatsHost } from '../live/statsHost';
import { rendererDir } from '../paths';
import { SessionLibrary } from '../storage/sessionLibrary';
import { inThreadReader, type SessionReader } from '../storage/sessionReader';
import { WorkerSessionReader } from '../storage/sessionReaderPool';
import { startWebShell } from '../web/WebShell';
import type { CaptureDriver, ReportRenderer } from './driver';
import { chooseRenderer, driverFor, type RendererOption } from './renderer';

/*
 * Headless reports: the files go into a throwaway library (copied or converted; the inputs are
 * never touched), an in-process browser shell serves report.html on loopback, and a capture
 * driver draws it and captures the report element at device pixel ratio 2: the same layout the
 * app exports. Two drivers (renderer.ts picks one): Electron's offscreen rendering where the
 * Electron binary is installed (electron.ts, which runs out/main/report-capture.js), else a
 * system Chromium driven over the DevTools protocol on a pipe (chromium-driver.ts, cdp.ts).
 * Both wait for the same things on the page; the PNG's tidegauge.tool names the renderer that
 * drew it.
 */

export { REPORT_DPR } from './driver';
export { ElectronNotFoundError, EngineError, NoBrowserError } from './errors';

export interface ReportRequest {
  readonly files: readonly string[];
  readonly panels?: readonly string[];
  readonly theme?: 'light' | 'dark';
  readonly width?: number;
  /** 0-based. */
  readonly baseline?: number;
  /** Groups of runs: the first `a` files are group A (the baseline), the rest group B. */
  readonly groups?: { readonly a: number; readonly span?: 'full' | 'common' };
  readonly title?: string;
  /** Which renderer draws it (default auto: see renderer.ts). */
  readonly renderer?: RendererOption;
  /** An explicit Chromium; else $TIDEGAUGE_CHROMIUM, else a standard location. */
  readonly chromium?: string;
  /** A driver to use instead of choosing one (tests). */
  readonly driver?: CaptureDriver;
  readonly progress?: (line: string) => void;
}

export interface RenderedReport {
  /** PNG with the provenance text chunks. */
  readonly png: Uint8Array;
  /** What the report element said (its innerText), for checks and the PNG's Description. */
  readonly text: string;
  readonly provenance: Record<string, string>;
  /** The binary that drew it (Electron or a Chromium). */
  readonly browser: string;
  readonly renderer: ReportRenderer;
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
  // Before any work: no renderer is an error worth saying at once.
  const driver = req.driver ?? driverFor(chooseRenderer(req.renderer ?? 'auto', { chromium: req.chromium }));
  const t0 = performance.now();
  // The files' copies live here while the report is drawn; a report killed with SIGKILL
  // leaves the folder, and the next report removes it.
  sweepStaleDirs('report');
  const work = makeOwnedDir('report');
  const dir = join(work, 'sessions');
  mkdirSync(dir);
  const host = new StatsHost({});
  // The files are read while the browser starts. With cores to spare (one left for the
  // browser), in worker threads, one per file; otherwise on this thread, which is idle while
  // the browser starts: a worker's own start (its module imports, a second cold JIT) cost more
  // than it saved on two cores.
  const readers = Math.min(req.files.length, availableParallelism() - 1, 4);
  const reader: SessionReader = readers >= 2 ? new WorkerSessionReader(readers).warm() : inThreadReader;
  let shell: Awaited<ReturnType<typeof startWebShell>> | null = null;
  let page: Promise<URL> | null = null;
  let aborted = false;
  try {
    const library = new SessionLibrary(dir, { reader });
    const width = req.width ?? 1200;
    let t1 = t0;
    let t2 = t0;
    // The files are read while the browser starts: the driver waits for the page's address.
    page = (async () => {
      for (const f of req.files) say(`reading ${f}`);
      const ids = (await Promise.all(req.files.map((f) => library.add(f)))).map((r) => r.summary.id);
      t1 = performance.now();
      // The browser failed while the files were read: nothing to serve.
      if (aborted) throw new Error('the report was abandoned');
      shell = await startWebShell({ host, staticDir: rendererDir(), port: 0, library: { library, recorder: null } });
      // What the page will ask the host for (key figures, or the comparison's summary), computed
      // while the page loads (the page's request joins it).
      setImmediate(() => {
        const ahead = req.groups
          ? Promise.all(ids.map((id) => library.figures(id)))
          : ids.length > 1
            ? library.compare({ ids, baseline: req.baseline ?? 0 })
            : library.figures(ids[0] as string);
        ahead.catch(() => {}); // the page asks again and shows the error
      });
      const url = new URL('report.html', shell.url);
      const q = url.searchParams;
      if (req.groups) {
        // A group report (GroupReport.tsx): group A's ids, then group B's.
        q.set('ids', ids.slice(0, req.groups.a).join(','));
        q.set('vs', ids.slice(req.groups.a).join(','));
        q.set('span', req.groups.span ?? 'full');
      } else q.set('ids', ids.join(','));
      q.set('headless', '1');
      q.set('width', String(width));
      q.set('theme', req.theme ?? 'light');
      q.set('baseline', String((req.baseline ?? 0) + 1));
      q.set('at', String(Date.now()));
      if (req.panels) q.set('panels', req.panels.join(','));
      if (req.title) q.set('title', req.title);
      t2 = performance.now();
      return url;
    })();
    page.catch(() => {}); // the driver awaits it; a failure surfaces there
    const shot = await driver.capture({ url: page, width, say });
    await page; // a driver that failed before asking for the page still reports a reading error first
    const t3 = performance.now();
    const provenance: Record<string, string> = {
      ...shot.stamped,
      'tidegauge.tool': shot.tool,
      Description: latin1(shot.text),
    };
    const png = addPngText(shot.png, provenance);
    const t4 = performance.now();
    return {
      png,
      text: shot.text,
      provenance,
      browser: driver.path,
      renderer: driver.renderer,
      // import and launch overlap: the browser starts while the files are read.
      timings: {
        import: t1 - t0,
        launch: t2 - t1 + shot.phases.launch,
        render: shot.phases.render,
        capture: shot.phases.capture + (t4 - t3),
      },
    };
  } finally {
    // A driver that failed early leaves the reading running: let it finish (it stops before
    // starting a shell) so nothing outlives the report and keeps the process alive.
    aborted = true;
    await (page as Promise<URL> | null)?.catch(() => {});
    await (shell as Awaited<ReturnType<typeof startWebShell>> | null)?.close().catch(() => {});
    await host.stop().catch(() => {});
    await reader.close().catch(() => {});
    removeOwnedDir(work);
  }
}
