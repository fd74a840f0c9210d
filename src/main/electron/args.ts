import { parseArgs } from 'node:util';
import type { DefaultSourceOptions } from '../sources/default';
import { ENGINE_OPTIONS, EngineOptionError, engineOptionsFrom } from '../sources/engine/options';

/** What `npm start -- [options] [FILE...]` asks of the desktop app. */
export interface DesktopArgs {
  /** --data-dir; undefined: the default data folder. */
  readonly dataDir: string | undefined;
  /** false with --no-record. */
  readonly record: boolean;
  /** null with --no-source; else the embedded engine's options (as for serve). */
  readonly engine: DefaultSourceOptions | null;
  /** --source ADDR (irontide://…, tidegauge://…?token=…, engine:); undefined: the engine or none. */
  readonly source: string | undefined;
  /** --torrent, repeatable. */
  readonly torrents: readonly string[];
  /** Session files or logs to open once the window is up. */
  readonly files: readonly string[];
}

/**
 * `process.argv` of the desktop app: `electron . [options] [FILE...]` while developing,
 * `Tidegauge [options] [FILE...]` packaged. Electron adds flags of its own, hence strict: false.
 * A bad engine flag throws an EngineOptionError naming it.
 */
export function parseDesktopArgs(argv: readonly string[], isPackaged: boolean): DesktopArgs {
  const { values, positionals } = parseArgs({
    args: argv.slice(isPackaged ? 1 : 2),
    options: {
      'data-dir': { type: 'string' },
      'no-record': { type: 'boolean' },
      'no-source': { type: 'boolean' },
      source: { type: 'string' },
      ...ENGINE_OPTIONS,
    },
    allowPositionals: true,
    strict: false,
  });
  // Not strict, so a flag that needs a value may come without one (`--seeders` alone is `true`).
  for (const [name, spec] of Object.entries(ENGINE_OPTIONS)) {
    const v = values[name];
    const given = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (spec.type === 'string' && given.some((x) => typeof x !== 'string'))
      throw new EngineOptionError(`--${name} needs a value`);
  }
  if (values.source === true)
    throw new EngineOptionError('--source needs an address (irontide://HOST:PORT, tidegauge://HOST:PORT?token=…)');
  const engine = engineOptionsFrom(values as Parameters<typeof engineOptionsFrom>[0]);
  return {
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
    record: !values['no-record'],
    engine: values['no-source'] ? null : engine.source,
    source: typeof values.source === 'string' ? values.source : undefined,
    torrents: engine.torrents,
    files: positionals,
  };
}
