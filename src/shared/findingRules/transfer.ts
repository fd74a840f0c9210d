import { formatBytes, formatDuration, formatPercent } from '../format';
import { total } from './scan';
import { type Chunk, type ChunkColumn, incAt, SpanScan } from './stream';
import { THRESHOLDS } from './thresholds';
import type { Finding, Rule, RuleEnd, RuleRun } from './types';

/* Rules on what the transfer cost: failed pieces, wasted bytes, failing trackers, protocol overhead. */

/**
 * Two counters summed over the session, and the spans where the first one grew: what the share
 * rules (failed pieces, waste, tracker errors, failed connects) read.
 */
export function countPair(
  first: string,
  second: string,
  judge: (a: number, b: number, ranges: () => SpanScan['out'], end: RuleEnd) => Finding | null,
): Rule {
  return () => {
    let a = 0;
    let b = 0;
    const scan = new SpanScan(5_000, Number.NEGATIVE_INFINITY);
    const run: RuleRun = {
      feed(c: Chunk, col: ChunkColumn) {
        const x = col(first);
        const y = col(second);
        if (!x || !y) return;
        const t = c.t;
        for (let k = Math.max(1, c.start); k < c.length; k++) {
          const dx = incAt(x, k);
          a += dx;
          b += incAt(y, k);
          scan.step(dx > 0, t[k - 1] as number, t[k] as number);
        }
      },
      finish(end) {
        if (!end.reported(first) || !end.reported(second)) return null;
        return judge(
          a,
          b,
          () => {
            scan.close();
            return scan.out;
          },
          end,
        );
      },
    };
    return run;
  };
}

export const hashfailShare = countPair('proto.hashfails', 'proto.pieces_downloaded', (f, p, spans) => {
  const share = f / Math.max(1, f + p);
  if (f === 0 || share < THRESHOLDS.hashfailShare) return null;
  const ranges = spans();
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
});

export const wasteShare = countPair('proto.waste_bytes', 'bw.total_downloaded', (w, d, spans) => {
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
    ranges: spans(),
  };
});

export const trackerErrors = countPair('proto.tracker_errors', 'proto.tracker_announces', (e, a, spans) => {
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
    ranges: spans(),
  };
});

/**
 * Protocol overhead in one direction: the wire bytes that were not payload, over the intervals
 * where payload moved fast enough for the share to mean something (a trickle of payload beside
 * keep-alives and PEX would read as "90 % overhead" and say nothing).
 */
export function overhead(dir: 'down' | 'up'): Rule {
  const [wireName, payloadName] =
    dir === 'down' ? ['net.bytes_recv', 'bw.total_downloaded'] : ['net.bytes_sent', 'bw.total_uploaded'];
  return () => {
    // acc: [wire bytes, payload bytes] inside the fast spans.
    const scan = new SpanScan(0, THRESHOLDS.sustainedMs, 2);
    return {
      feed(c, col) {
        const wire = col(wireName);
        const payload = col(payloadName);
        if (!wire || !payload) return;
        const t = c.t;
        const acc = scan.acc;
        for (let k = Math.max(1, c.start); k < c.length; k++) {
          const t0 = t[k - 1] as number;
          const t1 = t[k] as number;
          const dp = incAt(payload, k);
          const fast = dp / Math.max(1e-3, (t1 - t0) / 1000) >= THRESHOLDS.overheadMinRate;
          if (!scan.step(fast, t0, t1)) continue;
          acc[0] = (acc[0] as number) + incAt(wire, k);
          acc[1] = (acc[1] as number) + dp;
        }
      },
      finish(end) {
        if (!end.reported(wireName) || !end.reported(payloadName)) return null;
        scan.close();
        const ranges = scan.out;
        const w = scan.acc[0] as number;
        const p = scan.acc[1] as number;
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
      },
    };
  };
}
