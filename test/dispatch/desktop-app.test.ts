import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDesktopArgs } from '../../src/main/electron/args';
import { createDesktopApp, type DesktopApp } from '../../src/main/electron/desktopApp';
import { devServerOrigin, trustedSender } from '../../src/main/electron/window';
import { EngineOptionError } from '../../src/main/sources/engine/options';
import { inThreadReader } from '../../src/main/storage/sessionReader';
import { IPC } from '../../src/shared/api';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { electronStandIn, FakeFrame, type FakePort, FakeWindow } from './electron-stand-in';

/*
 * The desktop entry without Electron's binary: createDesktopApp with stand-ins for Electron's
 * modules (electron-stand-in.ts). What is checked is ours: the arguments, the wiring of host,
 * library and recorder, the window's security, the bridge's gatekeeping and the live port.
 */

const apps: DesktopApp[] = [];
afterEach(async () => {
  // The app's one way out (it also removes the signal handlers it installed in this process).
  for (const a of apps.splice(0)) await a.stop();
  cleanTempDirs();
});

function make(argv: string[], opts: { env?: Record<string, string>; isPackaged?: boolean } = {}) {
  const standIn = electronStandIn({ isPackaged: opts.isPackaged });
  const app = createDesktopApp({
    electron: standIn.electron,
    argv: ['electron', '.', ...argv],
    env: opts.env ?? {},
    outDir: '/app/out',
    reader: inThreadReader,
  });
  apps.push(app);
  return { ...standIn, electronApp: standIn.app, app };
}

describe('desktop arguments', () => {
  it('reads the data folder, recording, source and engine flags, and the files to open', () => {
    expect(parseDesktopArgs(['electron', '.', '--data-dir', '/d', '--no-record', 'a.arrow'], false)).toEqual({
      dataDir: '/d',
      record: false,
      engine: {},
      torrents: [],
      files: ['a.arrow'],
    });
    // Packaged, argv[1] is already the first argument; Electron's own flags are let through.
    const packaged = parseDesktopArgs(['Tidegauge', '--no-source', '--enable-logging', '--seeders', '4'], true);
    expect(packaged).toMatchObject({ engine: null, files: [] });
    expect(parseDesktopArgs(['e', '.', '--seeders', '4', '--torrent', 'magnet:?xt=1'], false)).toMatchObject({
      engine: { seeders: 4 },
      torrents: ['magnet:?xt=1'],
    });
  });

  it('names a bad engine flag', () => {
    expect(() => parseDesktopArgs(['e', '.', '--seeders', '99'], false)).toThrow(
      new EngineOptionError('--seeders must be a whole number from 1 to 16, got "99"'),
    );
    expect(() => parseDesktopArgs(['e', '.', '--seeders'], false)).toThrow('--seeders needs a value');
  });
});

