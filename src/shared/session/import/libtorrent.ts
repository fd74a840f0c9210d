import { builtinRegistry, metricIndex } from '../../registry';
import type { RegistryEntry } from '../../registry-types';
import { ColumnBuilder } from '../data';
import {
  baseMeta,
  type ImportContext,
  ImportError,
  type ImportReport,
  type ImportResult,
  type LineImporter,
  numberProblem,
  parseNumber,
  refuseDamagedLine,
  unterminatedNote,
} from './common';
import { type LineInfo, PLAIN_LINE } from './lines';

/*
 * libtorrent session-stats logs: a `session stats header: name, name, ...` line, then
 * `session stats (N values): v, v, ...` lines (what parse_session_stats.py reads; any prefix
 * such as a timestamp is ignored, other log lines are skipped, even when they are not UTF-8).
 * The lines carry no time, so samples are placed `interval` apart.
 */

/** Our metric <- libtorrent 2.0 metric, where the meaning is the same. */
export const LIBTORRENT_DIRECT: Readonly<Record<string, string>> = {
  'net.bytes_sent': 'net.sent_bytes',
  'net.bytes_recv': 'net.recv_bytes',
  'net.num_connections': 'peer.num_peers_connected',
  'net.num_half_open': 'peer.num_peers_half_open',
  'net.num_tcp_peers': 'peer.num_tcp_peers',
  'net.num_utp_peers': 'peer.num_utp_peers',
  'net.num_utp_connections': 'utp.num_utp_connected',
  'disk.read_count': 'disk.num_read_ops',
  'disk.write_count': 'disk.num_write_ops',
  'disk.queue_depth': 'disk.queued_disk_jobs',
  'disk.job_time_us': 'disk.disk_job_time',
  'disk.write_buffer_bytes': 'disk.queued_write_bytes',
  'dht.nodes': 'dht.dht_nodes',
  'dht.bytes_in': 'dht.dht_bytes_in',
  'dht.bytes_out': 'dht.dht_bytes_out',
  'peer.num_unchoked': 'peer.num_peers_up_unchoked',
  'peer.num_interested': 'peer.num_peers_up_interested',
  'peer.num_uploading': 'peer.num_peers_up_requests',
  'peer.num_downloading': 'peer.num_peers_down_requests',
  'peer.num_seeding_torrents': 'ses.num_seeding_torrents',
  'peer.num_downloading_torrents': 'ses.num_downloading_torrents',
  'peer.num_checking_torrents': 'ses.num_checking_torrents',
  'peer.num_paused_torrents': 'ses.num_stopped_torrents',
  'peer.peers_connected': 'peer.num_peers_connected',
  'peer.num_banned': 'peer.num_banned_peers',
  'proto.pieces_downloaded': 'ses.num_piece_passed',
  'proto.hashfails': 'ses.num_piece_failed',
  'proto.piece_requests': 'ses.num_outgoing_request',
  'proto.piece_rejects': 'ses.num_incoming_reject',
  'proto.pex_messages_in': 'ses.num_incoming_pex',
  'proto.pex_messages_out': 'ses.num_outgoing_pex',
  // Payload bytes: our totals count the torrent data, the *_bytes above count everything.
  'bw.total_uploaded': 'net.sent_payload_bytes',
  'bw.total_downloaded': 'net.recv_payload_bytes',
};

/** libtorrent's disk block: its num_blocks_* counters are in these units. */
const BLOCK = 16 * 1024;

interface Derivation {
  readonly from: readonly string[];
  readonly how: string;
  /** Value at sample i from the source values at i and i-1 (null for the first sample). */
  readonly f: (cur: (n: string) => number, prev: ((n: string) => number) | null, dtS: number) => number;
}

const rate = (name: string): Derivation => ({
  from: [name],
  how: `per-second change of ${name}`,
  f: (cur, prev, dt) => (prev && dt > 0 ? Math.max(0, cur(name) - prev(name)) / dt : 0),
});

export const LIBTORRENT_DERIVED: Readonly<Record<string, Derivation>> = {
  'bw.upload_rate': rate('net.sent_bytes'),
  'bw.download_rate': rate('net.recv_bytes'),
  'bw.payload_upload_rate': rate('net.sent_payload_bytes'),
  'bw.payload_download_rate': rate('net.recv_payload_bytes'),
  'disk.read_bytes': {
    from: ['disk.num_blocks_read'],
    how: `disk.num_blocks_read x ${BLOCK} (libtorrent counts 16 KiB blocks)`,
    f: (c) => c('disk.num_blocks_read') * BLOCK,
  },
  'disk.write_bytes': {
    from: ['disk.num_blocks_written'],
    how: `disk.num_blocks_written x ${BLOCK} (libtorrent counts 16 KiB blocks)`,
    f: (c) => c('disk.num_blocks_written') * BLOCK,
  },
  'disk.hash_count': {
    from: ['ses.num_piece_passed', 'ses.num_piece_failed'],
    how: 'pieces that passed + failed the hash check',
    f: (c) => c('ses.num_piece_passed') + c('ses.num_piece_failed'),
  },
  'proto.waste_bytes': {
    from: ['net.recv_redundant_bytes', 'net.recv_failed_bytes'],
    how: 'redundant + hash-failed bytes received',
    f: (c) => c('net.recv_redundant_bytes') + c('net.recv_failed_bytes'),
  },
};

