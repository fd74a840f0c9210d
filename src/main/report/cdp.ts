import { type ChildProcess, spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../lifetime/ownedTempDir';

/*
 * Just enough of the Chrome DevTools Protocol to draw a report: a headless Chromium started
 * with --remote-debugging-pipe (commands on fd 3, replies and events on fd 4, NUL-separated
 * JSON), one page target attached in flat mode. Loading playwright-core for this took ~0.4 s
 * of a report's ~2 s; this is a few milliseconds.
 */

export class CdpError extends Error {}

/**
 * The folder Chromium makes for its singleton socket beside ours ($TMPDIR/org.chromium.Chromium.XXXXXX,
 * named by the profile's SingletonSocket link), which a browser that was killed leaves. Given
 * only when the link points where Chromium puts it, so a sweep never follows it elsewhere.
 */
export function chromiumSocketDir(work: string): string[] {
  try {
    const socketDir = dirname(readlinkSync(join(work, 'profile', 'SingletonSocket')));
    const ok = /^\.?org\.chromium\.Chromium\.[A-Za-z0-9]{6}$/.test(basename(socketDir));
    return ok && dirname(socketDir) === dirname(work) ? [socketDir] : [];
  } catch {
    return [];
  }
}

/** A browser that has not answered its first command by then is taken as broken. */
const LAUNCH_TIMEOUT_MS = 30_000;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string };

export class CdpBrowser {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private buffer = '';
  private exited: Error | null = null;
  private readonly stderr: string[] = [];
  private readonly waiters = new Map<string, (() => void)[]>();

  private constructor(
    private readonly proc: ChildProcess,
    private readonly toBrowser: Writable,
    /** Holds the profile and the browser's own temporary files (see launch). */
    private readonly work: string,
  ) {
    // A browser that dies closes its pipes: writes then fail with EPIPE. The exit handler
    // below says why; an unhandled stream error must not take the process down first.
    toBrowser.on('error', () => {});
    (proc.stdio[4] as Readable).on('error', () => {});
    const fromBrowser = proc.stdio[4] as Readable;
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.receive(chunk));
    (proc.stderr as Readable).setEncoding('utf8');
    (proc.stderr as Readable).on('data', (s: string) => {
      // Keep the last lines: they say why a browser that died did.
      this.stderr.push(s);
      if (this.stderr.length > 20) this.stderr.shift();
    });
    proc.on('exit', (code, signal) => {
      this.exited = new CdpError(
        `the browser exited (${signal ?? `code ${code}`})${this.stderr.length ? `: ${this.stderr.join('').trim().split('\n').slice(-3).join(' / ')}` : ''}`,
      );
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
    proc.on('error', (e) => {
      this.exited = new CdpError(`the browser could not be started: ${e.message}`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Start a headless browser with a fresh profile. */
  static async launch(path: string, args: readonly string[], timeoutMs = LAUNCH_TIMEOUT_MS): Promise<CdpBrowser> {
    // A report killed with SIGKILL leaves its browser's folder: the next report removes it.
    sweepStaleDirs('chromium', tmpdir(), false, chromiumSocketDir);
    const work = makeOwnedDir('chromium');
    const profile = join(work, 'profile');
    const proc = spawn(
      path,
      [
        ...args,
        '--headless',
        '--remote-debugging-pipe',
        `--user-data-dir=${profile}`,
        '--hide-scrollbars',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const b = new CdpBrowser(proc, proc.stdio[3] as Writable, work);
    // The first reply proves the pipe works; a binary that never answers is not a browser.
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        b.send('Browser.getVersion'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new CdpError(`${path} did not answer on the DevTools pipe within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (e) {
      await b.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return b;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      end = this.buffer.indexOf('\0');
      let msg: { id?: number; method?: string; sessionId?: string; result?: unknown; error?: { message: string } };
      try {
        msg = JSON.parse(text);
      } catch {
        continue;
      }
      if (msg.id === undefined) {
        // An event: wake whoever waits for it.
        const key = `${msg.sessionId ?? ''}|${msg.method}`;
        const w = this.waiters.get(key);
        if (w) {
          this.waiters.delete(key);
          for (const f of w) f();
        }
        continue;
      }
      const p = this.pending.get(msg.id);
      if (!p) continue;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new CdpError(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    }
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Resolves at the next event `method` (of a page's session), rejects when the browser exits or after `ms`. */
  waitFor(method: string, sessionId: string | undefined, ms: number): Promise<void> {
    if (this.exited) return Promise.reject(this.exited);
    const p = new Promise<void>((resolve, reject) => {
      const key = `${sessionId ?? ''}|${method}`;
      const done = () => {
        clearTimeout(timer);
        this.proc.off('exit', onExit);
        const list = this.waiters.get(key);
        if (list) {
          const rest = list.filter((f) => f !== wake);
          if (rest.length) this.waiters.set(key, rest);
          else this.waiters.delete(key);
        }
      };
      const wake = () => {
        done();
        resolve();
      };
      const onExit = () => {
        done();
        reject(this.exited ?? new CdpError('the browser exited'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new CdpError(`no ${method} within ${Math.round(ms / 1000)} s`));
      }, ms);
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), wake]);
      this.proc.once('exit', onExit);
    });
    // A caller that gives up first (its navigation failed) must not leave an unhandled rejection.
    p.catch(() => {});
    return p;
  }

  /** A new page target, attached: commands with its session id go to that page. */
  async newPage(): Promise<CdpPage> {
    // The tab the browser opened at start (about:blank) when there is one: a second renderer
    // process costs a browser that is still starting up.
    const { targetInfos } = await this.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
    const first = targetInfos.find((t) => t.type === 'page');
    const targetId =
      first?.targetId ??
      (await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })).targetId;
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    return new CdpPage(this, sessionId);
  }

  async version(): Promise<string> {
    const v = await this.send<{ product: string }>('Browser.getVersion');
    return v.product.replace(/^(Headless)?Chrome\//, '');
  }

  /** Close the browser (politely, then by force) and delete its profile. */
  async close(): Promise<void> {
    if (!this.exited && this.proc.exitCode === null && this.proc.signalCode === null) {
      const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
      this.send('Browser.close').catch(() => {});
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
    removeOwnedDir(this.work);
  }
}

export class CdpPage {
  constructor(
    private readonly browser: CdpBrowser,
    readonly sessionId: string,
  ) {}

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** Navigate and wait for the load event. */
  async goto(url: string, timeoutMs: number): Promise<void> {
    await this.send('Page.enable');
    const loaded = this.browser.waitFor('Page.loadEventFired', this.sessionId, timeoutMs);
    const r = await this.send<{ errorText?: string }>('Page.navigate', { url });
    if (r.errorText) throw new CdpError(`${url}: ${r.errorText}`);
    await loaded;
  }

  /**
   * Evaluate an expression in the page (awaiting a promise it returns); its value, or throws
   * the page's error. An evaluation caught by a navigation (its document replaced) is retried
   * in the new document, twice at most.
   */
  async evaluate<T>(expression: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.evaluateOnce<T>(expression);
      } catch (e) {
        if (
          attempt >= 2 ||
          !/context was destroyed|navigated or closed|Cannot find context/i.test((e as Error).message)
        )
          throw e;
      }
    }
  }

  private async evaluateOnce<T>(expression: string): Promise<T> {
    const r = await this.send<{
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails)
      throw new CdpError(r.exceptionDetails.exception?.description?.split('\n')[0] ?? r.exceptionDetails.text);
    return r.result.value as T;
  }
}
