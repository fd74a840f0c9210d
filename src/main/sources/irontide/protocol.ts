import type { SwarmCount, TorrentField, TorrentInfo } from '../../../shared/api';
import type { SourceEvent } from '../remote/adapter';

/*
 * irontide's /api/v1 shapes, parsed from untrusted JSON. Each parser returns the value or a
 * string saying what was wrong, for a message that names it.
 */

export interface CounterEntry {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  /** null: not reported (a Tidegauge serve says so; irontide always sends a number) */
  readonly value: number | null;
  /** why value is null (a Tidegauge serve says) */
  readonly reason?: string;
}

const MAX_ENTRIES = 4096;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** GET /api/v1/session/counters: [{name, kind, value}], registry order. */
export function parseCounters(body: unknown): CounterEntry[] | string {
  if (!Array.isArray(body)) return `/api/v1/session/counters answered ${kindOf(body)}, not a list of counters`;
  if (body.length === 0 || body.length > MAX_ENTRIES) return `/api/v1/session/counters listed ${body.length} counters`;
  const out: CounterEntry[] = [];
  for (const [i, e] of body.entries()) {
    const o = e as { name?: unknown; kind?: unknown; value?: unknown } | null;
    if (!o || typeof o !== 'object' || typeof o.name !== 'string' || o.name.length > 200)
      return `entry ${i} of /api/v1/session/counters has no name`;
    if (o.kind !== 'counter' && o.kind !== 'gauge') return `counter ${o.name} has kind ${String(o.kind).slice(0, 40)}`;
    if (o.value !== null && typeof o.value !== 'number') return `counter ${o.name} has a value that is not a number`;
    const reason = (e as { reason?: unknown }).reason;
    out.push({
      name: o.name,
      kind: o.kind,
      value: o.value as number | null,
      ...(typeof reason === 'string' ? { reason: reason.slice(0, 500) } : {}),
    });
  }
  return out;
}

export type EventMessage =
  | { readonly type: 'stats'; readonly counters: Map<string, number> }
  | { readonly type: 'alert'; readonly alert: unknown; readonly category: string }
  | { readonly type: 'lagged'; readonly dropped: number };

/** One text message of /api/v1/events, or what it was instead. */
export function parseEventMessage(text: string): EventMessage | string {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return `text that is not JSON (${JSON.stringify(text.slice(0, 40))})`;
  }
  const o = m as { type?: unknown; counters?: unknown; dropped?: unknown; alert?: unknown; category?: unknown } | null;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return `${kindOf(m)} instead of a message with a type`;
  if (o.type === 'stats') {
    if (!o.counters || typeof o.counters !== 'object' || Array.isArray(o.counters))
      return 'a stats message without a counters object';
    const counters = new Map<string, number>();
    for (const [k, v] of Object.entries(o.counters as Record<string, unknown>)) {
      if (typeof v === 'number') counters.set(k, v);
      else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) counters.set(k, Number(v));
    }
    return { type: 'stats', counters };
  }
  if (o.type === 'lagged') {
    const n = Number(o.dropped);
    return Number.isFinite(n) && n >= 0 ? { type: 'lagged', dropped: n } : 'a lagged message without a count';
  }
  if (o.type === 'alert') return { type: 'alert', alert: o.alert, category: String(o.category ?? '') };
  return `a message of type ${JSON.stringify(String(o.type).slice(0, 40))}`;
}

/** An alert as a timestamped event: {"timestamp":…, "kind":{"StateChanged":{…}}} or "kind":"Name". */
export function parseAlert(m: Extract<EventMessage, { type: 'alert' }>): SourceEvent | null {
  const a = m.alert as { timestamp?: unknown; kind?: unknown } | null;
  if (!a || typeof a !== 'object') return null;
  const ts = a.timestamp;
  let t = Date.now();
  if (typeof ts === 'number' && Number.isFinite(ts)) t = ts < 1e11 ? ts * 1000 : ts;
  else if (typeof ts === 'string' && Number.isFinite(Date.parse(ts))) t = Date.parse(ts);
  else if (ts && typeof ts === 'object') {
    const s = ts as { secs_since_epoch?: unknown; nanos_since_epoch?: unknown };
    if (typeof s.secs_since_epoch === 'number')
      t = s.secs_since_epoch * 1000 + Math.floor(Number(s.nanos_since_epoch ?? 0) / 1e6);
  }
  const k = a.kind;
  const kind = typeof k === 'string' ? k : k && typeof k === 'object' ? (Object.keys(k)[0] ?? 'alert') : 'alert';
  const detail = k && typeof k === 'object' ? JSON.stringify((k as Record<string, unknown>)[kind] ?? {}) : '';
  return {
    t,
    kind: kind.slice(0, 200),
    message:
      `${m.category ? `${m.category.slice(0, 60)}: ` : ''}${kind}${detail && detail !== '{}' ? ` ${detail}` : ''}`.slice(
        0,
        2000,
      ),
  };
}

