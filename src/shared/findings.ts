import type { SessionFigures } from './compare/compareSessions';
import { formatBytes, formatDuration, formatPercent } from './format';
import type { RegistryEntry } from './registry-types';

/*
 * Findings: what the charts say, read for the user. Each rule reads a few metrics by name
 * (a session of another registry simply lacks them and gets no finding from that rule), has a
 * threshold, and gives the time ranges where it holds, what it measured and why it matters.
 * A rule stays silent unless its evidence holds for a while: a false alarm costs trust, so an
 * honest run must give no finding at all. Pure: live, replay, compare, reports and the CLI
 * call the same code on the same columns.
 */

export interface FindingsInput {
  readonly registry: readonly RegistryEntry[];
  readonly length: number;
  /** Sample times, ms. */
  readonly t: ArrayLike<number>;
  /** One column per registry entry (NaN: not reported). */
  readonly columns: readonly ArrayLike<number>[];
}

export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

export interface Finding {
  /** Stable id of the rule, e.g. "hashfail-share". */
  readonly rule: string;
  readonly severity: 'warning' | 'info';
  readonly title: string;
  /** What was measured, with the numbers, in one sentence. */
  readonly measured: string;
  /** Why it matters, in one sentence. */
  readonly why: string;
  /** The metrics the rule read. */
  readonly metrics: readonly string[];
  /** The measured value and the rule's threshold, in the same unit. */
  readonly value: number;
  readonly threshold: number;
  /** Where it holds (ms, as the input's t). */
  readonly ranges: readonly TimeSpan[];
}

/** Thresholds, exported so tests and the README quote the same numbers. */
export const THRESHOLDS = {
  /** Share of downloaded pieces that failed their hash check. */
  hashfailShare: 0.01,
  /** Share of received payload that was wasted (redundant or failed)... */
  wasteShare: 0.05,
  /**
   * ...and at least this much of it: the end game asks the last blocks of several peers at once
   * by design, which on a small download is a few percent by itself (960 KiB of 16 MiB measured
   * on an honest loopback run with three seeders on a busy machine).
   */
  wasteMinBytes: 8 * 1024 * 1024,
  /** Most peers we download from for the download to count as served by few seeders. */
  fewSeeders: 2,
  /** How long a condition must hold before it is a finding, ms. */
  sustainedMs: 10_000,
  /** A download at zero rate with peers connected for this long is a stall, ms. */
  stallMs: 30_000,
  /** Share of tracker announces that failed. */
  trackerErrorShare: 0.2,
  /** Share of the wire bytes that were not payload, while payload moved at overheadMinRate or more. */
  overheadShare: 0.15,
  overheadMinRate: 64 * 1024,
  /** At most this many peers connected while at least fewPeersAvailable were on offer, for fewPeersMs. */
  fewPeers: 2,
  fewPeersAvailable: 10,
  fewPeersMs: 60_000,
  /** Share of outgoing connection attempts that failed, once at least connectFailuresMin failed. */
  connectFailureShare: 0.5,
  connectFailuresMin: 20,
} as const;

/** Intervals where `holds(k)` (sample k-1 → k) is true, merged across gaps up to `gapMs`. */
function spans(input: FindingsInput, holds: (k: number) => boolean, gapMs = 5_000): TimeSpan[] {
  const out: TimeSpan[] = [];
  const t = input.t;
  for (let k = 1; k < input.length; k++) {
    if (!holds(k)) continue;
    const from = t[k - 1] as number;
    const to = t[k] as number;
    const last = out[out.length - 1];
    if (last && from - last.to <= gapMs) out[out.length - 1] = { from: last.from, to };
    else out.push({ from, to });
  }
  return out;
}

/**
 * A test of "t lies in (from, to] of one of the ranges" for times asked in increasing order
 * (a scan over the samples): one pass over the ranges instead of a search per sample, so a long
 * session with many short ranges costs O(samples + ranges).
 */
function within(ranges: readonly TimeSpan[]): (t: number) => boolean {
  let i = 0;
  return (t) => {
    while (i < ranges.length && (ranges[i] as TimeSpan).to < t) i++;
    const r = ranges[i];
    return r !== undefined && t > r.from && t <= r.to;
  };
}

