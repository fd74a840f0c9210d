import type { Command } from '../args';

/*
 * Every CLI command, in the order `tidegauge --help` lists them. Each one's module is imported
 * only when it runs (or prints its own help): `tidegauge --version` and `--help` load none of
 * the engine, Arrow, the report renderers or their dependencies, which cost far more to load
 * than either prints. Add a command: one file, one entry here.
 */

export interface CommandEntry {
  readonly name: string;
  /** One line for `tidegauge --help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the headless host and open the UI in a browser (http://127.0.0.1:7420/)',
    load: async () => (await import('./serve')).serve,
  },
  {
    name: 'info',
    summary: 'describe a saved session (or a CSV / irontide / libtorrent file)',
    load: async () => (await import('./info')).info,
  },
  {
    name: 'import',
    summary: 'convert a CSV, irontide dump or libtorrent log into a session file',
    load: async () => (await import('./import')).importCommand,
  },
  {
    name: 'export',
    summary: 'write a session (or a time range of it) as CSV or Arrow',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'compare',
    summary: 'compare 2-4 saved sessions, or groups of runs (--vs), against a baseline',
    load: async () => (await import('./compare')).compare,
  },
  {
    name: 'report',
    summary: 'write a PNG report of a session or a comparison (headless Electron or Chromium)',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'totals',
    summary: 'bytes per day, week or month over saved sessions, and a data-cap budget',
    load: async () => (await import('./totals')).totalsCommand,
  },
];
