import type { z } from 'zod';
import type { Endpoint } from './endpoint';
import { describeIssue } from './protocol';

/*
 * Request/reply over a worker's or child process's message channel. Every message from the worker is validated;
 * messages carrying `req` answer a pending request, the rest go to `onEvent`. A worker that
 * dies fails every pending request with a message naming it, instead of leaving it hanging.
 */

type Reply = { type: string; req?: number; message?: string };

export class WorkerLink<Ev extends Reply> {
  private nextReq = 1;
  private readonly pending = new Map<
    number,
    { resolve: (ev: Ev) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
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
  ) {
    end.onMessage((raw: unknown) => {
      const r = schema.safeParse(raw);
      if (!r.success) {
        onFailure(new Error(`${name} sent an invalid message: ${describeIssue(r.error)}`));
        return;
      }
      this.dispatch(r.data);
    });
    end.onError((e: Error) => this.fail(new Error(`${name} crashed: ${e.message}`)));
    end.onExit((code: number) => this.fail(new Error(`${name} exited (code ${code})`), code === 0));
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
      this.pending.delete(ev.req);
      clearTimeout(p.timer);
      if (ev.type === 'reply-error') p.reject(new Error(ev.message ?? 'request failed'));
      else p.resolve(ev);
      return;
    }
    this.onEvent(ev);
  }

  private fail(err: Error, quiet = false): void {
    if (this.dead) return;
    this.dead = err;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
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

  /** Send a command numbered with a fresh `req` and wait for its reply. */
  request(build: (req: number) => object, timeoutMs = 30_000): Promise<Ev> {
    if (this.dead) return Promise.reject(this.dead);
    const req = this.nextReq++;
    return new Promise<Ev>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(req);
        reject(new Error(`${this.name} did not answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
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
    this.fail(new Error(`${this.name} was stopped`), true);
    await this.end.terminate();
  }
}
