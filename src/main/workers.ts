import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { builtMainFile, projectRoot, RUNNING_FROM_SOURCE } from './paths';

/**
 * Start one of our worker threads by entry name: the built out/main/<name>.js, or, when
 * running from sources (vitest, tsx), the TypeScript file through tsx's loader.
 * `sourcePath` is the entry's path under the project root, e.g. 'src/main/sources/engine/worker.ts'.
 */
export function startWorker(name: string, sourcePath: string, options: WorkerOptions = {}): Worker {
  if (RUNNING_FROM_SOURCE) {
    const boot = join(projectRoot(), 'test', 'helpers', 'ts-worker-boot.mjs');
    const target = pathToFileURL(join(projectRoot(), sourcePath)).href;
    return new Worker(boot, { ...options, argv: [...(options.argv ?? []), target] });
  }
  return new Worker(builtMainFile(name), options);
}