const total = (ranges: readonly TimeSpan[]) => ranges.reduce((a, r) => a + (r.to - r.from), 0);

type Column = (name: string) => ArrayLike<number> | null;

function columnsByName(input: FindingsInput): Column {
  const index = new Map(input.registry.map((e, i) => [e.name, i]));
  return (name) => {
    const i = index.get(name);
    const c = i === undefined ? undefined : input.columns[i];
    if (!c || input.length === 0 || Number.isNaN(c[input.length - 1] as number)) return null;
    return c;
  };
}

/** Increase of a counter over sample k-1 → k (a drop is a reset: the new value is the increase). */
function inc(c: ArrayLike<number>, k: number): number {
  const d = (c[k] as number) - (c[k - 1] as number);
  return d >= 0 ? d : (c[k] as number);
}

function sum(input: FindingsInput, c: ArrayLike<number>): number {
  let s = 0;
  for (let k = 1; k < input.length; k++) s += inc(c, k);
  return s;
}

function hashfailShare(input: FindingsInput, col: Column): Finding | null {
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

function wasteShare(input: FindingsInput, col: Column): Finding | null {
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

/**
 * Downloading, from at most a couple of peers, with no other peers on offer: the download
 * went as fast as those seeders sent, not as fast as this session could take.
 */
function limitedBySeeders(input: FindingsInput, col: Column): Finding | null {
  const rate = col('bw.payload_download_rate');
  const from = col('peer.num_downloading');
  const connected = col('peer.peers_connected');
  const available = col('peer.peers_available');
  if (!rate || !from || !connected || !available) return null;
  const holds = (k: number) =>
    (rate[k] as number) > 0 &&
    (from[k] as number) > 0 &&
    (from[k] as number) <= THRESHOLDS.fewSeeders &&
    (available[k] as number) <= (connected[k] as number);
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.sustainedMs);
  if (ranges.length === 0) return null;
  let most = 0;
  let bytes = 0;
  let ms = 0;
  const inRange = within(ranges);
  for (let k = 1; k < input.length; k++) {
    const t1 = input.t[k] as number;
    if (!inRange(t1)) continue;
    most = Math.max(most, from[k] as number);
    const dt = t1 - (input.t[k - 1] as number);
    bytes += (rate[k] as number) * (dt / 1000);
    ms += dt;
  }
  return {
    rule: 'limited-by-seeders',
    severity: 'info',
    title: 'Limited by the seeders',
    measured: `For ${formatDuration(ms / 1000)} the download came from ${most === 1 ? 'one peer' : `${most} peers`} at ${formatBytes(bytes / Math.max(0.001, ms / 1000))}/s on average, and the swarm offered no others.`,
    why: 'The seeders sent as fast as they would: a faster line or other settings here would not speed this download up; more seeders would.',
    metrics: ['bw.payload_download_rate', 'peer.num_downloading', 'peer.peers_connected', 'peer.peers_available'],
    value: most,
    threshold: THRESHOLDS.fewSeeders,
    ranges,
  };
}

/** A torrent downloading, peers connected, and nothing arriving for a long time. */
function longStalls(input: FindingsInput, col: Column): Finding | null {
  const rate = col('bw.payload_download_rate');
  const downloading = col('peer.num_downloading_torrents');
  const connected = col('peer.peers_connected');
  if (!rate || !downloading || !connected) return null;
  const holds = (k: number) =>
    (downloading[k] as number) > 0 && (connected[k] as number) > 0 && (rate[k] as number) === 0;
  const ranges = spans(input, holds, 0).filter((r) => r.to - r.from >= THRESHOLDS.stallMs);
  if (ranges.length === 0) return null;
  const longest = Math.max(...ranges.map((r) => r.to - r.from));
  return {
    rule: 'long-stalls',
    severity: 'warning',
    title: 'Downloads stalled with peers connected',
    measured: `${ranges.length} stall${ranges.length === 1 ? '' : 's'} with no payload arriving although peers were connected; the longest ${formatDuration(longest / 1000)}.`,
    why: 'Peers that are connected but send nothing are choking us or lack the pieces we need; the download waits on them.',
    metrics: ['bw.payload_download_rate', 'peer.num_downloading_torrents', 'peer.peers_connected'],
    value: longest,
    threshold: THRESHOLDS.stallMs,
    ranges,
  };
}

function trackerErrors(input: FindingsInput, col: Column): Finding | null {
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
function overhead(dir: 'down' | 'up') {
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

/** Few peers connected although many are on offer, while a torrent downloads. */
function fewPeers(input: FindingsInput, col: Column): Finding | null {
  const connected = col('peer.peers_connected');
  const available = col('peer.peers_available');
  const downloading = col('peer.num_downloading_torrents');
  if (!connected || !available || !downloading) return null;
  const holds = (k: number) =>
    (downloading[k] as number) > 0 &&
    (connected[k] as number) <= THRESHOLDS.fewPeers &&
    (available[k] as number) >= THRESHOLDS.fewPeersAvailable;
  const ranges = spans(input, holds).filter((r) => r.to - r.from >= THRESHOLDS.fewPeersMs);
  if (ranges.length === 0) return null;
  let most = 0;
  for (let k = 0; k < input.length; k++) most = Math.max(most, available[k] as number);
  return {
    rule: 'few-peers',
    severity: 'warning',
    title: 'Few peers connected of those on offer',
    measured: `At most ${THRESHOLDS.fewPeers} peers connected while up to ${most.toLocaleString('en-US')} were known, for ${formatDuration(total(ranges) / 1000)} of downloading.`,
    why: 'A download fed by one or two peers runs at their pace; a connection limit, a firewall or failing outgoing connections keep the rest away.',
    metrics: ['peer.peers_connected', 'peer.peers_available', 'peer.num_downloading_torrents'],
    value: THRESHOLDS.fewPeers,
    threshold: THRESHOLDS.fewPeersAvailable,
    ranges,
  };
}

/** Outgoing connections that mostly fail (counted with diagnostics on). */
function connectFailures(input: FindingsInput, col: Column): Finding | null {
  const failures = col('connect.failures_total');
  const connects = col('dispatch.peer_connect_total');
  if (!failures || !connects) return null;
  const f = sum(input, failures);
  const c = sum(input, connects);
  const share = f / Math.max(1, f + c);
  if (f < THRESHOLDS.connectFailuresMin || share < THRESHOLDS.connectFailureShare) return null;
  return {
    rule: 'connect-failures',
    severity: 'warning',
    title: 'Most outgoing connections failed',
    measured: `${f.toLocaleString('en-US')} of ${(f + c).toLocaleString('en-US')} connection attempts (${formatPercent(share)}) failed.`,
    why: 'Peers that cannot be reached are stale addresses, firewalled, or refused by a filter; the session spends its connection slots waiting on them.',
    metrics: ['connect.failures_total', 'dispatch.peer_connect_total'],
    value: share,
    threshold: THRESHOLDS.connectFailureShare,
    ranges: spans(input, (k) => inc(failures, k) > 0),
  };
}

const RULES = [
  hashfailShare,
  wasteShare,
  limitedBySeeders,
  longStalls,
  trackerErrors,
  fewPeers,
  connectFailures,
  overhead('down'),
  overhead('up'),
];

/** Every finding of a session (or a window of it), warnings first. */
export function findings(input: FindingsInput): Finding[] {
  if (input.length < 2) return [];
  const col = columnsByName(input);
  const out = RULES.map((r) => r(input, col)).filter((f): f is Finding => f !== null);
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
}

/** A finding as JSON for the CLI (`info --json`, `compare --json`): ranges as ISO times. */
export function findingJson(f: Finding) {
  return {
    ...f,
    ranges: f.ranges.map((r) => ({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() })),
  };
}

/** A session's figures as the host sends them for a report: with the findings over every sample. */
export type FiguresWithFindings = SessionFigures & { readonly findings?: readonly Finding[] };
