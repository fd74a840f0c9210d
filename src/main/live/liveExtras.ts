import { deriveRates } from '../../shared/rates';
import type { MetricKind, RegistryEntry } from '../../shared/registry-types';
import { ExtraColumns, extraEntries, type SourceExtras } from '../../shared/session/extras';

/**
 * The live stream's extra columns: a source's own metrics beyond our 99 (libtorrent's through
 * Deluge), appended to each snapshot after ours, so the live All metrics table and the
 * libtorrent panels read them as replay reads a recording. The columns are fixed by the first
 * list the source offers (at most MAX_EXTRA_COLUMNS, the files' bound); a reconnect's list is
 * mapped by name, a name it lacks is NaN. A source without extras never gets one of these, so
 * its snapshots stay our 99 and cost what they cost before.
 */
export class LiveExtras {
  /** Ours, then the extras: the registry the live stream is sent with. */
  readonly registry: readonly RegistryEntry[];
  private readonly columns: ExtraColumns;
  private readonly kinds: readonly MetricKind[];
  private prev: Float64Array | null = null;
  private prevT = 0;

  private constructor(
    private readonly ours: readonly RegistryEntry[],
    entries: readonly RegistryEntry[],
  ) {
    this.registry = [...ours, ...entries];
    this.columns = new ExtraColumns(entries);
    this.kinds = entries.map((e) => e.kind);
  }

  /** The columns for a source's extras, or null when none of them can be a column. */
  static of(extras: SourceExtras, ours: readonly RegistryEntry[]): LiveExtras | null {
    const entries = extraEntries(extras, new Set(ours.map((e) => e.name)));
    return entries.length ? new LiveExtras(ours, entries) : null;
  }

  get width(): number {
    return this.registry.length;
  }

  /**
   * Our values and rates with the extras appended. The extras' rates are taken against their
   * last real sample (as ours are: a gap's rates are NaN, what moved meanwhile counts after it).
   */
  extend(
    values: Float64Array,
    rates: Float64Array,
    t: number,
    extras: SourceExtras | null,
  ): { values: Float64Array; rates: Float64Array } {
    const n = this.ours.length;
    const wide = new Float64Array(this.width);
    wide.set(values.subarray(0, n));
    this.columns.fill(wide, n, extras, false);
    const own = wide.subarray(n);
    const extraRates = deriveRates(this.kinds, own, t, this.prev, this.prevT);
    this.prev = Float64Array.from(own);
    this.prevT = t;
    const wideRates = new Float64Array(this.width);
    wideRates.set(rates.subarray(0, n));
    wideRates.set(extraRates, n);
    return { values: wide, rates: wideRates };
  }
}
