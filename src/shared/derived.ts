import type { RegistryEntry } from './registry-types';

/**
 * Series that are not metrics themselves but follow from them: shares ("what fraction of
 * acquires found nothing"), ratios and means of sum/count pairs ("mean acquire time" =
 * acquire_us / acquire_total). Defined once here, by metric NAME, and evaluated the same way
 * by the live dashboards, replay, compare and reports.
 *
 * Every derived series is   scale * sum(numerator) / sum(denominator)
 * evaluated over the same interval for every term. Fed per-second rates of counters it gives
 * the value over that sample interval; fed deltas between two points of a session it gives
 * the value over that span; fed cumulative counter values it gives the session-long value.
 * A zero denominator (no events) gives NaN: "no data", never a made-up zero.
 */
export interface DerivedDef {
  readonly id: string;
  readonly label: string;
  /** Unit of the result: 'ratio' (0..1, shown as %), or a registry unit ('us', 'ms', 'B', 'count'). */
  readonly unit: 'ratio' | 'us' | 'ms' | 'B' | 'count';
  readonly numerator: readonly string[];
  readonly denominator: readonly string[];
  readonly scale?: number;
  readonly description: string;
}

const share = (id: string, label: string, num: string, den: string[], description: string): DerivedDef => ({
  id,
  label,
  unit: 'ratio',
  numerator: [num],
  denominator: den,
  description,
});

const mean = (
  id: string,
  label: string,
  unit: DerivedDef['unit'],
  num: string,
  den: string[],
  description: string,
): DerivedDef => ({ id, label, unit, numerator: [num], denominator: den, description });

export const DERIVED: readonly DerivedDef[] = [
  share(
    'disk.cache_hit_ratio',
    'Cache hit ratio',
    'disk.cache_hits',
    ['disk.cache_hits', 'disk.cache_misses'],
    'cache hits / (hits + misses)',
  ),
  mean(
    'disk.mean_job_time',
    'Mean job time',
    'us',
    'disk.job_time_us',
    ['disk.read_count', 'disk.write_count'],
    'disk job time / (reads + writes)',
  ),
  share(
    'proto.reject_share',
    'Rejected requests',
    'proto.piece_rejects',
    ['proto.piece_requests'],
    'piece rejects received / piece requests sent',
  ),
  share(
    'proto.hashfail_share',
    'Failed hash checks',
    'proto.hashfails',
    ['proto.pieces_downloaded', 'proto.hashfails'],
    'hash failures / (pieces downloaded + hash failures)',
  ),
  share(
    'dispatch.acquire_none_share',
    'Found nothing',
    'dispatch.acquire_none_total',
    ['dispatch.acquire_total'],
    'acquires returning NoneAvailable / all acquires',
  ),
  share(
    'dispatch.cursor_resumed_share',
    'Cursor resumed',
    'dispatch.cursor_resumed',
    ['dispatch.acquire_total'],
    'acquires whose per-peer cursor resumed mid-order / all acquires',
  ),
  share(
    'dispatch.walk_skipped_share',
    'Walk skipped',
    'dispatch.walk_skipped',
    ['dispatch.acquire_total'],
    'acquires whose linear walk was short-circuited / all acquires',
  ),
  mean(
    'dispatch.mean_acquire_us',
    'Acquire',
    'us',
    'dispatch.acquire_us',
    ['dispatch.acquire_total'],
    'time in AcquirePiece handling / acquires',
  ),
  mean(
    'dispatch.mean_acquire_rtt_us',
    'Round-trip',
    'us',
    'dispatch.acquire_rtt_us',
    ['dispatch.acquire_total'],
    'AcquirePiece round-trip time / acquires',
  ),
  mean(
    'dispatch.mean_notify_wait_us',
    'Notify wait',
    'us',
    'dispatch.notify_wait_us',
    ['dispatch.notify_wakeup_total'],
    'time peers waited on piece_notify / notify wakeups',
  ),
  mean(
    'first_block.mean_latency_us',
    'First block after unchoke',
    'us',
    'first_block.latency_sum_us',
    ['first_block.latency_count'],
    'remote-unchoke-to-first-block time / measurements',
  ),
  mean(
    'remote.mean_unchoke_ms',
    'Unchoked before re-choke',
    'ms',
    'remote.unchoke_duration_sum_ms',
    ['remote.rechoke_total'],
    'time peers kept us unchoked / re-chokes',
  ),
  mean(
    'peer.mean_lifetime_ms',
    'Peer lifetime',
    'ms',
    'peer.lifetime_sum_ms',
    ['peer.lifetime_count'],
    'connection lifetime at disconnect / disconnects',
  ),
  // libtorrent's own disk times (extra columns of a Deluge source or a libtorrent log) as
  // shares of all its disk job time, which maps onto our disk.job_time_us.
  share(
    'lt.disk_read_share',
    'Read',
    'disk.disk_read_time',
    ['disk.job_time_us'],
    'libtorrent disk read time / all disk job time',
  ),
  share(
    'lt.disk_write_share',
    'Write',
    'disk.disk_write_time',
    ['disk.job_time_us'],
    'libtorrent disk write time / all disk job time',
  ),
  share(
    'lt.disk_hash_share',
    'Hash',
    'disk.disk_hash_time',
    ['disk.job_time_us'],
    'libtorrent piece hashing time / all disk job time',
  ),
];

