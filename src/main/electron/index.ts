import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  type MenuItemConstructorOptions,
  MessageChannelMain,
  type MessagePortMain,
  session,
  shell,
} from 'electron';
import { type HostEvent, IPC, parseClientCommand, type SavePngReply } from '../../shared/api';
import { encodeSnapshot } from '../../shared/snapshot';
import { ENGINE_OPTIONS, engineOptionsFrom } from '../cli/engineOptions';
import { applyCommand, wireRecorder } from '../live/commands';
import { Recorder } from '../live/recorder';
import { StatsHost } from '../live/statsHost';
import { createDefaultSource } from '../sources/default';
import { resolveDataDir } from '../storage/dataDir';
import { SessionLibrary } from '../storage/sessionLibrary';
import { WorkerSessionReader } from '../storage/sessionReaderPool';
import { handleLibraryIpc } from './library-ipc';
import { handleSavePng } from './save-png';

// Thin adapter: the host is plain Node; this file makes the window, the menu and the transports.

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

// `npm start -- [--data-dir DIR] [--no-record] [--no-source] [engine options as for serve] [FILE...]`
// (Electron adds flags of its own, hence strict: false).
const { values: argv, positionals: filesToOpen } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: {
    'data-dir': { type: 'string' },
    'no-record': { type: 'boolean' },
    'no-source': { type: 'boolean' },
    ...ENGINE_OPTIONS,
  },
  allowPositionals: true,
  strict: false,
});

let engine: ReturnType<typeof engineOptionsFrom> = { source: {}, torrents: [] };
try {
  engine = engineOptionsFrom(argv as Parameters<typeof engineOptionsFrom>[0]);
} catch (e) {
  console.error(`tidegauge: ${(e as Error).message}`);
  process.exit(2);
}
const host = new StatsHost({ source: argv['no-source'] ? null : createDefaultSource(engine.source) });
// Session files decode in worker threads: opening a day-long session never stalls the stream.
const library = new SessionLibrary(
  resolveDataDir(typeof argv['data-dir'] === 'string' ? argv['data-dir'] : undefined),
  {
    reader: new WorkerSessionReader().warm(),
  },
);
const recorder = argv['no-record'] ? null : new Recorder(host, { dir: library.dir });
wireRecorder(host, recorder);

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const ports = new Map<number, MessagePortMain>();

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 900,
    minHeight: 600,
    title: 'Tidegauge',
    show: false,
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Nothing navigates away from the app, and nothing opens a new window; https links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex);
  return win;
}

/** Only our own page's main frame may use the bridge. */
function trusted(e: IpcMainInvokeEvent | Electron.IpcMainEvent): BrowserWindow | null {
  const win = BrowserWindow.fromWebContents(e.sender);
  if (!win || e.senderFrame !== win.webContents.mainFrame) return null;
  return e.senderFrame?.url.startsWith('file://') ? win : null;
}

/** One MessagePort per window load: snapshots out as ArrayBuffers, commands in (validated). */
function connect(win: BrowserWindow): void {
  const { port1, port2 } = new MessageChannelMain();
  const id = win.webContents.id;
  ports.get(id)?.close();
  ports.set(id, port1);
  const onSnap = (s: Parameters<typeof encodeSnapshot>[0]) => port1.postMessage(encodeSnapshot(s));
  const onStatus = (s: object) => port1.postMessage(s);
  port1.postMessage(host.hello());
  const last = host.latest();
  if (last) port1.postMessage(encodeSnapshot(last));
  host.on('snapshot', onSnap);
  host.on('status', onStatus);
  port1.on('message', (e) => {
    const parsed = parseClientCommand(e.data);
    if (!parsed.ok) {
      port1.postMessage({ type: 'error', message: parsed.error });
      return;
    }
    void applyCommand(host, recorder, parsed.command).then(
      (problem) => problem && port1.postMessage({ type: 'error', message: problem }),
      (err: Error) => port1.postMessage({ type: 'error', message: err.message }),
    );
  });
  port1.start();
  const close = () => {
    host.off('snapshot', onSnap);
    host.off('status', onStatus);
    port1.close();
    if (ports.get(id) === port1) ports.delete(id);
  };
  win.webContents.once('did-start-navigation', close);
  win.once('closed', close);
  win.webContents.postMessage(IPC.port, null, [port2]);
}