/** libtorrent 2.0's gauges (session_stats_metrics() type); every other metric is a counter. */
const LIBTORRENT_GAUGES = new Set(
  (
    'peer.num_tcp_peers peer.num_socks5_peers peer.num_http_proxy_peers peer.num_utp_peers peer.num_i2p_peers ' +
    'peer.num_ssl_peers peer.num_ssl_socks5_peers peer.num_ssl_http_proxy_peers peer.num_ssl_utp_peers ' +
    'peer.num_peers_half_open peer.num_peers_connected peer.num_peers_up_interested peer.num_peers_down_interested ' +
    'peer.num_peers_up_unchoked_all peer.num_peers_up_unchoked_optimistic peer.num_peers_up_unchoked ' +
    'peer.num_peers_down_unchoked peer.num_peers_up_requests peer.num_peers_down_requests peer.num_peers_end_game ' +
    'peer.num_peers_up_disk peer.num_peers_down_disk net.limiter_up_queue net.limiter_down_queue ' +
    'net.limiter_up_bytes net.limiter_down_bytes net.has_incoming_connections ses.num_checking_torrents ' +
    'ses.num_stopped_torrents ses.num_upload_only_torrents ses.num_downloading_torrents ses.num_seeding_torrents ' +
    'ses.num_queued_seeding_torrents ses.num_queued_download_torrents ses.num_error_torrents ' +
    'ses.non_filter_torrents ses.num_unchoke_slots ses.num_outstanding_accept disk.request_latency ' +
    'disk.disk_blocks_in_use disk.queued_disk_jobs disk.num_running_disk_jobs disk.num_read_jobs ' +
    'disk.num_write_jobs disk.num_jobs disk.blocked_disk_jobs disk.num_writing_threads disk.num_running_threads ' +
    'disk.queued_write_bytes disk.num_fenced_read disk.num_fenced_write disk.num_fenced_hash ' +
    'disk.num_fenced_move_storage disk.num_fenced_release_files disk.num_fenced_delete_files ' +
    'disk.num_fenced_check_fastresume disk.num_fenced_save_resume_data disk.num_fenced_rename_file ' +
    'disk.num_fenced_stop_torrent disk.num_fenced_flush_piece disk.num_fenced_flush_hashed ' +
    'disk.num_fenced_flush_storage disk.num_fenced_file_priority disk.num_fenced_load_torrent ' +
    'disk.num_fenced_clear_piece disk.num_fenced_tick_storage dht.dht_nodes dht.dht_node_cache dht.dht_torrents ' +
    'dht.dht_peers dht.dht_immutable_data dht.dht_mutable_data dht.dht_allocated_observers utp.num_utp_idle ' +
    'utp.num_utp_syn_sent utp.num_utp_connected utp.num_utp_fin_sent utp.num_utp_close_wait utp.num_utp_deleted ' +
    'tracker.num_queued_tracker_announces'
  ).split(' '),
);

export function libtorrentKind(name: string): 'counter' | 'gauge' {
  return LIBTORRENT_GAUGES.has(name) ? 'gauge' : 'counter';
}

const HEADER = 'session stats header: ';
const VALUES = /session stats \((\d+) values\): ?(.*)$/;
/** The most values a line may carry: libtorrent 2.0 has 291 metrics; leave room for later ones. */
const MAX_NAMES = 4096;

type Producer = (row: Float64Array, prev: Float64Array | null) => number;

interface Plan {
  readonly registry: RegistryEntry[];
  readonly producers: (Producer | null)[];
  /** Input index of each kept (unmapped) metric, appended after ours. */
  readonly extra: number[];
  readonly mapped: { from: string; to: string }[];
  readonly derived: { to: string; from: string[]; how: string }[];
  readonly kept: string[];
  readonly leftOut: string[];
}

/** How each of our metrics is made from a log with these metric names. */
export function planLibtorrent(names: readonly string[], intervalMs: number, keepUnmapped: boolean): Plan {
  const at = new Map(names.map((n, i) => [n, i]));
  const reg = builtinRegistry();
  const used = new Set<string>();
  const mapped: { from: string; to: string }[] = [];
  const derived: { to: string; from: string[]; how: string }[] = [];
  const producers: (Producer | null)[] = reg.map(() => null);
  const dtS = intervalMs / 1000;
  for (const [ours, theirs] of Object.entries(LIBTORRENT_DIRECT)) {
    const j = at.get(theirs);
    if (j === undefined) continue;
    producers[metricIndex(ours)] = (row) => row[j] as number;
    mapped.push({ from: theirs, to: ours });
    used.add(theirs);
  }
  for (const [ours, d] of Object.entries(LIBTORRENT_DERIVED)) {
    if (d.from.some((n) => !at.has(n))) continue;
    const get = (row: Float64Array) => (n: string) => row[at.get(n) as number] as number;
    producers[metricIndex(ours)] = (row, prev) => d.f(get(row), prev ? get(prev) : null, dtS);
    derived.push({ to: ours, from: [...d.from], how: d.how });
    for (const n of d.from) used.add(n);
  }
  const registry: RegistryEntry[] = [...reg];
  const extra: number[] = [];
  const kept: string[] = [];
  if (keepUnmapped) {
    names.forEach((n, j) => {
      if (used.has(n)) return;
      registry.push({ name: `libtorrent.${n}`, kind: libtorrentKind(n), unit: '', category: 'libtorrent' });
      extra.push(j);
      kept.push(n);
    });
  }
  const leftOut = names.filter((n) => !used.has(n) && !kept.includes(n));
  return { registry, producers, extra, mapped, derived, kept, leftOut };
}