const BY_ID = new Map(DERIVED.map((d) => [d.id, d]));

export function derivedById(id: string): DerivedDef | undefined {
  return BY_ID.get(id);
}

/** A derived series bound to the indices of one stream's registry, or why it cannot be. */
export type ResolvedDerived =
  | { readonly ok: true; readonly def: DerivedDef; readonly num: readonly number[]; readonly den: readonly number[] }
  | { readonly ok: false; readonly def: DerivedDef; readonly missing: readonly string[] };

/** Bind a definition to a registry by metric name (registries differ between streams and files). */
export function resolveDerived(def: DerivedDef, registry: readonly RegistryEntry[]): ResolvedDerived {
  const index = new Map(registry.map((e, i) => [e.name, i]));
  const missing: string[] = [];
  const find = (names: readonly string[]) =>
    names.map((n) => {
      const i = index.get(n);
      if (i === undefined) missing.push(n);
      return i ?? -1;
    });
  const num = find(def.numerator);
  const den = find(def.denominator);
  if (missing.length) return { ok: false, def, missing: [...new Set(missing)] };
  return { ok: true, def, num, den };
}

/** Metric names a derived series reads. */
export function derivedInputs(def: DerivedDef): string[] {
  return [...new Set([...def.numerator, ...def.denominator])];
}

/** Evaluate on one row of numbers indexed like the registry (rates, deltas or cumulative values). */
export function evaluateDerived(r: Extract<ResolvedDerived, { ok: true }>, row: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (const i of r.num) num += row[i] as number;
  for (const i of r.den) den += row[i] as number;
  if (!(den > 0) || !Number.isFinite(num)) return Number.NaN;
  return ((r.def.scale ?? 1) * num) / den;
}

/**
 * Evaluate over a span given the columns of its inputs (column[i] = series of metric i, as in
 * a SeriesView); out[k] = value at point k. Columns missing from `columns` read as NaN.
 */
export function evaluateDerivedSeries(
  r: Extract<ResolvedDerived, { ok: true }>,
  column: (metric: number) => ArrayLike<number>,
  length: number,
  out: Float64Array = new Float64Array(length),
): Float64Array {
  const nums = r.num.map(column);
  const dens = r.den.map(column);
  const scale = r.def.scale ?? 1;
  const nn = nums.length;
  const nd = dens.length;
  // Indexed loops: a for-of per sample allocated an iterator 86,400 times per series.
  for (let k = 0; k < length; k++) {
    let num = 0;
    let den = 0;
    for (let j = 0; j < nn; j++) num += (nums[j] as ArrayLike<number>)[k] as number;
    for (let j = 0; j < nd; j++) den += (dens[j] as ArrayLike<number>)[k] as number;
    out[k] = den > 0 && num - num === 0 ? (scale * num) / den : Number.NaN;
  }
  return out;
}

/** The value over a whole span from the first and last cumulative rows (compare, reports). */
export function derivedOverSpan(
  r: Extract<ResolvedDerived, { ok: true }>,
  first: ArrayLike<number>,
  last: ArrayLike<number>,
): number {
  // A counter that went down was reset: count from zero, as deriveRates does.
  const delta = (i: number) => {
    const a = first[i] as number;
    const b = last[i] as number;
    return b >= a ? b - a : b;
  };
  let num = 0;
  let den = 0;
  for (const i of r.num) num += delta(i);
  for (const i of r.den) den += delta(i);
  return den > 0 ? ((r.def.scale ?? 1) * num) / den : Number.NaN;
}
