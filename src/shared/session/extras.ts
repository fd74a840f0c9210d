import type { RegistryEntry } from '../registry-types';

/*
 * Extra columns: an engine's own metrics beyond our registry (libtorrent's ~250 counters that
 * none of our 99 names maps onto, e.g. utp.utp_packet_loss), kept in a session file after ours
 * under the engine's names. Each is a registry entry with `extra: true` and `category` naming its
 * section ("libtorrent"); the All metrics table groups by category, so they show as a section of
 * their own. No new file structure: a wider table, which any Arrow reader already reads.
 */

/** More extra columns than libtorrent has (291 counters) with room to spare; the rest are dropped. */
export const MAX_EXTRA_COLUMNS = 1024;

export interface ExtraMetric {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
}

/** An engine's extras as a source offers them: the list (fixed per connection) and the latest values. */
export interface SourceExtras {
  /** The section the extras are shown under, e.g. "libtorrent". */
  readonly section: string;
  readonly metrics: readonly ExtraMetric[];
  /** Current values, one per metric (NaN: not in the latest reading). */
  readonly values: Float64Array;
}

/** libtorrent's units by name: bytes, the disk job times and latencies (microseconds); everything else counts. */
function unitOf(name: string): string {
  if (/bytes/.test(name)) return 'B';
  if (/^disk\..*_time$/.test(name) || /latency/.test(name)) return 'us';
  return 'count';
}

/**
 * The registry entries for a source's extras: never a name already taken (ours, or a reserved
 * column), never twice, at most MAX_EXTRA_COLUMNS.
 */
export function extraEntries(extras: SourceExtras, taken: ReadonlySet<string>): RegistryEntry[] {
  const out: RegistryEntry[] = [];
  const seen = new Set(taken);
  for (const m of extras.metrics) {
    if (out.length >= MAX_EXTRA_COLUMNS) break;
    if (seen.has(m.name) || m.name === 't' || m.name === 'diagnostics' || !m.name || m.name.length > 200) continue;
    seen.add(m.name);
    out.push({
      name: m.name,
      kind: m.kind,
      unit: unitOf(m.name),
      category: extras.section,
      extra: true,
      description: `${extras.section}'s own ${m.kind}, as the engine reports it (not one of Tidegauge's metrics)`,
    });
  }
  return out;
}

/**
 * Fills the extra part of a row from the source's current extras, by name: the list a file was
 * opened with stays its columns even if a reconnect brings another list (missing ones are null).
 */
export class ExtraColumns {
  private lastList: readonly ExtraMetric[] | null = null;
  private at: Int32Array;

  constructor(readonly entries: readonly RegistryEntry[]) {
    this.at = new Int32Array(entries.length).fill(-1);
  }

  /** Write the extras into row[offset…]; NaN for a gap, a missing source or a missing name. */
  fill(row: Float64Array, offset: number, extras: SourceExtras | null, gap: boolean): void {
    const n = this.entries.length;
    if (gap || !extras) {
      row.fill(Number.NaN, offset, offset + n);
      return;
    }
    if (extras.metrics !== this.lastList) {
      const idx = new Map(extras.metrics.map((m, i) => [m.name, i]));
      this.entries.forEach((e, j) => {
        this.at[j] = idx.get(e.name) ?? -1;
      });
      this.lastList = extras.metrics;
    }
    for (let j = 0; j < n; j++) {
      const i = this.at[j] as number;
      row[offset + j] = i < 0 ? Number.NaN : (extras.values[i] as number);
    }
  }
}
