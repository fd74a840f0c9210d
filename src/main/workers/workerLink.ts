import type { z } from 'zod';
import { describeIssues } from '../../shared/session/meta';
import type { Endpoint } from './endpoint';

/*
 * Request/reply over a worker's or child process's message channel: the engine worker, the
 * loopback swarm's member processes and the session-reader pool all talk through this. Every
 * message from the other end is validated; messages carrying `req` answer a pending request,
 * the rest go to `onEvent`. A reply that does not validate fails its request with a message
 * naming the worker; a worker that dies fails every pending request the same way, instead of
 * leaving it hanging.
 */

type Reply = { type: string; req?: number; message?: string };

export interface WorkerLinkOptions<Ev> {
  /** The error a 'reply-error' reply fails its request with (default: Error(message)). */
  readonly errorOf?: (ev: Ev) => Error;
  /**
   * Keep the process alive only while a request is pending (the endpoint must be able to say):
   * an idle pool never holds a finished CLI command open, a busy one is not cut off.
   */
  readonly holdWhileBusy?: boolean;
}

interface Pending<Ev> {
  resolve: (ev: Ev) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

export class WorkerLink<Ev extends Reply> {
  private nextReq = 1;
  private readonly pending = new Map<number, Pending<Ev>>();
  private readonly waiters = new Set<{
    match: (ev: Ev) => boolean;
    resolve: (ev: Ev) => void;
    reject: (e: Error) => void;
  }>();
  private dead: Error | null = null;

  constructor(
    private readonly end: Endpoint,
    private readonly name: string,
    schema: z.ZodType<Ev>,
    private readonly onEvent: (ev: Ev) => void,
    private readonly onFailure: (err: Error) => void,
    private readonly options: WorkerLinkOptions<Ev> = {},
  ) {
    end.onMessage((raw: unknown) => {
      const r = schema.safeParse(raw);
      if (r.success) return this.dispatch(r.data);
      const req = (raw as { req?: unknown } | null)?.req;
      const p = typeof req === 'number' ? this.pending.get(req) : undefined;
      const why = describeIssues(r.error, 'message');
      if (p) this.settle(req as number, () => p.reject(new Error(`${name} sent an invalid reply: ${why}`)));
      else onFailure(new Error(`${name} sent an invalid message: ${why}`));
    });
    end.onError((e: Error) => this.fail(new Error(`${name} crashed: ${e.message}`)));
    end.onExit((code: number) => this.fail(new Error(`${name} exited (code ${code})`), code === 0));
    // Listeners are in place: from here on only pending requests hold the process.
    if (options.holdWhileBusy) end.keepAlive?.(false);
  }

  /** Requests sent and not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  private dispatch(ev: Ev): void {
    for (const w of this.waiters) {
      if (w.match(ev)) {
        this.waiters.delete(w);
        w.resolve(ev);
      }
    }
    if (typeof ev.req === 'number') {
      const p = this.pending.get(ev.req);
      if (!p) return;
      if (ev.type !== 'reply-error') this.settle(ev.req, () => p.resolve(ev));
      else {
        const err = this.options.errorOf?.(ev) ?? new Error(ev.message ?? 'request failed');
        this.settle(ev.req, () => p.reject(err));
      }
      return;
    }
    this.onEvent(ev);
  }

  private settle(req: number, done: () => void): void {
    const p = this.pending.get(req);
    if (!p) return;
    this.pending.delete(req);
    if (p.timer) clearTimeout(p.timer);
    if (this.options.holdWhileBusy && this.pending.size === 0 && !this.dead) this.end.keepAlive?.(false);
    done();
  }

  private fail(err: Error, quiet = false): void {
    if (this.dead) return;
    this.dead = err;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    for (const w of this.waiters) w.reject(err);
    this.waiters.clear();
    if (!quiet) this.onFailure(err);
  }

  get alive(): boolean {
    return this.dead === null;
  }

  send(msg: object): void {
    if (this.dead) throw this.dead;
    this.end.post(msg);
  }

  /**
   * Send a command numbered with a fresh `req` and wait for its reply (null timeout: as long
   * as the worker lives; a decode of a large file has no natural bound).
   */
  request(build: (req: number) => object, timeoutMs: number | null = 30_000): Promise<Ev> {
    if (this.dead) return Promise.reject(this.dead);
    const req = this.nextReq++;
    return new Promise<Ev>((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.settle(req, () =>
                reject(new Error(`${this.name} did not answer within ${Math.round(timeoutMs / 1000)} s`)),
              );
            }, timeoutMs);
      if (this.options.holdWhileBusy && this.pending.size === 0) this.end.keepAlive?.(true);
      this.pending.set(req, { resolve, reject, timer });
      this.end.post(build(req));
    });
  }

  /** Wait for the next message that `match`es (events and replies alike). */
  waitFor(match: (ev: Ev) => boolean, timeoutMs: number): Promise<Ev> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<Ev>((resolve, reject) => {
      const w = {
        match,
        resolve: (ev: Ev) => {
          clearTimeout(timer);
          resolve(ev);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`${this.name}: timed out after ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Ask the worker to stop (it answers 'stopped'), then end the thread whatever happens. */
  async close(stopMsg: object, timeoutMs = 5_000): Promise<void> {
    if (this.alive) {
      try {
        const stopped = this.waitFor((ev) => ev.type === 'stopped', timeoutMs);
        this.send(stopMsg);
        await stopped;
      } catch {
        // A worker that does not stop in time is ended below.
      }
    }
    await this.terminate(new Error(`${this.name} was stopped`));
  }

  /** End the worker now: pending requests fail with `reason`. */
  async terminate(reason: Error): Promise<void> {
    this.fail(reason, true);
    await this.end.terminate();
  }
}
