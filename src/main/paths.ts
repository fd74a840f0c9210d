import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder holding package.json above this file (src/main or out/main). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error(`cannot find the Tidegauge folder above ${fileURLToPath(import.meta.url)}`);
}

/** True when running from TypeScript sources (tests, tsx) rather than the build in out/. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A built entry of out/main, e.g. builtMainFile('engine-worker'). */
export function builtMainFile(name: string): string {
  return join(projectRoot(), 'out', 'main', `${name}.js`);
}

export function rendererDir(): string {
  return join(projectRoot(), 'out', 'renderer');
}
