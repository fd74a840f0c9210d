import { type ChildProcess, type ForkOptions, fork } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { builtMainFile, projectRoot, RUNNING_FROM_SOURCE } from '../paths';

/*
 * Our worker threads and child processes start from the built out/main/<name>.js, or, when
 * running from sources (vitest, tsx), from the TypeScript file through tsx. `sourcePath` is
 * the entry's path under the project root, e.g. 'src/main/sources/engine/worker.ts'.
 */

/** Start one of our worker threads by entry name. */
export function startWorker(name: string, sourcePath: string, options: WorkerOptions = {}): Worker {
  if (RUNNING_FROM_SOURCE) {
    const boot = join(projectRoot(), 'src', 'main', 'workers', 'tsWorkerBoot.mjs');
    const target = pathToFileURL(join(projectRoot(), sourcePath)).href;
    return new Worker(boot, { ...options, argv: [...(options.argv ?? []), target] });
  }
  return new Worker(builtMainFile(name), options);
}

/**
 * Start one of our child processes by entry name. 'advanced' serialization (the default here)
 * keeps typed arrays intact across the channel.
 */
export function startProcess(name: string, sourcePath: string, options: ForkOptions = {}): ChildProcess {
  const o: ForkOptions = { serialization: 'advanced', stdio: 'inherit', ...options };
  if (RUNNING_FROM_SOURCE)
    return fork(join(projectRoot(), sourcePath), [], { ...o, execArgv: [...(o.execArgv ?? []), '--import', 'tsx'] });
  return fork(builtMainFile(name), [], o);
}