export class LibtorrentImporter implements LineImporter {
  private names: string[] | null = null;
  private plan: Plan | null = null;
  private out: ColumnBuilder | null = null;
  private prev: Float64Array | null = null;
  private vals = new Float64Array(0);
  private skipped = 0;
  /** The unterminated last values line, left out (see unterminatedNote). */
  private cutLast: number | null = null;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number, info: LineInfo = PLAIN_LINE): void {
    const h = text.indexOf(HEADER);
    const m = h >= 0 ? null : VALUES.exec(text);
    if (h < 0 && !m) {
      this.skipped++;
      return;
    }
    refuseDamagedLine(lineNo, info, text);
    if (info.unterminated && h < 0) {
      this.cutLast = lineNo;
      return;
    }
    if (h >= 0) {
      const names = text
        .slice(h + HEADER.length)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (names.length === 0 || names.length > MAX_NAMES)
        throw new ImportError(`the session stats header lists ${names.length} metrics`, lineNo);
      if (new Set(names).size !== names.length)
        throw new ImportError('the session stats header repeats a metric name', lineNo);
      if (this.names) {
        if (this.names.join() !== names.join())
          throw new ImportError(
            'a second session stats header with different metrics (two libtorrent versions in one log?); split the log and import each part',
            lineNo,
          );
        return;
      }
      this.names = names;
      this.plan = planLibtorrent(names, this.ctx.intervalMs, this.ctx.keepUnmapped ?? false);
      this.out = new ColumnBuilder(this.plan.registry.length);
      this.vals = new Float64Array(this.plan.registry.length);
      return;
    }
    if (!m) return;
    const { names, plan, out } = this;
    if (!names || !plan || !out)
      throw new ImportError('session stats values before any "session stats header:" line', lineNo);
    const declared = Number(m[1]);
    const parts = (m[2] ?? '').split(',');
    if (declared !== parts.length || parts.length !== names.length)
      throw new ImportError(
        `"session stats (${declared} values)" holds ${parts.length} values; the header lists ${names.length} metrics`,
        lineNo,
      );
    const row = new Float64Array(parts.length);
    let at = m.index + m[0].length - (m[2] ?? '').length;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const v = parseNumber(part);
      const problem = numberProblem(v, part);
      if (problem) {
        const column = [...text.slice(0, at + part.length - part.trimStart().length)].length + 1;
        throw new ImportError(`value ${i + 1} (${names[i]}) is ${problem}`, lineNo, column);
      }
      row[i] = v;
      at += part.length + 1;
    }
    const vals = this.vals;
    const base = plan.producers.length;
    for (let i = 0; i < base; i++) {
      const p = plan.producers[i];
      vals[i] = p ? p(row, this.prev) : Number.NaN;
    }
    for (let k = 0; k < plan.extra.length; k++) vals[base + k] = row[plan.extra[k] as number] as number;
    out.push(this.ctx.startMs + out.length * this.ctx.intervalMs, false, vals);
    this.prev = row;
  }

  finish(): ImportResult {
    const { plan, out } = this;
    if (!plan || !out) throw new ImportError('no "session stats header:" line: not a libtorrent session-stats log');
    if (out.length === 0) throw new ImportError('a session stats header but no "session stats (N values)" lines');
    const notReported: Record<string, string> = {};
    plan.producers.forEach((p, i) => {
      if (!p) notReported[String(i)] = 'not in libtorrent session stats';
    });
    const notes = [
      `samples placed ${this.ctx.intervalMs / 1000} s apart (libtorrent's lines carry no time; set --interval), starting at ${new Date(this.ctx.startMs).toISOString()} (${this.ctx.startFrom})`,
    ];
    if (this.skipped) notes.push(`${this.skipped} other log lines skipped`);
    if (this.cutLast !== null) notes.push(unterminatedNote(this.cutLast));
    const meta = baseMeta(this.ctx, 'libtorrent', plan.registry, notReported, this.ctx.startMs, this.ctx.intervalMs);
    const report: ImportReport = {
      format: 'libtorrent',
      samples: out.length,
      mapped: plan.mapped,
      derived: plan.derived,
      kept: plan.kept,
      leftOut: plan.leftOut,
      notes,
    };
    return { data: out.build(meta), report };
  }
}