const STATES: readonly TorrentInfo['state'][] = ['metadata', 'checking', 'downloading', 'seeding', 'paused'];

function stateOf(v: unknown): TorrentInfo['state'] {
  const s = String(v ?? '').toLowerCase();
  const known = STATES.find((k) => s.startsWith(k.slice(0, 5)));
  if (known) return known;
  if (s.includes('seed') || s.includes('finished') || s.includes('complete')) return 'seeding';
  if (s.includes('pause') || s.includes('stop')) return 'paused';
  if (s.includes('meta')) return 'metadata';
  if (s.includes('check')) return 'checking';
  return 'downloading';
}

const num = (...vs: unknown[]): number => {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return 0;
};

/** GET /api/v1/torrents: irontide's summaries (snake_case) or a Tidegauge's TorrentInfo. */
export function parseTorrents(body: unknown): TorrentInfo[] {
  if (!Array.isArray(body)) throw new Error(`the torrent list is ${kindOf(body)}, not a list`);
  return body.slice(0, 100_000).flatMap((e) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const hash = String(o.infoHash ?? o.info_hash ?? o.hash ?? '');
    if (!/^[0-9a-fA-F]{40}$/.test(hash)) return [];
    return [
      {
        infoHash: hash.toLowerCase(),
        name: String(o.name ?? '').slice(0, 1000),
        state: stateOf(o.state),
        progress: Math.min(1, Math.max(0, num(o.progress))),
        length: num(o.length, o.total_size, o.size),
        pieces: num(o.pieces, o.num_pieces),
        peers: num(o.peers, o.num_peers),
        ...rowReadings(o),
      },
    ];
  });
}

const opt = (...vs: unknown[]): number | undefined => {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return undefined;
};

function swarmOf(v: unknown): SwarmCount | null | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const connected = opt(o.connected);
  if (connected === undefined) return undefined;
  const swarm = opt(o.swarm);
  return { connected, swarm: swarm === undefined || swarm < 0 ? null : swarm };
}

/** The table's readings under either side's names; what the list lacks is said, not zeroed. */
function rowReadings(o: Record<string, unknown>): Pick<TorrentInfo, Exclude<TorrentField, 'swarm'> | 'unreported'> {
  const unreported: { -readonly [K in TorrentField]?: string } = {};
  const lacks = (k: TorrentField, v: unknown) => {
    if (v === undefined) unreported[k] = `the remote torrent list has no ${k}`;
  };
  const downRate = opt(o.downRate, o.download_rate, o.download_payload_rate);
  const upRate = opt(o.upRate, o.upload_rate, o.upload_payload_rate);
  const eta = opt(o.eta);
  const ratio = opt(o.ratio);
  const seeds =
    swarmOf(o.seeds) ??
    (opt(o.num_seeds) !== undefined ? { connected: opt(o.num_seeds) as number, swarm: null } : undefined);
  const leechers = swarmOf(o.leechers);
  for (const [k, v] of [
    ['downRate', downRate],
    ['upRate', upRate],
    ['eta', eta],
    ['ratio', ratio],
    ['seeds', seeds],
    ['leechers', leechers],
  ] as const)
    lacks(k, v);
  const given = o.unreported && typeof o.unreported === 'object' ? (o.unreported as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(given))
    if (typeof v === 'string' && TORRENT_FIELDS.includes(k as TorrentField))
      unreported[k as TorrentField] = v.slice(0, 300);
  if (seeds?.swarm == null && !unreported.swarm) unreported.swarm = 'the remote torrent list has no swarm counts';
  return {
    downRate: downRate ?? null,
    upRate: upRate ?? null,
    eta: eta === undefined || eta < 0 ? null : eta,
    ratio: ratio === undefined || ratio < 0 ? null : ratio,
    seeds: seeds ?? null,
    leechers: leechers ?? null,
    unreported,
  };
}

const TORRENT_FIELDS: readonly TorrentField[] = ['downRate', 'upRate', 'eta', 'ratio', 'seeds', 'leechers', 'swarm'];
