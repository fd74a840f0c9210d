import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { builtMainFile, projectRoot, RUNNING_FROM_SOURCE } from '../../paths';

/** One end of a message channel to a worker thread or a child process. */
export interface Endpoint {
  post(msg: object): void;
  onMessage(fn: (raw: unknown) => void): void;
  onError(fn: (e: Error) => void): void;
  onExit(fn: (code: number) => void): void;
  terminate(): Promise<void>;
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

/**
 * Start a loopback swarm member process: the built out/main/engine-peer.js, or the TypeScript
 * source through tsx when running from sources (tests, tsx). 'advanced' serialization keeps
 * typed arrays intact across the channel.
 */
export function startPeerProcess(): ChildProcess {
  if (RUNNING_FROM_SOURCE) {
    const file = join(projectRoot(), 'src', 'main', 'sources', 'engine', 'peer-process.ts');
    return fork(file, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
  }
  return fork(builtMainFile('engine-peer'), [], { serialization: 'advanced', stdio: 'inherit' });
}
