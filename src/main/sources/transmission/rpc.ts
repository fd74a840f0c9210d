import { type DaemonAddress, daemonFetch, jsonBody } from '../daemon-http';
import { SourceFailure } from '../remote/adapter';

/*
 * Transmission's RPC: Basic auth, and the CSRF handshake: a request without the current
 * X-Transmission-Session-Id is answered 409 with the id to use, and the id rotates (a restart,
 * or at will), so every 409 means "resend with this header". Two dialects: 3.x/4.0's
 * `{method: "session-stats", arguments}` with camelCase and kebab-case names, and 4.1's
 * JSON-RPC 2.0 with snake_case names (the old one is deprecated there). Callers speak
 * snake_case only: `call` converts names both ways for the old dialect.
 */

export type Dialect = 'legacy' | 'jsonrpc';

/** Transmission 4.1 (RPC version 18) speaks JSON-RPC 2.0 with snake_case names. */
export const JSONRPC_FROM_RPC_VERSION = 18;

/** downloadSpeed, current-stats, isUTP, rpc-version -> download_speed, current_stats, is_utp, rpc_version */
export function snake(name: string): string {
  return name
    .replace(/-/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** download_speed -> downloadSpeed; the kebab-case exceptions of the old dialect are listed. */
const KEBAB = new Set([
  'current_stats',
  'cumulative_stats',
  'rpc_version',
  'peer_limit',
  'delete_local_data',
  'download_dir',
]);
export function legacyName(name: string): string {
  if (KEBAB.has(name)) return name.replace(/_/g, '-');
  if (name === 'hash_string') return 'hashString';
  if (name === 'is_utp') return 'isUTP';
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[snake(k)] = snakeKeys(x);
  return out;
}

function legacyArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    out[legacyName(k)] = k === 'fields' && Array.isArray(v) ? v.map((f) => legacyName(String(f))) : v;
  }
  return out;
}

export class TransmissionRpc {
  private sessionId = '';
  dialect: Dialect = 'legacy';
  private nextId = 1;
  /** 409 handshakes so far (the first, then one per rotation): tests read it. */
  handshakes = 0;

  constructor(private readonly addr: DaemonAddress) {}

  get display(): string {
    return this.addr.display;
  }

  /** Call `method` (snake_case, e.g. "session_stats"); the answer's names are snake_case. */
  async call(method: string, args: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const body =
      this.dialect === 'jsonrpc'
        ? { jsonrpc: '2.0', method, params: args, id }
        : { method: method.replace(/_/g, '-'), arguments: legacyArgs(args), tag: id };
    const auth = this.addr.user || this.addr.password ? `Basic ${btoa(`${this.addr.user}:${this.addr.password}`)}` : '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth) headers.authorization = auth;
      if (this.sessionId) headers['x-transmission-session-id'] = this.sessionId;
      const r = await daemonFetch(
        this.display,
        this.addr.base,
        { method: 'POST', body: JSON.stringify(body), headers },
        signal,
      );
      if (r.status === 409) {
        await r.arrayBuffer();
        const next = r.headers.get('x-transmission-session-id');
        if (!next)
          throw new SourceFailure(
            'protocol',
            `${this.display}: HTTP 409 without a session id: this is not Transmission`,
          );
        this.sessionId = next;
        this.handshakes++;
        continue;
      }
      if (r.status === 401) {
        await r.arrayBuffer();
        throw new SourceFailure(
          'auth',
          `${this.display}: Transmission refused the user name or password (rpc-username, rpc-password)`,
        );
      }
      if (r.status === 403) {
        const text = await r.text();
        throw new SourceFailure(
          'auth',
          `${this.display}: Transmission refuses this client's address (${/whitelist|unauthorized ip/i.test(text) ? 'rpc-whitelist' : 'HTTP 403'}): add it to rpc-whitelist`,
        );
      }
      if (r.status === 421) {
        await r.arrayBuffer();
        throw new SourceFailure(
          'auth',
          `${this.display}: Transmission refuses this host name: add it to rpc-host-whitelist`,
        );
      }
      if (r.status === 404) {
        await r.arrayBuffer();
        throw new SourceFailure(
          'protocol',
          `${this.display}: no Transmission RPC at this path (HTTP 404): is it /transmission/rpc?`,
        );
      }
      return this.answer(method, await jsonBody(this.display, 'Transmission', r));
    }
    throw new SourceFailure(
      'protocol',
      `${this.display}: Transmission kept answering 409 (session id rotating on every request)`,
    );
  }

  private answer(method: string, json: unknown): Record<string, unknown> {
    const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    if (this.dialect === 'jsonrpc') {
      if (o.error && typeof o.error === 'object') {
        const e = o.error as { message?: unknown; data?: { error_string?: unknown } };
        throw new Error(`Transmission: ${method}: ${String(e.data?.error_string ?? e.message ?? 'error')}`);
      }
      if (typeof o.result !== 'object' || o.result === null) {
        throw new SourceFailure('protocol', `${this.display}: ${method} answered no result: is this Transmission?`);
      }
      return o.result as Record<string, unknown>;
    }
    if (typeof o.result !== 'string') {
      throw new SourceFailure(
        'protocol',
        `${this.display}: ${method} answered JSON without "result": is this Transmission?`,
      );
    }
    if (o.result !== 'success') throw new Error(`Transmission: ${method}: ${o.result}`);
    return snakeKeys(o.arguments ?? {}) as Record<string, unknown>;
  }
}
