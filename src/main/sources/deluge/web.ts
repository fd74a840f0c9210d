import { type DaemonAddress, daemonFetch, jsonBody } from '../daemon-http';
import { SourceFailure } from '../remote/adapter';

/*
 * deluge-web's JSON API (POST /json {method, params, id}): auth.login with the web password sets
 * the _session_id cookie; deluge-web is a client of a deluged (web.get_hosts, web.connect), and
 * core.* calls pass through to that daemon. Chosen over the daemon's own RPC (rencode + zlib over
 * TLS on 58846) because it is plain JSON over HTTP, what headless users already run, and what
 * the daemon RPC would add (no second process) does not outweigh a hand-written rencode codec.
 * Error codes: 1 not authenticated (cookie expired: log in again), 2 unknown method (core.* while
 * deluge-web has no daemon connected).
 */

export class DelugeWebError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class DelugeWeb {
  private cookie = '';
  private nextId = 1;

  constructor(private readonly addr: DaemonAddress) {}

  get display(): string {
    return this.addr.display;
  }

  private async raw(method: string, params: unknown[], signal: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    const body = JSON.stringify({ method, params, id: this.nextId++ });
    const r = await daemonFetch(this.display, `${this.addr.base}/json`, { method: 'POST', body, headers }, signal);
    const set = /(?:^|[;,]\s*)(_session_id=[^;]+)/.exec(r.headers.get('set-cookie') ?? '');
    if (set?.[1]) this.cookie = set[1];
    const json = (await jsonBody(this.display, "deluge-web's", r)) as {
      result?: unknown;
      error?: unknown;
      id?: unknown;
    };
    if (typeof json !== 'object' || json === null || !('result' in json) || !('error' in json)) {
      throw new SourceFailure(
        'protocol',
        `${this.display}: the answer is not deluge-web's JSON-RPC: is it the right port?`,
      );
    }
    if (json.error) {
      const e = json.error as { code?: unknown; message?: unknown };
      throw new DelugeWebError(Number(e.code ?? 0), String(e.message ?? 'error'));
    }
    return json.result;
  }

  async login(signal: AbortSignal): Promise<void> {
    this.cookie = '';
    const ok = await this.raw('auth.login', [this.addr.password], signal);
    if (ok !== true) {
      throw new SourceFailure(
        'auth',
        `${this.display}: deluge-web refused the password (the web UI password, "deluge" by default)`,
      );
    }
  }

  /** A call; on "not authenticated" (deluge-web restarted, session expired) one fresh login. */
  async call(method: string, params: unknown[], signal: AbortSignal): Promise<unknown> {
    try {
      return await this.raw(method, params, signal);
    } catch (e) {
      if (!(e instanceof DelugeWebError) || e.code !== 1) throw e;
      await this.login(signal);
      return this.raw(method, params, signal);
    }
  }

  /** deluge-web's daemon: the one it is connected to, else the host `daemon` (host:port) or its first. */
  async ensureDaemon(daemon: string | null, signal: AbortSignal): Promise<void> {
    if ((await this.call('web.connected', [], signal)) === true) return;
    const hosts = (await this.call('web.get_hosts', [], signal)) as [string, string, number, string][];
    if (!Array.isArray(hosts) || hosts.length === 0) {
      throw new SourceFailure(
        'unreachable',
        `${this.display}: deluge-web knows no daemon (add one in its connection manager)`,
      );
    }
    const host = daemon ? hosts.find(([, h, p]) => `${h}:${p}` === daemon) : hosts[0];
    if (!host) {
      const known = hosts.map(([, h, p]) => `${h}:${p}`).join(', ');
      throw new SourceFailure('unreachable', `${this.display}: deluge-web has no daemon ${daemon} (it knows ${known})`);
    }
    const [id, h, p] = host;
    const status = (await this.call('web.get_host_status', [id], signal)) as unknown[];
    if (Array.isArray(status) && status[1] === 'Offline') {
      throw new SourceFailure(
        'unreachable',
        `${this.display}: deluge-web runs, but its daemon at ${h}:${p} is offline: is deluged running?`,
      );
    }
    await this.call('web.connect', [id], signal);
    const deadline = Date.now() + 10_000;
    while ((await this.call('web.connected', [], signal)) !== true) {
      if (Date.now() > deadline)
        throw new SourceFailure('unreachable', `${this.display}: deluge-web could not connect to deluged at ${h}:${p}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A core.* call: "unknown method" there means deluge-web lost its daemon. */
  async core(method: string, params: unknown[], signal: AbortSignal): Promise<unknown> {
    try {
      return await this.call(method, params, signal);
    } catch (e) {
      if (e instanceof DelugeWebError && e.code === 2) {
        throw new SourceFailure(
          'unreachable',
          `${this.display}: deluge-web is not connected to its daemon (did deluged stop?)`,
        );
      }
      throw e;
    }
  }

  forget(): void {
    this.cookie = '';
  }
}
