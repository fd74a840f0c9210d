import { EventEmitter } from 'node:events';
import type { DesktopElectron } from '../../src/main/electron/desktopApp';

/*
 * The parts of Electron the desktop app touches, as plain objects that record what they were
 * asked: the binary cannot be downloaded on these machines. Only the surface desktopApp.ts uses.
 */

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  static next = 1;
  readonly id = FakeWebContents.next++;
  readonly mainFrame = new FakeFrame('file:///app/out/renderer/index.html');
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly posted: { channel: string; ports: FakePort[] }[] = [];
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
  postMessage(channel: string, _message: unknown, ports: FakePort[] = []): void {
    this.posted.push({ channel, ports });
  }
}

export class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } | null = null;
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.all.push(this);
  }
  static fromWebContents(wc: unknown): FakeWindow | null {
    return FakeWindow.all.find((w) => w.webContents === wc) ?? null;
  }
  static getFocusedWindow(): FakeWindow | null {
    return FakeWindow.all[0] ?? null;
  }
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.all;
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
  }
  show(): void {
    this.shown = true;
  }
}

/** One end of a MessageChannelMain: what main posts is kept in `sent`; `deliver` plays the page. */
export class FakePort extends EventEmitter {
  readonly sent: unknown[] = [];
  started = false;
  closed = false;
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  deliver(data: unknown): void {
    this.emit('message', { data, ports: [] });
  }
}

export class FakeIpcMain {
  readonly listeners = new Map<string, (e: unknown, ...a: unknown[]) => void>();
  readonly handlers = new Map<string, (e: unknown, ...a: unknown[]) => unknown>();
  on(channel: string, l: (e: unknown, ...a: unknown[]) => void): this {
    this.listeners.set(channel, l);
    return this;
  }
  handle(channel: string, h: (e: unknown, ...a: unknown[]) => unknown): void {
    this.handlers.set(channel, h);
  }
  /** ipcRenderer.invoke from a frame of a window. */
  invoke(channel: string, from: { sender: unknown; senderFrame: unknown }, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h(from, ...args));
  }
  send(channel: string, from: { sender: unknown; senderFrame: unknown }): void {
    this.listeners.get(channel)?.(from);
  }
}

export function electronStandIn(options: { isPackaged?: boolean } = {}) {
  FakeWindow.all = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    sandboxed: false,
    quits: 0,
    enableSandbox() {
      app.sandboxed = true;
    },
    whenReady: () => Promise.resolve(),
    /** The codes app.exit was called with. */
    exits: [] as number[],
    quit() {
      app.quits++;
    },
    exit(code = 0) {
      app.exits.push(code);
    },
  });
  const ipcMain = new FakeIpcMain();
  const errors: { title: string; message: string }[] = [];
  const opened: string[] = [];
  const csp: string[] = [];
  const ports: FakePort[] = [];
  let menu: unknown = null;
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain,
    dialog: {
      showErrorBox: (title: string, message: string) => errors.push({ title, message }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => {
        menu = m;
      },
    },
    MessageChannelMain: class {
      readonly port1 = new FakePort();
      readonly port2 = new FakePort();
      constructor() {
        ports.push(this.port1);
      }
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (
            h: (d: { responseHeaders: Record<string, string[]> }, cb: (r: Record<string, unknown>) => void) => void,
          ) =>
            h({ responseHeaders: {} }, (r) => {
              const headers = r.responseHeaders as Record<string, string[]>;
              csp.push(...(headers['Content-Security-Policy'] ?? []));
            }),
        },
        setPermissionRequestHandler: () => {},
      },
    },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  };
  return {
    electron: electron as unknown as DesktopElectron,
    app,
    ipcMain,
    errors,
    opened,
    csp,
    ports,
    menu: () => menu,
  };
}
