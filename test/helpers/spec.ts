import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/spec beside the checkout (CI clones main with shared/ next to it). */
export function specDir(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const candidates = [process.env.TIDEGAUGE_SPEC_DIR, join(root, '../shared/spec'), join(root, 'spec')];
  for (const c of candidates) if (c && existsSync(join(c, 'metrics.tsv'))) return c;
  throw new Error(`metrics.tsv not found; looked in ${candidates.filter(Boolean).join(', ')}`);
}
