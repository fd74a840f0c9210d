/*
 * A capture driver is the browser-specific part of a headless report: open the report page in a
 * window `width` CSS px wide (plus a margin) at device pixel ratio 2, wait until the report is
 * ready and every chart has drawn its lines, then screenshot the report element as PNG and read
 * its text and the provenance the page stamped. Everything else (library, shell, PNG text
 * chunks, cleanup) is shared, in capture.ts.
 */

export const REPORT_DPR = 2;
/** The report page gets ready (data loaded, laid out) or shows its error within this. */
export const READY_TIMEOUT_MS = 120_000;
/** Then every chart has drawn its lines within this. */
export const DRAW_TIMEOUT_MS = 60_000;
/** The window is this much wider than the report (as the app's export leaves room around it). */
export const WINDOW_MARGIN = 40;

export type ReportRenderer = 'electron' | 'chromium';

export interface CaptureRequest {
  /**
   * The report page on the in-process browser shell (loopback, no token needed). A promise:
   * the files are still being read while a driver starts its browser.
   */
  readonly url: URL | Promise<URL>;
  /** Report width in CSS px. */
  readonly width: number;
  readonly say: (line: string) => void;
}

export interface Captured {
  /** PNG of the report element at REPORT_DPR, without text chunks. */
  readonly png: Uint8Array;
  /** The report element's innerText (rows and cells apart). */
  readonly text: string;
  /** What the page stamped on #report-root's data-provenance. */
  readonly stamped: Record<string, string>;
  /** For the PNG's tidegauge.tool: which renderer drew it. */
  readonly tool: string;
  /** ms: start the browser and open a window; load the page and wait for it; screenshot and read it. */
  readonly phases: Readonly<Record<'launch' | 'render' | 'capture', number>>;
}

export interface CaptureDriver {
  readonly renderer: ReportRenderer;
  /** The browser binary. */
  readonly path: string;
  capture(req: CaptureRequest): Promise<Captured>;
}

/** The page's data-provenance attribute (JSON of string values); {} when absent. */
export function parseStamped(raw: string | null | undefined): Record<string, string> {
  if (!raw) return {};
  const v = JSON.parse(raw) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('the report page stamped no provenance object');
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}
