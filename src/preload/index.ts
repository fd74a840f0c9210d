import { contextBridge, ipcRenderer } from 'electron';
import { type ClientCommand, type HostEvent, IPC, type SavePngReply } from '../shared/api';
import type { LibraryOp, LibraryReply, LibraryRequestOf } from '../shared/library';

// The only bridge between the sandboxed page and the main process: one port from main for the
// live stream, and two invoke channels (library, save PNG). No Electron or Node object crosses
// into the page; main validates everything it receives. The renderer's type of the bridge is
// this object's own type (TidegaugeBridge below), as in electron-vite's templates.

/** What main posts on the port: host events as objects, snapshots as binary frames. */
export type PortMessage = HostEvent | ArrayBuffer;
type Listener = (data: PortMessage) => void;
const listeners = new Set<Listener>();
let port: Electron.IpcRendererEvent['ports'][number] | null = null;
const pending: ClientCommand[] = [];

ipcRenderer.on(IPC.port, (event) => {
  const p = event.ports[0];
  if (!p) return;
  port?.close();
  port = p;
  p.onmessage = (m: { data: PortMessage }) => {
    for (const l of listeners) l(m.data);
  };
  p.start();
  for (const c of pending.splice(0)) p.postMessage(c);
});

const api = {
  transport: 'electron' as const,
  subscribe(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    listeners.add(listener);
    if (listeners.size === 1 && !port) ipcRenderer.send(IPC.ready);
    return () => listeners.delete(listener);
  },
  send(command: ClientCommand): void {
    if (typeof command !== 'object' || command === null) throw new TypeError('command must be an object');
    if (port) port.postMessage(command);
    else pending.push(command);
  },
  /** One library request; main's dispatcher validates it and answers (see src/shared/library.ts). */
  library<K extends LibraryOp>(request: LibraryRequestOf<K>): Promise<LibraryReply<K>> {
    return ipcRenderer.invoke(IPC.library, request);
  },
  /** Save dialog + write. */
  savePng(suggestedName: string, bytes: Uint8Array): Promise<SavePngReply> {
    return ipcRenderer.invoke(IPC.savePng, { suggestedName, bytes });
  },
};

export type TidegaugeBridge = typeof api;

contextBridge.exposeInMainWorld('tidegauge', api);
