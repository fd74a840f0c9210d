import { IPC, type SavePngReply } from '../../shared/api';
import type { LibraryReply } from '../../shared/library';
import { encodeColumns } from '../../shared/session/wire';
import type { Dispatcher } from '../dispatch/Dispatcher';

/*
 * The Electron transport of the bridge, main side: three channels, each only a translation.
 * `ready` gives the window its live-stream port, `library` hands a LibraryRequest to the
 * dispatcher (which validates it) and sends back its answer, `save-png` runs the save dialog.
 * A sender that is not our own page's main frame gets a refusal and nothing runs.
 * ipcMain comes in from outside, so this file runs under plain Node in tests.
 */

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike<E> {
  on(channel: string, listener: (event: E, ...args: unknown[]) => void): unknown;
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): unknown;
}

export interface DesktopIpc<E, W> {
  readonly dispatcher: Pick<Dispatcher, 'library'>;
  /** The window of our own page that sent this, or null for anyone else. */
  trusted(event: E): W | null;
  /** Open the window's live stream. */
  connect(win: W): void;
  savePng(win: W, raw: unknown): Promise<SavePngReply>;
}

const NOT_ALLOWED: LibraryReply = { ok: false, status: 403, error: 'not allowed' };

/** The dispatcher's answer in the IPC's shape: session data travels as the columns encoding. */
async function libraryReply(dispatcher: Pick<Dispatcher, 'library'>, raw: unknown): Promise<LibraryReply> {
  const answer = await dispatcher.library(raw);
  if (!answer.ok) return { ok: false, status: answer.status, error: answer.error };
  return answer.op === 'data' ? { ok: true, value: encodeColumns(answer.value) } : { ok: true, value: answer.value };
}

export function registerIpc<E, W>(ipc: IpcMainLike<E>, d: DesktopIpc<E, W>): void {
  ipc.on(IPC.ready, (e) => {
    const win = d.trusted(e);
    if (win) d.connect(win);
  });
  ipc.handle(IPC.library, (e, raw) => (d.trusted(e) ? libraryReply(d.dispatcher, raw) : NOT_ALLOWED));
  ipc.handle(IPC.savePng, (e, raw): Promise<SavePngReply> | SavePngReply => {
    const win = d.trusted(e);
    return win ? d.savePng(win, raw) : { ok: false, error: 'invalid save request' };
  });
}
