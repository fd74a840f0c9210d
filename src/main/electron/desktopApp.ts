import { join } from 'node:path';
import type * as ElectronModule from 'electron';
import type { BrowserWindow, MessagePortMain } from 'electron';
import { type HostEvent, IPC } from '../../shared/api';
import { contentSecurityPolicy } from '../csp';
import { createDispatcher, type Dispatcher } from '../dispatch/Dispatcher';
import type { LiveClient } from '../dispatch/LiveClient';
import { addHostSteps } from '../lifetime/hostShutdown';
import { Shutdown } from '../lifetime/shutdown';
import { wireRecorder } from '../live/commands';
import { Recorder } from '../live/recorder';
import { StatsHost } from '../live/statsHost';
import { createDefaultSource } from '../sources/default';
import { SavedConnections } from '../sources/savedConnections';
import { prepareDataDir, resolveDataDir } from '../storage/dataDir';
import { WorkerSessionImporter } from '../storage/sessionImporter';
import { SessionLibrary } from '../storage/sessionLibrary';
import type { SessionReader } from '../storage/sessionReader';
import { WorkerSessionReader } from '../storage/sessionReaderPool';
import { type DesktopArgs, parseDesktopArgs } from './args';
import { registerIpc } from './ipc';
import { attachPort } from './livePort';
import { menuTemplate } from './menu';
import { handleSavePng } from './save-png';
import { devServerOrigin, guardContents, rendererPage, trustedSender, windowOptions } from './window';

/*
 * The desktop app as a value: the host, library and recorder are made when it is created, and
 * Electron is set up when it starts. Electron's modules come in as an option, so everything
 * here runs under plain Node with stand-ins (the binary cannot be downloaded everywhere).
 */

export type DesktopElectron = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'MessageChannelMain' | 'session' | 'shell'
> &
  Partial<Pick<typeof ElectronModule, 'safeStorage'>>;

export interface DesktopAppOptions {
  readonly electron: DesktopElectron;
  /** process.argv (see parseDesktopArgs). */
  readonly argv: readonly string[];
  /** process.env: ELECTRON_RENDERER_URL under `npm run dev`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The build's out/ folder, holding preload/ and renderer/. */
  readonly outDir: string;
  /** How session files are decoded (default: worker threads, so opening one never stalls the stream). */
  readonly reader?: SessionReader;
}

export interface DesktopApp {
  readonly args: DesktopArgs;
  readonly host: StatsHost;
  readonly library: SessionLibrary;
  readonly recorder: Recorder | null;
  readonly dispatcher: Dispatcher;
  /** electron-vite's dev server while developing, else null (the built renderer loads from disk). */
  readonly devOrigin: string | null;
  /** Set Electron up, start recording and the source, and open the window. */
  start(): Promise<void>;
  /**
   * Close everything (recording, ports, source, workers) and exit: what a quit, SIGINT or
   * SIGTERM does (src/main/lifetime/). Resolves with the exit code.
   */
  stop(code?: number): Promise<number>;
}

