import type { SessionData } from '../session/data';
import { completeTime, firstPayloadTime } from './align';
import type { Better } from './better';

/*
 * The figures a user compares runs by, before any metric table: how long the download took,
 * how fast payload moved while it moved (not diluted by the idle seeding tail), how soon the
 * first byte came, and the shares of waste and failed hash checks. Each declares which way is
 * better and the smallest change that means anything, so a verdict is never given to noise.
 */

export type HeadlineId =
  | 'time_to_complete'
  | 'time_to_first_byte'
  | 'payload_down_active'
  | 'payload_up_active'
  | 'waste_share'
  | 'hashfail_share';

export interface HeadlineDef {
  readonly id: HeadlineId;
  readonly label: string;
  /** 's', 'B/s' or 'ratio'. */
  readonly unit: 's' | 'B/s' | 'ratio';
  readonly better: Better;
  /** Words for a change the better way and the worse way ("faster" / "slower"). */
  readonly words: readonly [string, string];
  /** Smallest relative change (fraction of the baseline) a verdict needs. */
  readonly minRel: number;
  /** Smallest absolute change a verdict needs, in the unit (times: also two sample intervals). */
  readonly minAbs: number;
  readonly description: string;
}

export const HEADLINES: readonly HeadlineDef[] = [
  {
    id: 'time_to_complete',
    label: 'Time to complete',
    unit: 's',
    better: 'lower',
    words: ['faster', 'slower'],
    minRel: 0.05,
    minAbs: 0.5,
    description: 'from the start of the compared span to the download complete',
  },
  {
    id: 'payload_down_active',
    label: 'Download rate while active',
    unit: 'B/s',
    better: 'higher',
    words: ['faster', 'slower'],
    minRel: 0.05,
    minAbs: 1024,
    description: 'payload downloaded / time spent downloading (pauses of over 5 s left out)',
  },
  {
    id: 'payload_up_active',
    label: 'Upload rate while active',
    unit: 'B/s',
    better: 'higher',
    words: ['faster', 'slower'],
    minRel: 0.05,
    minAbs: 1024,
    description: 'payload uploaded / time spent uploading (pauses of over 5 s left out)',
  },
  {
    id: 'time_to_first_byte',
    label: 'Time to first byte',
    unit: 's',
    better: 'lower',
    words: ['sooner', 'later'],
    minRel: 0.1,
    minAbs: 0.5,
    description: 'from the start of the compared span to the first payload byte',
  },
  {
    id: 'waste_share',
    label: 'Waste share',
    unit: 'ratio',
    better: 'lower',
    words: ['less waste', 'more waste'],
    minRel: 0.1,
    minAbs: 0.002,
    description: 'wasted bytes / (payload downloaded + wasted bytes)',
  },
  {
    id: 'hashfail_share',
    label: 'Failed hash checks',
    unit: 'ratio',
    better: 'lower',
    words: ['fewer failures', 'more failures'],
    minRel: 0.1,
    minAbs: 0.002,
    description: 'hash failures / (pieces downloaded + hash failures)',
  },
];

export function headlineDef(id: string): HeadlineDef | undefined {
  return HEADLINES.find((h) => h.id === id);
}

/** One session's headline figures (null: the session does not have it, e.g. never completed). */
export type HeadlineFigures = Readonly<Record<HeadlineId, number | null>>;

/** Pauses in a transfer up to this long count as transfer time (a stall is slowness, not idle). */
export const ACTIVE_GAP_MS = 5000;

function col(data: SessionData, name: string): Float64Array | null {
  const i = data.meta.registry.findIndex((e) => e.name === name);
  if (i < 0 || String(i) in data.meta.notReported) return null;
  return data.columns[i] as Float64Array;
}

/**
 * Bytes a counter added from index `from` on, per second of the stretches in which it was
 * adding: each stretch from its first rise to its last (first to last byte as sampled, so the
 * sampling delay at either end cancels), at least one sample interval. Counting from the sample
 * before the first rise would add one interval to every transfer (2.25 s for a 2 s one).
 */
function activeRate(t: Float64Array, c: Float64Array | null, from: number, to: number): number | null {
  if (!c) return null;
  let bytes = 0;
  let activeMs = 0;
  let start = Number.NaN;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let minMs = 0;
  let prev = Number.NaN;
  let prevT = 0;
  const close = () => {
    if (start - start === 0) activeMs += Math.max(lastEnd - start, minMs);
  };
  for (let i = from; i < to; i++) {
    const v = c[i] as number;
    const ti = t[i] as number;
    if (v - v !== 0) {
      prev = Number.NaN;
      continue;
    }
    if (prev - prev === 0 && v > prev) {
      bytes += v - prev;
      // A short stall inside a transfer is part of it; a long idle gap is not.
      if (prevT - lastEnd > ACTIVE_GAP_MS) {
        close();
        start = ti;
        minMs = ti - prevT;
      }
      lastEnd = ti;
    }
    prev = v;
    prevT = ti;
  }
  close();
  return activeMs > 0 ? bytes / (activeMs / 1000) : bytes === 0 ? 0 : null;
}

/** What a counter added between indices from and to-1 (resets counted from zero). */
function added(c: Float64Array | null, from: number, to: number): number | null {
  if (!c) return null;
  let total = 0;
  let known = Number.NaN;
  for (let i = from; i < to; i++) {
    const v = c[i] as number;
    if (v - v !== 0) continue;
    if (known - known === 0) total += v >= known ? v - known : v;
    known = v;
  }
  return total;
}

function share(num: number | null, den: number | null): number | null {
  if (num === null || den === null) return null;
  return den > 0 ? num / den : num === 0 ? 0 : null;
}

/**
 * The headline figures of one session over its compared span: samples from index `from`
 * (the aligned origin) up to `to` (exclusive; default the end), times measured from t[from].
 */
export function headlineFigures(data: SessionData, from: number, to = data.length): HeadlineFigures {
  const t = data.t;
  const start = from < to ? (t[from] as number) : Number.NaN;
  const span = from === 0 && to === data.length ? data : null;
  // Events are looked for in the span only (a comparison over the common span cuts the rest).
  const sub = span ?? {
    ...data,
    length: to - from,
    t: data.t.subarray(from, to),
    diagnostics: data.diagnostics.subarray(from, to),
    columns: data.columns.map((c) => c.subarray(from, to)),
  };
  const done = completeTime(sub);
  const first = firstPayloadTime(sub);
  const down = col(data, 'bw.total_downloaded') ?? col(data, 'net.bytes_recv');
  const up = col(data, 'bw.total_uploaded') ?? col(data, 'net.bytes_sent');
  const payload = added(down, from, to);
  const waste = added(col(data, 'proto.waste_bytes'), from, to);
  const pieces = added(col(data, 'proto.pieces_downloaded'), from, to);
  const fails = added(col(data, 'proto.hashfails'), from, to);
  return {
    time_to_complete: done === null ? null : (done - start) / 1000,
    time_to_first_byte: first === null ? null : (first - start) / 1000,
    payload_down_active: activeRate(t, down, from, to),
    payload_up_active: activeRate(t, up, from, to),
    waste_share: share(waste, payload === null || waste === null ? null : payload + waste),
    hashfail_share: share(fails, pieces === null || fails === null ? null : pieces + fails),
  };
}

/** The smallest absolute change of a headline figure that means anything, for a sample interval. */
export function minAbsEffect(def: HeadlineDef, intervalS: number): number {
  // A time read from samples is only known to a sample interval either side.
  return def.unit === 's' ? Math.max(def.minAbs, 2 * intervalS) : def.minAbs;
}
