import { SourceFailure } from './adapter';

/*
 * HTTP for adapters: one GET/PATCH/POST helper whose failures are SourceFailures naming the
 * address (never its credentials) and what to do, so every adapter words them alike.
 */

export interface HttpTarget {
  /** http://host:port, no credentials */
  readonly base: string;
  /** what the user sees: irontide://127.0.0.1:9080 */
  readonly shown: string;
  /** what kind of engine should answer, for the messages ("an irontide daemon") */
  readonly expected: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** ms before a request counts as unanswered (default 5000) */
  readonly timeoutMs?: number;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name did not resolve',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  UND_ERR_SOCKET: 'the connection broke',
};

/** A network error (refused, DNS, timeout) as an 'unreachable' failure that says what to check. */
export function networkFailure(target: Pick<HttpTarget, 'shown' | 'expected'>, e: unknown): SourceFailure {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string }; code?: string };
  const code = err.cause?.code ?? err.code ?? '';
  const what =
    err.name === 'TimeoutError'
      ? 'no answer in time'
      : (NETWORK_WORDS[code] ?? err.cause?.message ?? err.message ?? 'failed');
  return new SourceFailure(
    'unreachable',
    `nothing answers at ${target.shown} (${what}): is ${target.expected} running there, and is the port right?`,
  );
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * A request whose answer must be JSON. 401/403 are 'auth'; anything not JSON is 'protocol'
 * ("answered HTML: is this …?"); other statuses come back to the caller with their body.
 */
export async function requestJson(
  target: HttpTarget,
  path: string,
  signal: AbortSignal,
  init: { method?: string; body?: unknown } = {},
): Promise<JsonAnswer> {
  let res: Response;
  const timeout = AbortSignal.timeout(target.timeoutMs ?? 5000);
  try {
    res = await fetch(`${target.base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...target.headers,
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.any([signal, timeout]),
      redirect: 'manual',
    });
  } catch (e) {
    if (signal.aborted) throw new SourceFailure('unreachable', `${target.shown}: stopped`);
    throw networkFailure(target, e);
  }
  const text = await res.text().catch(() => '');
  if (res.status === 401 || res.status === 403)
    throw new SourceFailure(
      'auth',
      `${target.shown} refused the request (HTTP ${res.status}): check the access token or credentials`,
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = res.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    throw new SourceFailure(
      'protocol',
      `${target.shown} answered ${path} with HTTP ${res.status} and ${type}, not JSON: is this ${target.expected}?`,
    );
  }
  return { status: res.status, body };
}
