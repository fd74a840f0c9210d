import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';

/** One end of a message channel to a worker thread or a child process. */
export interface Endpoint {
  post(msg: object): void;
  onMessage(fn: (raw: unknown) => void): void;
  onError(fn: (e: Error) => void): void;
  onExit(fn: (code: number) => void): void;
  terminate(): Promise<void>;
  /** Whether the other end keeps this process alive (where the channel can say). */
  keepAlive?(on: boolean): void;
}

export function workerEndpoint(w: Worker): Endpoint {
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (fn) => w.on('message', fn),
    onError: (fn) => w.on('error', fn),
    onExit: (fn) => w.on('exit', fn),
    terminate: async () => {
      await w.terminate();
    },
    keepAlive: (on) => (on ? w.ref() : w.unref()),
  };
}

export function processEndpoint(cp: ChildProcess): Endpoint {
  const exited = new Promise<void>((resolve) => cp.once('exit', () => resolve()));
  return {
    post: (msg) => {
      if (cp.connected) cp.send(msg);
    },
    onMessage: (fn) => cp.on('message', fn),
    onError: (fn) => cp.on('error', fn),
    onExit: (fn) => cp.on('exit', (code) => fn(code ?? 1)),
    terminate: async () => {
      if (cp.exitCode === null && cp.signalCode === null) cp.kill();
      await exited;
    },
  };
}