describe('createDesktopApp', () => {
  it('wires host, library and recorder from the arguments', () => {
    const dir = tempDir();
    const { app } = make(['--no-source', '--data-dir', dir]);
    expect(app.host.sourceInfo).toBeNull();
    expect(app.library.dir).toBe(join(dir, 'sessions'));
    expect(app.recorder).not.toBeNull();
    expect(app.host.state().recording).toMatchObject({ available: true, enabled: false });
    const off = make(['--no-source', '--data-dir', dir, '--no-record']).app;
    expect(off.recorder).toBeNull();
    expect(off.host.state().recording.available).toBe(false);
  });

  it('opens an isolated, sandboxed window without Node, loads the built page, and denies navigation', async () => {
    const { app, opened, csp } = make(['--no-source', '--data-dir', tempDir(), '--no-record']);
    await app.start();
    const win = FakeWindow.all[0] as FakeWindow;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.loaded).toEqual({ file: '/app/out/renderer/index.html' });
    expect(csp[0]).toContain("script-src 'self';");
    expect(csp[0]).not.toMatch(/script-src[^;]*unsafe-inline/);

    let prevented = false;
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.webContents.openHandler?.({ url: 'https://example.org/docs' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/docs']);
  });

  it('gives our page its live port on ready: hello first, then commands in and refusals out', async () => {
    const { app, ipcMain, ports } = make(['--no-source', '--data-dir', tempDir(), '--no-record']);
    await app.start();
    const win = FakeWindow.all[0] as FakeWindow;
    ipcMain.send(IPC.ready, { sender: win.webContents, senderFrame: win.webContents.mainFrame });
    expect(win.webContents.posted.map((p) => p.channel)).toEqual([IPC.port]);
    const port = ports[0] as FakePort;
    expect(port.started).toBe(true);
    const types = () => port.sent.map((m) => (m instanceof ArrayBuffer ? 'snapshot' : (m as { type: string }).type));
    expect(types().slice(0, 2)).toEqual(['hello', 'snapshot']);
    port.deliver({ type: 'setDiagnostics', enabled: true });
    await expect.poll(() => app.host.counters.diagnosticsEnabled()).toBe(true);
    port.deliver({ type: 'setRecording', enabled: true });
    await expect
      .poll(() => port.sent.find((m) => (m as { type?: string }).type === 'error'))
      .toEqual({ type: 'error', message: 'this host has no data folder to record into' });
    // A new load of the page gets a new port; the old one lets go of the host.
    win.webContents.emit('did-start-navigation');
    expect(port.closed).toBe(true);
    const before = port.sent.length;
    app.host.sample();
    expect(port.sent.length).toBe(before);
    // Someone else's frame gets no port at all.
    ipcMain.send(IPC.ready, { sender: win.webContents, senderFrame: new FakeFrame('file:///x.html') });
    expect(ports).toHaveLength(1);
  });

  it('lets only our own main frame use the bridge', async () => {
    const { app, ipcMain } = make(['--no-source', '--data-dir', tempDir(), '--no-record']);
    await app.start();
    const win = FakeWindow.all[0] as FakeWindow;
    const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const sub = { sender: win.webContents, senderFrame: new FakeFrame('file:///app/out/renderer/index.html') };
    const web = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await ipcMain.invoke(IPC.library, own, { op: 'list' })).toMatchObject({ ok: true, value: { sessions: [] } });
    expect(await ipcMain.invoke(IPC.library, sub, { op: 'list' })).toEqual({
      ok: false,
      status: 403,
      error: 'not allowed',
    });
    expect(await ipcMain.invoke(IPC.savePng, sub, {})).toEqual({ ok: false, error: 'invalid save request' });
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await ipcMain.invoke(IPC.library, web, { op: 'list' })).toMatchObject({ ok: false, status: 403 });
  });

  it('loads the dev server and trusts its origin only while developing', async () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    const dev = make(['--no-source', '--data-dir', tempDir(), '--no-record'], { env });
    expect(dev.app.devOrigin).toBe('http://localhost:5173');
    await dev.app.start();
    const win = FakeWindow.all[0] as FakeWindow;
    expect(win.loaded).toEqual({ url: 'http://localhost:5173/' });
    expect(dev.csp[0]).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
    expect(dev.csp[0]).toContain('ws://localhost:5173');
    win.webContents.mainFrame.url = 'http://localhost:5173/';
    const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await dev.ipcMain.invoke(IPC.library, own, { op: 'list' })).toMatchObject({ ok: true });

    // Packaged, or without the variable, or pointing elsewhere: no dev server.
    expect(devServerOrigin(env, true)).toBeNull();
    expect(devServerOrigin({}, false)).toBeNull();
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'http://evil.example:5173' }, false)).toBeNull();
    const w = { webContents: { mainFrame: new FakeFrame('http://localhost:5173/') } };
    const e = { sender: 1, senderFrame: w.webContents.mainFrame };
    expect(trustedSender(e, () => w, null)).toBeNull();
    expect(trustedSender(e, () => w, 'http://localhost:5173')).toBe(w);
    expect(
      trustedSender({ ...e, senderFrame: new FakeFrame('http://localhost:5174/') }, () => w, 'http://localhost:5173'),
    ).toBeNull();
  });

  it('closes the recording and the host before quitting, then exits 0', async () => {
    const { app, electronApp } = make(['--no-source', '--data-dir', tempDir()]);
    await app.start();
    expect(await app.dispatcher.command({ type: 'setRecording', enabled: true })).toEqual({ ok: true });
    let prevented = false;
    electronApp.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await expect.poll(() => electronApp.exits).toEqual([0]);
    expect(app.recorder?.enabled).toBe(false);
    // Another quit while (or after) shutting down takes the same path: nothing runs twice.
    electronApp.emit('before-quit', { preventDefault: () => {} });
    expect(await app.stop()).toBe(0);
    expect(electronApp.exits).toEqual([0]);
  });

  it('SIGTERM takes the same path as a quit: recording closed, signal handlers removed, exit 0', async () => {
    const { app, electronApp } = make(['--no-source', '--data-dir', tempDir()]);
    const before = process.listenerCount('SIGTERM');
    await app.start();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(await app.dispatcher.command({ type: 'setRecording', enabled: true })).toEqual({ ok: true });
    // The handler the app installed, called as the signal would (a real SIGTERM would also
    // reach vitest's own handlers).
    const handler = process.listeners('SIGTERM').at(-1) as (s: NodeJS.Signals) => void;
    handler('SIGTERM');
    await expect.poll(() => electronApp.exits).toEqual([0]);
    expect(app.recorder?.enabled).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('a data folder that cannot hold sessions fails start with a message naming it', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const { app } = make(['--no-source', '--data-dir', file]);
    await expect(app.start()).rejects.toThrow(
      `cannot keep sessions in ${join(file, 'sessions')} (a file is in the way)`,
    );
  });
});
