import WebSocket from 'ws';
import type { TorrentInfo } from '../../../shared/api';
import {
  type Connected,
  type NameMap,
  type Reading,
  type RemoteAdapter,
  type SourceEvent,
  SourceFailure,
} from '../remote/adapter';
import { type HttpTarget, networkFailure, requestJson } from '../remote/http';
import { withoutSecrets } from '../remote/secrets';
import type { TorrentControl } from '../Source';
import { parseAlert, parseCounters, parseEventMessage, parseTorrents } from './protocol';

/*
 * irontide's daemon API (/api/v1, as its public client's routes serve it), and another
 * Tidegauge's `serve`, which answers the same shapes behind its access token:
 *   GET   /api/v1/session/counters   [{name, kind, value}] in registry order: the registry
 *   GET   /api/v1/session/settings   the settings; PATCH (JSON merge patch) switches
 *                                    enable_diagnostic_counters
 *   GET   /api/v1/torrents           the torrents
 *   WS    /api/v1/events?interval=MS&mask=0xFFF   {"type":"stats"|"alert"|"lagged", …}
 */

export interface IrontideAdapterOptions {
  readonly kind: 'irontide' | 'tidegauge';
  /** host:port (IPv6 in brackets) */
  readonly authority: string;
  /** Another Tidegauge's access token (sent as a bearer header, never in a shown URL). */
  readonly token?: string;
  readonly mapping: NameMap;
  /** Alert categories to ask for (default 0xFFF: all). */
  readonly mask?: number;
}

const EXPECTED = { irontide: 'an irontide daemon (irontide daemon --api-port …)', tidegauge: 'a Tidegauge serve' };

export class IrontideAdapter implements RemoteAdapter {
  readonly kind: 'irontide' | 'tidegauge';
  readonly displayAddress: string;
  readonly mapping: NameMap;
  readonly torrents: TorrentControl;
  private readonly target: HttpTarget;
  private socket: WebSocket | null = null;
  private closed = false;

  constructor(private readonly options: IrontideAdapterOptions) {
    this.kind = options.kind;
    this.displayAddress = `${options.kind}://${options.authority}`;
    this.mapping = options.mapping;
    this.target = {
      base: `http://${options.authority}`,
      shown: this.displayAddress,
      expected: EXPECTED[options.kind],
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    };
    const unsupported = async (): Promise<never> => {
      throw new Error(`torrents are managed on ${this.displayAddress} itself; this connection only lists them`);
    };
    this.torrents = {
      list: () => this.listTorrents(),
      add: unsupported,
      pause: unsupported,
      resume: unsupported,
      remove: unsupported,
    };
  }

  async connect(signal: AbortSignal): Promise<Connected> {
    this.closed = false;
    const { status, body } = await requestJson(this.target, '/api/v1/session/counters', signal);
    if (status !== 200) throw this.notEngine(`/api/v1/session/counters answered HTTP ${status}`);
    const counters = parseCounters(body);
    if (typeof counters === 'string') throw this.notEngine(counters);
    const registry = counters.map((c) => ({ name: c.name, kind: c.kind }));
    let version = `${this.kind === 'tidegauge' ? 'Tidegauge' : 'irontide'} (${registry.length} metrics)`;
    if (this.kind === 'tidegauge') {
      const info = await requestJson(this.target, '/api/v1/session/info', signal).catch(() => null);
      const app = (info?.body as { appVersion?: unknown } | null)?.appVersion;
      if (typeof app === 'string') version = `Tidegauge ${app.slice(0, 64)} (${registry.length} metrics)`;
    }
    const settings = await requestJson(this.target, '/api/v1/session/settings', signal).catch(() => null);
    const provenance =
      settings?.status === 200 && settings.body && typeof settings.body === 'object' && !Array.isArray(settings.body)
        ? withoutSecrets(settings.body as Record<string, unknown>)
        : undefined;
    return { version, registry, ...(provenance ? { provenance } : {}) };
  }

  async poll(signal: AbortSignal): Promise<Reading> {
    const { status, body } = await requestJson(this.target, '/api/v1/session/counters', signal);
    if (status !== 200) throw this.notEngine(`/api/v1/session/counters answered HTTP ${status}`);
    const counters = parseCounters(body);
    if (typeof counters === 'string') throw this.notEngine(counters);
    const values = new Map<string, number>();
    for (const c of counters) if (c.value !== null) values.set(c.name, c.value);
    return { values };
  }

  subscribe(intervalMs: number, onReading: (r: Reading) => void, onError: (e: SourceFailure) => void): () => void {
    const mask = `0x${(this.options.mask ?? 0xfff).toString(16).toUpperCase()}`;
    const url = `ws://${this.options.authority}/api/v1/events?interval=${intervalMs}&mask=${mask}`;
    const ws = new WebSocket(url, { headers: this.target.headers, handshakeTimeout: 5000, maxPayload: 4 << 20 });
    this.socket = ws;
    let done = false;
    let missed = 0;
    let events: SourceEvent[] = [];
    const fail = (f: SourceFailure) => {
      if (done) return;
      done = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      if (!this.closed) onError(f);
    };
    ws.on('unexpected-response', (_req, res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      if (code === 401 || code === 403)
        fail(
          new SourceFailure(
            'auth',
            `${this.displayAddress} refused the event stream (HTTP ${code}): check the access token`,
          ),
        );
      else fail(this.notEngine(`/api/v1/events answered HTTP ${code} instead of a WebSocket`));
    });
    ws.on('error', (e) => fail(networkFailure(this.target, e)));
    ws.on('close', (code) =>
      fail(
        new SourceFailure('unreachable', `${this.displayAddress} closed the event stream (code ${code}); reconnecting`),
      ),
    );
    ws.on('message', (data, isBinary) => {
      const m = isBinary ? 'binary data' : parseEventMessage(String(data));
      if (typeof m === 'string') {
        fail(this.notEngine(`the event stream sent ${m}`));
        return;
      }
      if (m.type === 'lagged') missed += m.dropped;
      else if (m.type === 'alert') {
        const ev = parseAlert(m);
        if (ev) events.push(ev);
      } else {
        onReading({ values: m.counters, ...(missed ? { missed } : {}), ...(events.length ? { events } : {}) });
        missed = 0;
        events = [];
      }
    });
    return () => {
      if (done) return;
      done = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.close();
      if (this.socket === ws) this.socket = null;
    };
  }

  async setDiagnostics(on: boolean, signal: AbortSignal): Promise<void> {
    const { status, body } = await requestJson(this.target, '/api/v1/session/settings', signal, {
      method: 'PATCH',
      body: { enable_diagnostic_counters: on },
    });
    if (status !== 200) {
      const why = (body as { error?: unknown })?.error;
      throw new SourceFailure(
        'protocol',
        `${this.displayAddress} did not switch diagnostics (HTTP ${status}${typeof why === 'string' ? `: ${why.slice(0, 200)}` : ''})`,
      );
    }
  }

  private async listTorrents(): Promise<readonly TorrentInfo[]> {
    const { status, body } = await requestJson(this.target, '/api/v1/torrents', AbortSignal.timeout(5000));
    if (status !== 200) throw new Error(`${this.displayAddress} answered /api/v1/torrents with HTTP ${status}`);
    return parseTorrents(body);
  }

  async close(): Promise<void> {
    this.closed = true;
    const ws = this.socket;
    this.socket = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
  }

  private notEngine(what: string): SourceFailure {
    return new SourceFailure('protocol', `${this.displayAddress}: ${what}; is this ${EXPECTED[this.kind]}?`);
  }
}
