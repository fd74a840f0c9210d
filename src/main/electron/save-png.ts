import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type SavePngReply, SavePngRequest } from '../../shared/api';

/*
 * The desktop's "Export PNG": the renderer sends the PNG's bytes and a suggested name over the
 * tidegauge:save-png channel; main checks them, asks where to save (Electron's save dialog, the
 * only Electron part, passed in), and writes the file whole (to a temporary beside it, then
 * renamed: a crash never leaves half a PNG under the chosen name).
 */

export interface SaveDialogOptions {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: { name: string; extensions: string[] }[];
}

/** dialog.showSaveDialog(win, options), or a stand-in where Electron is absent. */
export type AskWhere = (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A file name for the dialog from what the page suggested: no folders, no odd characters, .png. */
export function safePngName(suggested: string): string {
  const name = suggested.replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '') || 'tidegauge-report.png';
  return name.toLowerCase().endsWith('.png') ? name : `${name}.png`;
}

export async function handleSavePng(raw: unknown, ask: AskWhere): Promise<SavePngReply> {
  const req = SavePngRequest.safeParse(raw);
  if (!req.success) return { ok: false, error: 'invalid save request' };
  const { bytes } = req.data;
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return { ok: false, error: 'the image is not a PNG' };
  const r = await ask({
    title: 'Save PNG report',
    defaultPath: safePngName(req.data.suggestedName),
    filters: [{ name: 'PNG image', extensions: ['png'] }],
  });
  if (r.canceled || !r.filePath) return { ok: true, path: null };
  const tmp = join(dirname(r.filePath), `.tidegauge-${process.pid}-${Date.now()}.png.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, r.filePath);
    return { ok: true, path: r.filePath };
  } catch (err) {
    rmSync(tmp, { force: true });
    return { ok: false, error: `${r.filePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}