function tell(event: HostEvent): void {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (win) ports.get(win.webContents.id)?.postMessage(event);
}

/** Add files to the library (session files are copied, logs imported) and show them. */
async function openFiles(paths: readonly string[]): Promise<void> {
  const ids: string[] = [];
  for (const p of paths) {
    try {
      ids.push((await library.add(p)).summary.id);
    } catch (e) {
      dialog.showErrorBox('Cannot open file', (e as Error).message);
    }
  }
  if (ids.length) tell({ type: 'open', ids: ids.slice(0, 4) });
}

async function chooseFiles(): Promise<void> {
  const r = await dialog.showOpenDialog({
    title: 'Open sessions',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Sessions and logs', extensions: ['arrow', 'csv', 'ndjson', 'jsonl', 'json', 'log', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (!r.canceled) await openFiles(r.filePaths);
}

function buildMenu(): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Session or Log…', accelerator: 'CmdOrCtrl+O', click: () => void chooseFiles() },
        { label: 'Library', accelerator: 'CmdOrCtrl+L', click: () => tell({ type: 'menu', action: 'open-library' }) },
        { label: 'Live Session', accelerator: 'CmdOrCtrl+1', click: () => tell({ type: 'menu', action: 'open-live' }) },
        { type: 'separator' },
        {
          label: 'Export PNG Report…',
          accelerator: 'CmdOrCtrl+E',
          click: () => tell({ type: 'menu', action: 'export-report' }),
        },
        { type: 'separator' },
        {
          label: 'Record Sessions',
          type: 'checkbox',
          checked: recorder !== null,
          enabled: recorder !== null,
          click: (item) => void applyCommand(host, recorder, { type: 'setRecording', enabled: item.checked }),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        {
          label: 'Diagnostics',
          type: 'checkbox',
          checked: host.counters.diagnosticsEnabled(),
          click: (item) => host.setDiagnostics(item.checked),
        },
        { label: 'Light/Dark Theme', click: () => tell({ type: 'menu', action: 'toggle-theme' }) },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ipcMain.on(IPC.ready, (e) => {
    const win = trusted(e);
    if (win) connect(win);
  });
  ipcMain.handle(IPC.library, (e, req: unknown) =>
    trusted(e) ? handleLibraryIpc(library, recorder, req) : { ok: false, status: 403, error: 'not allowed' },
  );
  ipcMain.handle(IPC.savePng, async (e, raw: unknown): Promise<SavePngReply> => {
    const win = trusted(e);
    if (!win) return { ok: false, error: 'invalid save request' };
    return handleSavePng(raw, (options) => dialog.showSaveDialog(win, options));
  });
  Menu.setApplicationMenu(buildMenu());
  recorder?.on('error', (err) => dialog.showErrorBox('Recording stopped', err.message));
  await recorder?.start();
  await host.start();
  for (const t of engine.torrents) {
    await host.torrentControl
      ?.add(t)
      .catch((e: Error) => dialog.showErrorBox('Cannot add torrent', `${t}: ${e.message}`));
  }
  const win = createWindow();
  if (filesToOpen.length)
    win.webContents.once('did-finish-load', () => setTimeout(() => void openFiles(filesToOpen), 500));
  app.on('open-file', (e, path) => {
    e.preventDefault();
    void openFiles([path]);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) return;
  // Close the recording properly (last batch, end marker) before the process goes.
  e.preventDefault();
  quitting = true;
  void Promise.allSettled([recorder?.stop(), host.stop()]).finally(() => app.quit());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
