import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, safeStorage, session, shell } from 'electron';
import { EngineOptionError } from '../sources/engine/options';
import { createDesktopApp, type DesktopApp } from './desktopApp';

// The desktop entry: Electron's modules in, the app (src/main/electron/desktopApp.ts) out.
// `npm start -- [--data-dir DIR] [--no-record] [--no-source | --source ADDR] [engine options as for serve] [FILE...]`

let desktop: DesktopApp;
try {
  desktop = createDesktopApp({
    electron: { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, safeStorage, session, shell },
    argv: process.argv,
    env: process.env,
    outDir: join(import.meta.dirname, '..'),
  });
} catch (e) {
  console.error(`tidegauge: ${(e as Error).message}`);
  process.exit(e instanceof EngineOptionError ? 2 : 1);
}
desktop.start().catch((e: Error) => {
  dialog.showErrorBox('Tidegauge cannot start', e.message);
  // What did start is closed the same way as on a quit, then the app exits 1.
  void desktop.stop(1);
});
