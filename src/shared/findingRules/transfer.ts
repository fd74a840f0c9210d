import { formatBytes, formatDuration, formatPercent } from '../format';
import { inc, spans, sum, total, within } from './scan';
import { THRESHOLDS } from './thresholds';
import type { Column, Finding, FindingsInput } from './types';

/* Rules on what the transfer cost: failed pieces, wasted bytes, failing trackers, protocol overhead. */

export function hashfailShare(input: FindingsInput, col: Column): Finding | null {
  const fails = col('proto.hashfails');
  const pieces = col('proto.pieces_downloaded');
  if (!fails || !pieces) return null;
  const f = sum(input, fails);
  const p = sum(input, pieces);
  const share = f / Math.max(1, f + p);
  if (f === 0 || share < THRESHOLDS.hashfailShare) return null;
  const ranges = spans(input, (k) => inc(fails, k) > 0);
  return {
    rule: 'hashfail-share',
    severity: 'warning',
    title: 'Pieces failed their hash check',
    measured: `${f.toLocaleString('en-US')} of ${(f + p).toLocaleString('en-US')} pieces (${formatPercent(share)}) failed the hash check, over ${formatDuration(total(ranges) / 1000)}.`,
    why: 'A peer sends corrupt data: the pieces are downloaded again, which costs bandwidth and time, and the peer should be banned.',
    metrics: ['proto.hashfails', 'proto.pieces_downloaded'],
    value: share,
    threshold: THRESHOLDS.hashfailShare,
    ranges,
  };
}

export function wasteShare(input: FindingsInput, col: Column): Finding | null {
  const waste = col('proto.waste_bytes');
  const got = col('bw.total_downloaded');
  if (!waste || !got) return null;
  const w = sum(input, waste);
  const d = sum(input, got);
  const share = w / Math.max(1, d);
  if (w < THRESHOLDS.wasteMinBytes || d === 0 || share < THRESHOLDS.wasteShare) return null;
  return {
    rule: 'waste-share',
    severity: 'warning',
    title: 'Much of the download was wasted',
    measured: `${formatBytes(w)} of ${formatBytes(d)} received (${formatPercent(share)}) was redundant or failed its check.`,
    why: 'Wasted bytes are paid for in bandwidth and data caps without bringing the download closer.',
    metrics: ['proto.waste_bytes', 'bw.total_downloaded'],
    value: share,
    threshold: THRESHOLDS.wasteShare,
    ranges: spans(input, (k) => inc(waste, k) > 0),
  };
}

export function trackerErrors(input: FindingsInput, col: Column): Finding | null {
  const errors = col('proto.tracker_errors');
  const announces = col('proto.tracker_announces');
  if (!errors || !announces) return null;
  const e = sum(input, errors);
  const a = sum(input, announces);
  const share = e / Math.max(1, a);
  if (e === 0 || share < THRESHOLDS.trackerErrorShare) return null;
  return {
    rule: 'tracker-errors',
    severity: 'warning',
    title: 'Tracker announces failed',
    measured: `${e.toLocaleString('en-US')} of ${a.toLocaleString('en-US')} tracker announces (${formatPercent(share)}) failed.`,
    why: 'A failing tracker hands out no peers: the swarm this session sees shrinks to what DHT and PEX find.',
    metrics: ['proto.tracker_errors', 'proto.tracker_announces'],
    value: share,
    threshold: THRESHOLDS.trackerErrorShare,
    ranges: spans(input, (k) => inc(errors, k) > 0),
  };
}

/**
 * Protocol overhead in one direction: the wire bytes that were not payload, over the intervals
 * where payload moved fast enough for the share to mean something (a trickle of payload beside
 * keep-alives and PEX would read as "90 % overhead" and say nothing).
 */
export function overhead(dir: 'down' | 'up') {
  const [wireName, payloadName] =
    dir === 'down' ? ['net.bytes_recv', 'bw.total_downloaded'] : ['net.bytes_sent', 'bw.total_uploaded'];
  return (input: FindingsInput, col: Column): Finding | null => {
    const wire = col(wireName);
    const payload = col(payloadName);
    if (!wire || !payload) return null;
    const t = input.t;
    const fast = (k: number) =>
      inc(payload, k) / Math.max(1e-3, ((t[k] as number) - (t[k - 1] as number)) / 1000) >= THRESHOLDS.overheadMinRate;
    const ranges = spans(input, fast, 0).filter((r) => r.to - r.from >= THRESHOLDS.sustainedMs);
    let w = 0;
    let p = 0;
    const inRange = within(ranges);
    for (let k = 1; k < input.length; k++) {
      const t1 = t[k] as number;
      if (!inRange(t1)) continue;
      w += inc(wire, k);
      p += inc(payload, k);
    }
    const share = w > 0 ? (w - p) / w : 0;
    if (share < THRESHOLDS.overheadShare) return null;
    const what = dir === 'down' ? 'received' : 'sent';
    return {
      rule: `overhead-${dir}`,
      severity: 'info',
      title: `High protocol overhead ${dir === 'down' ? 'downloading' : 'uploading'}`,
      measured: `${formatPercent(share)} of the ${formatBytes(w)} ${what} on the wire while payload moved was not payload (${formatBytes(w - p)}).`,
      why: 'Bandwidth spent on headers, requests, retransmissions or chatty peers is bandwidth the payload does not get; uTP on a lossy link or many idle peers cost the most.',
      metrics: [wireName, payloadName],
      value: share,
      threshold: THRESHOLDS.overheadShare,
      ranges,
    };
  };
}
