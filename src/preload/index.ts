import { contextBridge, ipcRenderer } from 'electron';
import { type ClientCommand, IPC } from '../shared/api';

// The only bridge between the sandboxed page and the main process: one port from main for the
// live stream, and two invoke channels (library, save PNG). No Electron or Node object crosses
// into the page; main validates everything it receives.

type Listener = (data: unknown) => void;
const listeners = new Set<Listener>();
let port: MessagePort | null = null;
const pending: unknown[] = [];

ipcRenderer.on(IPC.port, (event) => {
  const p = event.ports[0];
  if (!p) return;
  port?.close();
  port = p;
  p.onmessage = (m) => {
    for (const l of listeners) l(m.data);
  };
  p.start();
  for (const c of pending.splice(0)) p.postMessage(c);
});

contextBridge.exposeInMainWorld('tidegauge', {
  transport: 'electron',
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
  /** LibraryRequest -> LibraryReply (see src/shared/library.ts). */
  library(request: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC.library, request);
  },
  /** Save dialog + write; resolves {ok, path|null} or {ok:false, error}. */
  savePng(suggestedName: string, bytes: Uint8Array): Promise<unknown> {
    return ipcRenderer.invoke(IPC.savePng, { suggestedName, bytes });
  },
});
