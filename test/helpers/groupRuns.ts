import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type KnownDownload, knownSession, START } from '../../e2e/fixtures/sessionsShell';
import { sessionsDir } from '../../src/main/storage/dataDir';
import { writeSessionFile } from '../../src/main/storage/sessionExport';

/*
 * Groups of runs with known rates (the e2e fixtures' known downloads, 1 Hz, built-in
 * registry): 4,800 KiB each, at rates that scatter by a few per cent around a nominal one, as
 * repeated runs of one setup do. Ground truth: runs of the same nominal rate are an A/A test;
 * runs at twice the rate finish in half the time.
 */

export const KiB = 1024;
export const SIZE = 4800 * KiB;

/** The scatter of repeated runs around their nominal rate (same generator for every group). */
const SCATTER = [1, 1.04, 0.96, 1.02, 0.98];

export function runsAt(prefix: string, nominal: number, n: number, seconds: number, tags?: string[]): KnownDownload[] {
  return Array.from({ length: n }, (_, k) => {
    const rate = Math.round(nominal * (SCATTER[k % SCATTER.length] as number));
    return {
      id: `${prefix}${k + 1}`,
      title: `${prefix}${k + 1} ${Math.round(nominal / KiB)} KiB/s`,
      rate,
      doneS: SIZE / rate,
      seconds,
      tags,
      settings: { downloadLimit: nominal },
    };
  });
}

/** Write the runs as session files into dataDir's sessions folder; returns their paths by id. */
export async function writeRuns(dataDir: string, runs: readonly KnownDownload[]): Promise<Map<string, string>> {
  const dir = sessionsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  for (const [k, r] of runs.entries()) {
    const file = join(dir, `${r.id}.arrow`);
    await writeSessionFile(knownSession(r, START + k * 3_600_000), file);
    files.set(r.id, file);
  }
  return files;
}
