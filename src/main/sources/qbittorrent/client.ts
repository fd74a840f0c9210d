import { type DaemonAddress, daemonFetch, jsonBody } from '../daemon-http';
import { SourceFailure } from '../remote/adapter';

/*
 * qBittorrent's WebUI API v2: a form login that sets the SID cookie, and requests that carry it.
 * The traps (SOURCES.md): a wrong password is "200 Fails." (not 401), a missing or expired
 * cookie is 403, and after N failed logins the IP is banned with a 403 on everything, for an
 * hour by default. A banned client must stop retrying (each try would extend nothing but the
 * log), so the ban is its own failure kind. No Origin/Referer header is sent: qBittorrent's CSRF
 * check refuses a mismatching one and passes requests without.
 */

const BANNED = /banned/i;

export class QbtClient {
  private sid: string | null = null;

  constructor(private readonly addr: DaemonAddress) {}

  get display(): string {
    return this.addr.display;
  }

  async login(signal: AbortSignal): Promise<void> {
    this.sid = null;
    const body = new URLSearchParams({ username: this.addr.user, password: this.addr.password });
    const r = await daemonFetch(
      this.display,
      `${this.addr.base}/api/v2/auth/login`,
      { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      signal,
    );
    const text = await r.text();
    if (r.status === 403 && BANNED.test(text)) {
      throw new SourceFailure(
        'banned',
        `${this.display}: qBittorrent has banned this address after too many failed logins; not retrying. ` +
          'Fix the password, then wait for the ban to end (WebUI\\BanDuration, an hour by default) or restart qBittorrent.',
      );
    }
    if (r.status === 200 && text.trim() === 'Fails.') {
      throw new SourceFailure(
        'auth',
        `${this.display}: qBittorrent refused the user name or password (after a few failures it bans this address)`,
      );
    }
    const cookie = /(?:^|[;,]\s*)SID=([^;]+)/.exec(r.headers.get('set-cookie') ?? '');
    if (r.status === 200 && text.trim() === 'Ok.') {
      // With WebUI\LocalHostAuth=false (or a whitelisted subnet) there is no cookie: no login needed.
      this.sid = cookie?.[1] ?? '';
      return;
    }
    throw new SourceFailure(
      'protocol',
      `${this.display}: this is not qBittorrent's WebUI (login answered HTTP ${r.status}${text.length < 80 ? ` "${text.trim()}"` : ''})`,
    );
  }

  /** A request with the cookie; on 403 (session expired: qBittorrent restarted) one re-login. */
  async request(path: string, signal: AbortSignal, form?: URLSearchParams | FormData): Promise<Response> {
    if (this.sid === null) await this.login(signal);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = this.sid ? { cookie: `SID=${this.sid}` } : {};
      const r = await daemonFetch(
        this.display,
        `${this.addr.base}/api/v2/${path}`,
        form ? { method: 'POST', body: form, headers } : { headers },
        signal,
      );
      if (r.status !== 403) return r;
      const text = await r.text();
      if (BANNED.test(text)) {
        this.sid = null;
        throw new SourceFailure('banned', `${this.display}: qBittorrent has banned this address; not retrying`);
      }
      if (attempt > 0)
        throw new SourceFailure('auth', `${this.display}: qBittorrent refuses the session after a fresh login`);
      await this.login(signal);
    }
  }

  async json(path: string, signal: AbortSignal): Promise<unknown> {
    const r = await this.request(path, signal);
    if (!r.ok) throw new SourceFailure('protocol', `${this.display}: ${path.split('?')[0]} answered HTTP ${r.status}`);
    return jsonBody(this.display, 'qBittorrent', r);
  }

  async text(path: string, signal: AbortSignal): Promise<string> {
    const r = await this.request(path, signal);
    if (!r.ok) throw new SourceFailure('protocol', `${this.display}: ${path.split('?')[0]} answered HTTP ${r.status}`);
    return (await r.text()).trim();
  }

  /** POST a command; qBittorrent answers 200 with "Ok." or an empty body, "Fails." on refusal. */
  async command(path: string, form: URLSearchParams | FormData, signal: AbortSignal): Promise<void> {
    const r = await this.request(path, signal, form);
    const text = (await r.text()).trim();
    if (!r.ok || text === 'Fails.') {
      throw new SourceFailure(
        'protocol',
        `${this.display}: qBittorrent refused ${path} (HTTP ${r.status}${text ? ` "${text.slice(0, 80)}"` : ''})`,
      );
    }
  }

  forget(): void {
    this.sid = null;
  }
}
