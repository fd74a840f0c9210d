import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { HostStatus, TorrentInfo } from '../../shared/api';
import type { StatsHost } from '../live/statsHost';

/*
 * irontide's /api/v1/events WebSocket, answered by `serve`: query `interval` (ms, default 1000,
 * 0 for no heartbeat) and `mask` (alert categories, default 0xFFF). Server -> client:
 *   {"type":"stats","counters":{name: value, …}}   each interval (metrics this source cannot
 *                                                  report are left out, never sent as 0)
 *   {"type":"alert","alert":{"timestamp":ms,"kind":{"StateChanged":{…}}},"category":"STATUS"}
 *   {"type":"lagged","dropped":N}                  when N messages were dropped for a slow reader
 * Client -> server: {"type":"set_mask","mask":"0x041"}, {"type":"get_stats"}.
 * While this host itself has no current reading (it watches an engine that is down), no stats
 * go out: a watcher sees the silence as lagging, not as numbers that stopped moving.
 */

const CATEGORY = { STATUS: 0x1, ERROR: 0x2, PEER: 0x4, TRACKER: 0x8, STORAGE: 0x10, DHT: 0x20, STATS: 0x40 } as const;
/** Unsent bytes beyond which a message is dropped (and counted in the next lagged notice). */
const BACKLOG = 256 * 1024;

interface Alert {
  readonly category: keyof typeof CATEGORY;
  readonly kind: Record<string, unknown>;
}

export interface EventsSockets {
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

function parseMask(text: string | null | undefined): number | null {
  const s = (text ?? '').trim();
  if (!s) return null;
  const hex = /^0x/i.test(s) ? s.slice(2) : /[a-f]/i.test(s) ? s : null;
  const n = hex !== null ? Number.parseInt(hex, 16) : Number.parseInt(s, 10);
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff && /^(0x)?[0-9a-f]+$/i.test(s) ? n : null;
}

/** What changed in the torrent list, as irontide alerts. */
function torrentAlerts(before: readonly TorrentInfo[], after: readonly TorrentInfo[]): Alert[] {
  const old = new Map(before.map((t) => [t.infoHash, t]));
  const out: Alert[] = [];
  for (const t of after) {
    const o = old.get(t.infoHash);
    if (!o) out.push({ category: 'STATUS', kind: { TorrentAdded: { info_hash: t.infoHash, name: t.name } } });
    else if (o.state !== t.state)
      out.push({
        category: 'STATUS',
        kind: { StateChanged: { info_hash: t.infoHash, prev_state: o.state, new_state: t.state } },
      });
    old.delete(t.infoHash);
  }
  for (const t of old.values()) out.push({ category: 'STATUS', kind: { TorrentRemoved: { info_hash: t.infoHash } } });
  return out;
}

export function eventsSockets(host: StatsHost): EventsSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<{ alert(a: Alert, t: number): void; stop(): void }>();
  let torrents: readonly TorrentInfo[] = host.state().torrents ?? [];
  let error: string | null = host.state().error;

  const onStatus = (s: HostStatus) => {
    const t = Date.now();
    const alerts = torrentAlerts(torrents, s.torrents ?? []);
    torrents = s.torrents ?? [];
    if (s.error && s.error !== error) alerts.push({ category: 'ERROR', kind: { SessionError: { message: s.error } } });
    error = s.error;
    for (const a of alerts) for (const c of clients) c.alert(a, t);
  };
  host.on('status', onStatus);

  function counters(): Record<string, number> | null {
    if (host.latest()?.gap) return null;
    const values = host.counters.snapshot();
    const missing = host.notReported();
    const out: Record<string, number> = {};
    host.registry.forEach((e, i) => {
      if (missing[i] === undefined) out[e.name] = values[i] as number;
    });
    return out;
  }

  function attach(ws: WebSocket, url: URL): void {
    const asked = url.searchParams.get('interval');
    const n = asked === null ? 1000 : Number(asked);
    const interval = Number.isFinite(n) && n > 0 ? Math.min(Math.max(Math.round(n), 10), 60_000) : 0;
    let mask = parseMask(url.searchParams.get('mask')) ?? 0xfff;
    let dropped = 0;
    const sendMsg = (m: unknown) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > BACKLOG) {
        dropped++;
        return;
      }
      if (dropped > 0) {
        ws.send(JSON.stringify({ type: 'lagged', dropped }));
        dropped = 0;
      }
      ws.send(JSON.stringify(m));
    };
    const stats = () => {
      const c = counters();
      if (c) sendMsg({ type: 'stats', counters: c });
    };
    const timer = interval > 0 ? setInterval(stats, interval) : null;
    timer?.unref();
    const client = {
      alert(a: Alert, t: number) {
        const bits = CATEGORY[a.category];
        if (mask & bits) sendMsg({ type: 'alert', alert: { timestamp: t, kind: a.kind }, category: a.category });
      },
      stop() {
        if (timer) clearInterval(timer);
        clients.delete(client);
      },
    };
    clients.add(client);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => client.stop());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let m: { type?: unknown; mask?: unknown } | null = null;
      try {
        m = JSON.parse(String(data));
      } catch {
        return; // irontide ignores what it cannot read
      }
      if (m?.type === 'get_stats') stats();
      else if (m?.type === 'set_mask') mask = parseMask(String(m.mask ?? '')) ?? mask;
    });
  }

  return {
    accept(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, url));
    },
    close() {
      host.off('status', onStatus);
      for (const c of [...clients]) c.stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
