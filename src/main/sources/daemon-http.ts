import { SourceFailure } from './remote/adapter';

/*
 * What the three daemon adapters (qBittorrent, Transmission, Deluge) share: their addresses
 * (`kind://user:pass@host:port/path`, credentials taken out at once so they never reach a
 * message), and one HTTP call whose failures become SourceFailure kinds a user can act on.
 */

export interface DaemonAddress {
  /** http://host:port/path, no credentials */
  readonly base: string;
  readonly user: string;
  readonly password: string;
  /** kind://host:port/path, as shown to a user */
  readonly display: string;
  readonly query: URLSearchParams;
}

export function parseDaemonAddress(
  address: string,
  kind: string,
  defaultPort: number,
  defaultPath = '',
): DaemonAddress {
  let u: URL;
  try {
    u = new URL(address);
  } catch {
    throw new SourceFailure('protocol', `${kind}: "${address.replace(/\/\/[^@/]*@/, '//')}" is not an address`);
  }
  if (u.protocol !== `${kind}:`) throw new SourceFailure('protocol', `${kind}: the address must start with ${kind}://`);
  const port = u.port || String(defaultPort);
  const path = u.pathname && u.pathname !== '/' ? u.pathname : defaultPath;
  // Only http here: a TLS front (nginx) in front of a daemon is addressed with ?tls=1.
  const scheme = u.searchParams.get('tls') === '1' ? 'https' : 'http';
  return {
    base: `${scheme}://${u.hostname}:${port}${path}`,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    display: `${kind}://${u.hostname}:${port}${path}`,
    query: u.searchParams,
  };
}

const TIMEOUT_MS = 10_000;

function causeCode(e: unknown): string {
  let c: unknown = e;
  for (let i = 0; i < 4 && c && typeof c === 'object'; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return '';
}

/** fetch, with network errors turned into 'unreachable' or 'protocol' failures naming the address. */
export async function daemonFetch(
  display: string,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
  } catch (e) {
    if (signal.aborted) throw e;
    const code = causeCode(e);
    if (code === 'ECONNREFUSED') {
      throw new SourceFailure(
        'unreachable',
        `${display}: connection refused: is the daemon running, and on this port?`,
      );
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new SourceFailure('unreachable', `${display}: no such host`);
    if (code.startsWith('HPE_') || code === 'UND_ERR_INFO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      throw new SourceFailure(
        'protocol',
        `${display}: what answers on this port does not speak HTTP (${code}): is it the right port?`,
      );
    }
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
      throw new SourceFailure('unreachable', `${display}: the connection was closed (${code}): did the daemon stop?`);
    }
    if (
      (e as Error).name === 'TimeoutError' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'UND_ERR_HEADERS_TIMEOUT'
    ) {
      throw new SourceFailure('unreachable', `${display}: no answer within ${TIMEOUT_MS / 1000} s`);
    }
    throw new SourceFailure('unreachable', `${display}: ${(e as Error).message}${code ? ` (${code})` : ''}`);
  }
}

/** The body as JSON, or a 'protocol' failure saying that this is not the engine expected. */
export async function jsonBody(display: string, engine: string, r: Response): Promise<unknown> {
  const text = await r.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceFailure(
      'protocol',
      `${display}: the answer is not ${engine}'s JSON (HTTP ${r.status}): is it the right port?`,
    );
  }
}

/** The daemons' settings lose secret-looking keys the same way as every other engine's. */
export { withoutSecrets } from './remote/secrets';

/** A number from a daemon that may send numbers as strings ("0", "1.5"); NaN stays out. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
