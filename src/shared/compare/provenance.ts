import type { SessionMeta } from '../session/meta';

/*
 * How a run was made, as flat name → text pairs that a Library column, `info`, compare and
 * reports show the same way, and the settings diff ("what differed between these runs").
 */

/** A session's provenance as flat settings; files from before provenance have fewer keys. */
export function provenanceSettings(meta: SessionMeta): Record<string, string> {
  const out: Record<string, string> = {};
  const src = meta.source;
  out.source = src ? src.label : 'none';
  if (src?.version) out['source version'] = src.version;
  for (const [k, v] of Object.entries(src?.settings ?? {})) out[`setting ${k}`] = v === null ? 'default' : String(v);
  out['sample interval'] = `${meta.intervalMs} ms`;
  out['Tidegauge version'] = meta.appVersion;
  if (meta.provenance?.host) out.host = meta.provenance.host;
  if (meta.provenance?.platform) out.platform = meta.provenance.platform;
  if (meta.provenance?.commandLine) out['command line'] = meta.provenance.commandLine.join(' ');
  if (meta.origin.type === 'import') out.origin = `import of ${meta.origin.file} (${meta.origin.format})`;
  else if (meta.origin.type === 'export') out.origin = `cut from ${meta.origin.from}`;
  else out.origin = 'recording';
  return out;
}

export interface SettingDiff {
  readonly name: string;
  /** Per session, in the comparison's order (null: that session does not record it). */
  readonly values: readonly (string | null)[];
}

/** Names whose difference is expected between any two runs (not a difference of configuration). */
const ALWAYS_DIFFERENT = new Set(['command line']);

/**
 * The settings that differ between sessions (or that only some record), in first-seen order.
 * The command line is left out when the settings it sets already show (it differs by file names).
 */
export function settingsDiff(settings: readonly Readonly<Record<string, string>>[]): SettingDiff[] {
  const names: string[] = [];
  for (const s of settings) for (const k of Object.keys(s)) if (!names.includes(k)) names.push(k);
  const rows: SettingDiff[] = [];
  for (const name of names) {
    const values = settings.map((s) => s[name] ?? null);
    if (values.every((v) => v === values[0])) continue;
    if (ALWAYS_DIFFERENT.has(name) && rows.length > 0) continue;
    rows.push({ name, values });
  }
  return rows;
}

/** One line of a run's settings that differ from the defaults of its source, for a Library row. */
export function settingsSummary(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .filter(([k]) => k.startsWith('setting '))
    .map(([k, v]) => `${k.slice(8)}=${v}`)
    .join(' ');
}
