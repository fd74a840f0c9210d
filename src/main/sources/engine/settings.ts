import type { EngineSourceOptions } from './EngineSource';
import type { LoopbackOptions } from './swarm';

/** The engine and its version, recorded with each session (package.json pins it exactly). */
export const ENGINE_VERSION = 'webtorrent 3.0.21';

type Setting = string | number | boolean | null;

/**
 * The options a run of the embedded engine was made with, recorded in its session file so
 * runs can be told apart and diffed ("--no-utp" against the default). null: the engine's default.
 */
export function engineSettings(loopback: LoopbackOptions | null, o: EngineSourceOptions): Record<string, Setting> {
  const out: Record<string, Setting> = {
    downloadLimit: o.downloadLimit ?? null,
    uploadLimit: o.uploadLimit ?? null,
    utp: o.utp ?? null,
    maxConns: o.maxConns ?? null,
    tickMs: o.tickMs ?? 1000,
    instrument: o.instrument ?? null,
    swarm: loopback !== null,
  };
  if (loopback) for (const [k, v] of Object.entries(loopback)) out[`swarm.${k}`] = v as Setting;
  return out;
}
