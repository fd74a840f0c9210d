import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, MessageChannelMain, session, shell } from 'electron';
import { IPC, parseClientCommand } from '../../shared/api';
import { encodeSnapshot } from '../../shared/snapshot';
import { StatsHost } from '../host/StatsHost';
import { createDefaultSource } from '../sources/default';

// Thin adapter: the host is plain Node; this file only makes the window and the transport.

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

const host = new StatsHost({ source: createDefaultSource() });

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
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
  // Nothing navigates away from the app, and nothing opens a new window; links go to the system browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return win;
}

/** One MessagePort per window load: snapshots out as ArrayBuffers, commands in (validated). */
function connect(win: BrowserWindow): void {
  const { port1, port2 } = new MessageChannelMain();
  const onSnap = (s: Parameters<typeof encodeSnapshot>[0]) => port1.postMessage(encodeSnapshot(s));
  const onStatus = (s: object) => port1.postMessage(s);
  port1.postMessage(host.hello());
  host.on('snapshot', onSnap);
  host.on('status', onStatus);
  port1.on('message', (e) => {
    const parsed = parseClientCommand(e.data);
    if (!parsed.ok) {
      port1.postMessage({ type: 'error', message: parsed.error });
      return;
    }
    const cmd = parsed.command;
    if (cmd.type === 'setDiagnostics') host.setDiagnostics(cmd.enabled);
    else host.setIntervalMs(cmd.ms);
  });
  port1.start();
  const close = () => {
    host.off('snapshot', onSnap);
    host.off('status', onStatus);
    port1.close();
  };
  win.webContents.once('did-start-navigation', close);
  win.once('closed', close);
  win.webContents.postMessage(IPC.port, null, [port2]);
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
  await host.start();
  ipcMain.on(IPC.ready, (e) => {
    const win = BrowserWindow.fromWebContents(e.sender);
    if (win && e.senderFrame === win.webContents.mainFrame) connect(win);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  void host.stop().finally(() => app.quit());
});
