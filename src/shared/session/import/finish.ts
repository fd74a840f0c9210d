import type { RegistryEntry } from '../../registry-types';
import { crc32 } from '../crc32';
import type { SessionData } from '../data';
import {
  DIAGNOSTICS_FIELD,
  describeIssues,
  MAX_INTERVAL_MS,
  MAX_NAME,
  MAX_TIME_MS,
  SessionMetaSchema,
  TIME_FIELD,
} from '../meta';
import { ImportError, type ImportResult } from './common';

/*
 * The last step of every import: make the session one our reader opens, or say why it cannot
 * be. What can be mapped is mapped and said so in the report's notes (a metric named like the
 * file's own columns is renamed, a name too long for a column is shortened); what cannot (a
 * sample interval over 24 h, a time outside the range of dates) is refused with the reason.
 * Whatever else the reader's schema would reject is refused here with its own words, so an
 * import never writes a file that does not open.
 */

const RESERVED = new Set([TIME_FIELD, DIAGNOSTICS_FIELD]);

/** A name that fits in MAX_NAME characters and stays unique: a head and a checksum of the whole. */
function shorten(name: string): string {
  const tag = crc32(new TextEncoder().encode(name)).toString(16).padStart(8, '0');
  return `${[...name].slice(0, MAX_NAME - 10).join('')}~${tag}`.slice(0, MAX_NAME);
}

function shown(name: string): string {
  return name.length > 48 ? `"${name.slice(0, 30)}…${name.slice(-12)}" (${name.length} characters)` : `"${name}"`;
}

/** Registry names the reader accepts, and a note for each change. */
function mapNames(registry: readonly RegistryEntry[]): { registry: RegistryEntry[]; notes: string[] } {
  const taken = new Set(registry.map((e) => e.name));
  const notes: string[] = [];
  const out = registry.map((e) => {
    let name = e.name;
    let why = '';
    if (RESERVED.has(name)) {
      why = `"${TIME_FIELD}" and "${DIAGNOSTICS_FIELD}" are the session file's own columns`;
      name = `${name}_`;
    } else if (name.length > MAX_NAME) {
      why = `a metric name may be at most ${MAX_NAME} characters`;
      name = shorten(name);
    } else return e;
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    notes.push(`metric ${shown(e.name)} renamed to ${shown(name)}: ${why}`);
    return { ...e, name };
  });
  return { registry: out, notes };
}

/** The first sample whose time is not a date (±8.64e15 ms), or -1. */
function badTime(t: Float64Array, n: number): number {
  for (let r = 0; r < n; r++) if (!(Math.abs(t[r] as number) <= MAX_TIME_MS)) return r;
  return -1;
}

export function finishImport(result: ImportResult): ImportResult {
  const { data, report } = result;
  const { registry, notes } = mapNames(data.meta.registry);
  const meta = { ...data.meta, registry };
  if (meta.intervalMs > MAX_INTERVAL_MS)
    throw new ImportError(
      `samples ${meta.intervalMs / 1000} s apart: a session's samples may be at most 86400 s (24 h) apart`,
    );
  const bad = badTime(data.t, data.length);
  if (bad >= 0)
    throw new ImportError(
      `sample ${bad + 1} would be at ${data.t[bad]} ms, outside the range of dates (±${MAX_TIME_MS} ms from 1970); set another start or interval`,
    );
  const parsed = SessionMetaSchema.safeParse(meta);
  if (!parsed.success) throw new ImportError(`the session would not open: ${describeIssues(parsed.error, 'metadata')}`);
  const out: SessionData = { ...data, meta: parsed.data };
  return { data: out, report: notes.length ? { ...report, notes: [...report.notes, ...notes] } : report };
}
