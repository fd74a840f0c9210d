import { toCanvas } from 'html-to-image';
import { addPngText } from '../../../shared/pngText';
import type { PreloadBridge } from '../api/electron';
import { downloadBlob } from '../download';
import { provenance, type ReportModel } from './model';

/** Device pixel ratio of every report PNG: sharp text on high-density screens and in print. */
export const REPORT_PIXEL_RATIO = 2;

/**
 * Rasterise a laid-out report element to PNG bytes at twice its CSS size. html-to-image
 * inlines computed styles into an SVG foreignObject and draws it via a data: image, which the
 * page's CSP allows (img-src data: blob:); fonts are the system's, so nothing is fetched.
 */
export async function rasterise(node: HTMLElement): Promise<Uint8Array> {
  const width = Math.round(node.offsetWidth);
  const height = Math.ceil(node.offsetHeight);
  const canvas = await toCanvas(node, {
    pixelRatio: REPORT_PIXEL_RATIO,
    width,
    height,
    canvasWidth: width,
    canvasHeight: height,
    skipFonts: true,
    cacheBust: false,
  });
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
  return new Uint8Array(await blob.arrayBuffer());
}

/** A file name from a report title: letters, digits, dashes. */
export function reportFileName(title: string, at: number): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `tidegauge-${stem || 'report'}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.png`;
}

export type SaveResult = { saved: true; where: string } | { saved: false; reason: string };

/** Desktop: the save dialog behind window.tidegauge.savePng. Browser: a download. */
export async function savePng(name: string, png: Uint8Array): Promise<SaveResult> {
  const bridge = (globalThis as unknown as { tidegauge?: PreloadBridge }).tidegauge;
  if (bridge?.transport === 'electron') {
    const reply = (await bridge.savePng(name, png)) as { ok: boolean; path?: string | null; error?: string };
    if (!reply.ok) return { saved: false, reason: reply.error ?? 'the PNG could not be saved' };
    return reply.path ? { saved: true, where: reply.path } : { saved: false, reason: 'cancelled' };
  }
  downloadBlob(name, new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  return { saved: true, where: name };
}

/** Rasterise, stamp the provenance text chunks, then save or download. */
export async function exportReport(
  node: HTMLElement,
  name: string,
  provenance: Record<string, string>,
): Promise<SaveResult> {
  const png = addPngText(await rasterise(node), provenance);
  return savePng(name, png);
}

/**
 * Export the drawn report in `root` as the app does (the dialog and the report page): what to
 * tell the user afterwards, or null when they cancelled the save.
 */
export async function exportDrawnReport(
  root: HTMLElement | null | undefined,
  model: ReportModel,
): Promise<string | null> {
  const el = root?.querySelector<HTMLElement>('.report');
  if (!el) return 'Export failed: the report is not drawn yet';
  try {
    const r = await exportReport(
      el,
      reportFileName(model.title, Date.now()),
      provenance(model, 'tidegauge app (in-page)'),
    );
    return r.saved ? `Saved ${r.where}` : r.reason === 'cancelled' ? null : r.reason;
  } catch (e) {
    return `Export failed: ${(e as Error).message}`;
  }
}
