import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from '../../../src/main/live/recorder';
import { StatsHost } from '../../../src/main/live/statsHost';
import { createSource } from '../../../src/main/sources/addresses';
import type { RemoteSource } from '../../../src/main/sources/remote/RemoteSource';
import { readSessionFile } from '../../../src/main/storage/sessionFiles';
import { metricIndex } from '../../../src/shared/registry';
import type { SessionData } from '../../../src/shared/session/data';
import type { Snapshot } from '../../../src/shared/snapshot';
import { waitFor } from './harness';

/*
 * A daemon watched the way `serve --source qbittorrent://…` watches it: an address through
 * createSource into a real StatsHost, sampled at 500 ms, with the recorder writing the session
 * into a temp folder. Tests check what Tidegauge itself puts out: the host's snapshots, its
 * state and health, and the recorded file read back with our reader.
 */

export const INTERVAL_MS = 500;

export interface Watched {
  readonly host: StatsHost;
  readonly source: RemoteSource;
  readonly recorder: Recorder;
  /** Write errors the recorder reported (none expected). */
  readonly recorderErrors: readonly string[];
  /** Every snapshot the host emitted since it started. */
  readonly snaps: Snapshot[];
  /** The recording's file (null before the first real sample opened it). */
  path(): string | null;
  /** The recording as our reader reads it now (the Arrow file plus its journal). */
  read(): Promise<SessionData>;
  /** Stop recording (a clean end of the file), then the host; the folder is removed. */
  close(): Promise<void>;
}

export async function watchThroughHost(address: string, record = true): Promise<Watched> {
  const dir = mkdtempSync(join(tmpdir(), 'tidegauge-daemon-host-'));
  const source = (await createSource(address)) as RemoteSource;
  const host = new StatsHost({ intervalMs: INTERVAL_MS, source });
  const recorder = new Recorder(host, { dir });
  const snaps: Snapshot[] = [];
  host.on('snapshot', (s) => snaps.push(s));
  let path: string | null = null;
  recorder.on('started', (i) => {
    path = i.path;
  });
  const errors: string[] = [];
  recorder.on('error', (e) => errors.push(e.message));
  if (record) await recorder.start();
  await host.start();
  return {
    host,
    source,
    recorder,
    recorderErrors: errors,
    snaps,
    path: () => path,
    read: async () => {
      if (!path) throw new Error('nothing recorded yet');
      return (await readSessionFile(path)).data;
    },
    close: async () => {
      await recorder.stop();
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Our index of a metric, by name. */
export const at = (name: string): number => metricIndex(name);

/** The value of one of our metrics in a snapshot (NaN in a gap). */
export const v = (s: Snapshot, name: string): number => s.values[at(name)] as number;

/** Wait until a real snapshot from `from` on (an index into snaps) satisfies `cond`; returns it. */
export async function snapshotWhere(
  w: Watched,
  what: string,
  cond: (s: Snapshot) => boolean,
  from = 0,
  timeoutMs = 90_000,
): Promise<Snapshot> {
  return waitFor(what, () => w.snaps.slice(from).find((x) => !x.gap && cond(x)), timeoutMs).catch((e: Error) => {
    // Where it stands, for a timeout: the source's health.
    throw new Error(`${e.message}; health ${JSON.stringify(w.source.health())}`);
  });
}

/** A column of the recording by name, with its rows (NaN = null in the file). */
export function column(d: SessionData, name: string): Float64Array {
  const i = d.meta.registry.findIndex((e) => e.name === name);
  if (i < 0) throw new Error(`the recording has no column ${name}`);
  return d.columns[i] as Float64Array;
}
