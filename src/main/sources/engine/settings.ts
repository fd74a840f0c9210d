import type { EngineSourceOptions } from './sourceOptions';
import type { LoopbackOptions } from './swarm';

/** The engine and its version, recorded with each session (package.json pins it exactly). */
export const ENGINE_VERSION = 'webtorrent 3.0.21';

type Setting = string | number | boolean | null;

/** Session caps of the default swarm: light enough for a 2-core machine. */
export const DEFAULT_SESSION_LIMIT = 2 * 1024 * 1024;

/**
 * The options a run of the embedded engine was made with, recorded in its session file so
 * runs can be told apart and diffed ("--no-utp" against the default). null: the engine's default.
 * The caps are the ones in force (the loopback swarm's default cap included, -1: none), so the
 * findings can tell a download held back by its cap.
 */
export function engineSettings(loopback: LoopbackOptions | null, o: EngineSourceOptions): Record<string, Setting> {
  const out: Record<string, Setting> = {
    downloadLimit: o.downloadLimit ?? (loopback ? DEFAULT_SESSION_LIMIT : -1),
    uploadLimit: o.uploadLimit ?? (loopback ? DEFAULT_SESSION_LIMIT : -1),
    utp: o.utp ?? null,
    maxConns: o.maxConns ?? null,
    tickMs: o.tickMs ?? 1000,
    instrument: o.instrument ?? null,
    swarm: loopback !== null,
  };
  if (loopback) for (const [k, v] of Object.entries(loopback)) out[`swarm.${k}`] = v as Setting;
  return out;
}
