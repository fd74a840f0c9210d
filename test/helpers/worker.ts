import { Worker } from 'node:worker_threads';

/** Run a TypeScript worker file (tests only: tsx compiles it in the worker). */
export function tsWorker(file: URL, workerData: unknown): Worker {
  return new Worker(new URL('../../src/main/workers/tsWorkerBoot.mjs', import.meta.url), {
    workerData,
    argv: [file.href],
  });
}

export function once<T>(w: Worker, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { type: string } & T) => {
      if (m.type === type) {
        w.off('message', onMsg);
        resolve(m);
      }
    };
    w.on('message', onMsg);
    w.once('error', reject);
  });
}
