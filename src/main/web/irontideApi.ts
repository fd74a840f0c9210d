import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from '../dispatch/Dispatcher';
import type { StatsHost } from '../live/statsHost';
import { readBody, sendJson } from './http';

/*
 * irontide's /api/v1 session and torrent shapes, answered by `serve` (its own registry already
 * goes out at GET /api/v1/session/counters): so an irontide adapter has a real server to talk
 * to, and one Tidegauge can watch another.
 *
 *   GET   /api/v1/session/stats     {active_torrents, total_downloaded, total_uploaded, dht_nodes}
 *   GET   /api/v1/session/settings  {enable_diagnostic_counters, sample_interval_ms}
 *   PATCH /api/v1/session/settings  JSON merge patch of those keys -> the settings
 *   GET   /api/v1/torrents          [{info_hash, name, state, progress, total_size, num_pieces, num_peers}]
 *
 * Changes go through the dispatcher like every shell's; a cross-origin change is refused, as
 * irontide refuses non-GET requests cross-origin.
 */

export const IRONTIDE_PATHS = ['/api/v1/session/stats', '/api/v1/session/settings', '/api/v1/torrents'];

function byName(host: StatsHost, values: Float64Array, name: string): number | null {
  const i = host.registry.findIndex((e) => e.name === name);
  if (i < 0 || host.notReported()[i] !== undefined) return null;
  const v = values[i] as number;
  return Number.isFinite(v) ? v : null;
}

function settings(host: StatsHost): Record<string, unknown> {
  const s = host.state();
  return { enable_diagnostic_counters: s.diagnostics, sample_interval_ms: s.intervalMs };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

/** Answer one of IRONTIDE_PATHS (the caller checked Host and the token). */
export async function handleIrontideRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  host: StatsHost,
  dispatcher: Dispatcher,
): Promise<void> {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (url.pathname === '/api/v1/session/settings' && method === 'PATCH') {
    if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-origin requests may not change settings' });
    let patch: unknown;
    try {
      patch = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'invalid settings: the body is not JSON' });
    }
    if (!patch || typeof patch !== 'object' || Array.isArray(patch))
      return sendJson(res, 400, { error: 'invalid settings: a merge patch is a JSON object' });
    const p = patch as Record<string, unknown>;
    const known = ['enable_diagnostic_counters', 'sample_interval_ms'];
    const unknown = Object.keys(p).find((k) => !known.includes(k));
    if (unknown) return sendJson(res, 400, { error: `invalid settings: unknown field \`${unknown.slice(0, 80)}\`` });
    const commands: unknown[] = [];
    if ('enable_diagnostic_counters' in p) {
      if (typeof p.enable_diagnostic_counters !== 'boolean')
        return sendJson(res, 400, { error: 'invalid settings: enable_diagnostic_counters must be true or false' });
      commands.push({ type: 'setDiagnostics', enabled: p.enable_diagnostic_counters });
    }
    if ('sample_interval_ms' in p) commands.push({ type: 'setInterval', ms: p.sample_interval_ms });
    for (const c of commands) {
      const answer = await dispatcher.command(c);
      if (!answer.ok) return sendJson(res, answer.status, { error: `invalid settings: ${answer.error}` });
    }
    return sendJson(res, 200, settings(host));
  }
  if (method !== 'GET') {
    const allow = url.pathname === '/api/v1/session/settings' ? 'GET, HEAD, PATCH' : 'GET, HEAD';
    return sendJson(res, 405, { error: `${req.method} is not allowed here` }, { allow });
  }
  if (url.pathname === '/api/v1/session/settings') return sendJson(res, 200, settings(host));
  if (url.pathname === '/api/v1/session/stats') {
    const v = host.counters.snapshot();
    return sendJson(res, 200, {
      active_torrents: byName(host, v, 'ses.active_torrents'),
      total_downloaded: byName(host, v, 'bw.total_downloaded'),
      total_uploaded: byName(host, v, 'bw.total_uploaded'),
      dht_nodes: byName(host, v, 'dht.nodes'),
    });
  }
  const list = host.state().torrents ?? [];
  return sendJson(
    res,
    200,
    list.map((t) => ({
      info_hash: t.infoHash,
      name: t.name,
      state: t.state,
      progress: t.progress,
      total_size: t.length,
      num_pieces: t.pieces,
      num_peers: t.peers,
    })),
  );
}