/** Throws an EngineOptionError for a bad engine flag (the entry prints it and exits 2). */
export function createDesktopApp(options: DesktopAppOptions): DesktopApp {
  const { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, session, shell } = options.electron;
  const args = parseDesktopArgs(options.argv, app.isPackaged);
  const devOrigin = devServerOrigin(options.env ?? {}, app.isPackaged);
  // A --source address is connected in start(); until then the host has none.
  const host = new StatsHost({ source: args.engine && !args.source ? createDefaultSource(args.engine) : null });
  const reader = options.reader ?? new WorkerSessionReader().warm();
  const importer = new WorkerSessionImporter();
  const dataDir = resolveDataDir(args.dataDir);
  const library = new SessionLibrary(dataDir, { reader, importer });
  const recorder = args.record ? new Recorder(host, { dir: library.dir }) : null;
  wireRecorder(host, recorder);
  // Saved connections' credentials sealed by the OS keychain (safeStorage works once the app is
  // ready, which is before any connection is saved); where it has none, the 0600 file alone.
  const safe = options.electron.safeStorage;
  const PLAIN = 'plain:';
  const codec = safe
    ? {
        seal: (t: string) => (safe.isEncryptionAvailable() ? safe.encryptString(t) : Buffer.from(PLAIN + t)),
        open: (b: Buffer) =>
          b.subarray(0, PLAIN.length).toString() === PLAIN
            ? b.subarray(PLAIN.length).toString('utf8')
            : safe.decryptString(b),
      }
    : undefined;
  const saved = new SavedConnections(join(dataDir, 'connections.sealed'), codec);
  const context = { engine: args.engine ?? undefined };
  const dispatcher = createDispatcher({ host, library, recorder, sources: { context, saved } });
  const clients = new Map<number, { port: MessagePortMain; client: LiveClient }>();
  // Electron does not end by itself once all is closed: the last step is app.exit.
  const life = addHostSteps(new Shutdown('tidegauge', { finish: 'exit', exit: (code) => app.exit(code) }), {
    host: () => host,
    recorder: () => recorder,
    closeShell: () => {
      for (const { port, client } of clients.values()) {
        client.detach();
        port.close();
      }
      clients.clear();
    },
    closeWorkers: () => Promise.all([reader.close(), importer.close()]),
  });

  const trusted = (e: { sender: Electron.WebContents; senderFrame: Electron.WebFrameMain | null }) =>
    trustedSender(e, (wc) => BrowserWindow.fromWebContents(wc), devOrigin);

  /** One MessagePort per window load: snapshots out as ArrayBuffers, commands in. */
  function connect(win: BrowserWindow): void {
    const { port1, port2 } = new MessageChannelMain();
    const id = win.webContents.id;
    const old = clients.get(id);
    old?.client.detach();
    old?.port.close();
    const client = attachPort(port1, { host, dispatcher });
    clients.set(id, { port: port1, client });
    const close = () => {
      client.detach();
      port1.close();
      if (clients.get(id)?.port === port1) clients.delete(id);
    };
    win.webContents.once('did-start-navigation', close);
    win.once('closed', close);
    win.webContents.postMessage(IPC.port, null, [port2]);
  }

  function tell(event: HostEvent): void {
    const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (win) clients.get(win.webContents.id)?.client.send(event);
  }

  const command = (raw: unknown) =>
    void dispatcher.command(raw).then((a) => {
      if (!a.ok) dialog.showErrorBox('Tidegauge', a.error);
    });

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

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow(windowOptions(join(options.outDir, 'preload', 'index.cjs')));
    win.once('ready-to-show', () => win.show());
    guardContents(win.webContents, (url) => shell.openExternal(url));
    const page = rendererPage(options.outDir, devOrigin);
    void ('url' in page ? win.loadURL(page.url) : win.loadFile(page.file));
    return win;
  }

  async function start(): Promise<void> {
    // A folder that cannot hold sessions is said at once, not when the first file would open.
    if (recorder) prepareDataDir(library.dataDir);
    app.enableSandbox();
    app.on('web-contents-created', (_e, contents) => {
      contents.on('will-attach-webview', (e) => e.preventDefault());
    });
    // A quit (menu, last window, the OS) and SIGINT/SIGTERM all take the one shutdown path:
    // the recording closed properly (last batch, end marker) before the process goes.
    app.on('before-quit', (e) => {
      e.preventDefault();
      void life.stop(0);
    });
    life.trap();
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    await app.whenReady();
    const csp = contentSecurityPolicy({ devServer: devOrigin ?? undefined });
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    registerIpc(ipcMain, {
      dispatcher,
      trusted,
      connect,
      savePng: (win, raw) => handleSavePng(raw, (o) => dialog.showSaveDialog(win, o)),
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          mac: process.platform === 'darwin',
          packaged: app.isPackaged,
          canRecord: recorder !== null,
          diagnostics: host.counters.diagnosticsEnabled(),
          chooseFiles: () => void chooseFiles(),
          tell: (action) => tell({ type: 'menu', action }),
          setRecording: (enabled) => command({ type: 'setRecording', enabled }),
          setDiagnostics: (enabled) => command({ type: 'setDiagnostics', enabled }),
        }),
      ),
    );
    recorder?.on('error', (err) => dialog.showErrorBox('Recording stopped', err.message));
    await recorder?.start();
    await host.start();
    if (args.source) {
      const answer = await dispatcher.command({ type: 'setSource', address: args.source });
      if (!answer.ok) console.error(`tidegauge: --source: ${answer.error}`);
    }
    for (const t of args.torrents) {
      await host.torrentControl
        ?.add(t)
        .catch((e: Error) => dialog.showErrorBox('Cannot add torrent', `${t}: ${e.message}`));
    }
    const win = createWindow();
    if (args.files.length)
      win.webContents.once('did-finish-load', () => setTimeout(() => void openFiles(args.files), 500));
    app.on('open-file', (e, path) => {
      e.preventDefault();
      void openFiles([path]);
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  }

  return { args, host, library, recorder, dispatcher, devOrigin, start, stop: (code = 0) => life.stop(code) };
}
