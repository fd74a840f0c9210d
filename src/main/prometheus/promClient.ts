import { z } from 'zod';
import type { PromMatrixSeries } from '../../shared/promImport/assemble';

/*
 * The few calls of Prometheus' HTTP API (v1) an import and the fleet view need, with every
 * answer checked. Thanos, Mimir and VictoriaMetrics answer the same API. A user and password
 * in the address (prometheus://user:pass@host:9090) are sent as Basic auth and kept out of
 * everything this returns: `server` is the address without them.
 */

/** The most points query_range gives per series (Prometheus' own limit). */
export const MAX_POINTS = 11_000;

export class PromError extends Error {}

export interface PromServer {
  /** http(s)://host:port[/prefix], no credentials, no trailing slash: safe to show and record. */
  readonly server: string;
  /** Query parameters of the address (?instance=...), for callers that take them. */
  readonly params: URLSearchParams;
  readonly authorization?: string;
}

/** prometheus://host:9090, prometheus+https://host/prefix, or http(s)://... */
export function parsePromAddress(address: string): PromServer {
  const m = /^(prometheus(?:\+(https?))?|https?):\/\//i.exec(address);
  if (!m) throw new PromError(`"${address}" is not a Prometheus address (prometheus://host:9090)`);
  const scheme = (m[2] ?? (m[1]?.toLowerCase().startsWith('http') ? m[1] : 'http')).toLowerCase();
  let url: URL;
  try {
    url = new URL(`${scheme}://${address.slice(m[0].length)}`);
  } catch {
    throw new PromError(`"${address.replace(/\/\/[^@/]*@/, '//…@')}" is not a valid address`);
  }
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  const params = new URLSearchParams(url.search);
  const server = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { server, params, ...(authorization ? { authorization } : {}) };
}

const Envelope = z.union([
  z.object({ status: z.literal('success'), data: z.unknown(), warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() }),
]);
const Labels = z.record(z.string(), z.string());
// The values are checked by a loop (pointsOk): zod over a million [t, "v"] pairs costs more than the query.
const Matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: Labels, values: z.array(z.unknown()) })),
});

function pointsOk(values: readonly unknown[]): values is [number, string][] {
  for (const p of values)
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'string') return false;
  return true;
}
const Vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: Labels, value: z.tuple([z.number(), z.string()]) })),
});
const Metadata = z.record(z.string(), z.array(z.object({ type: z.string(), help: z.string(), unit: z.string() })));

export class PromClient {
  constructor(
    readonly target: PromServer,
    private readonly timeoutMs = 30_000,
  ) {}

  get server(): string {
    return this.target.server;
  }

  private async get(path: string, params: [string, string][]): Promise<unknown> {
    const url = `${this.server}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: this.target.authorization ? { authorization: this.target.authorization } : {},
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const c = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? (e as Error).message;
      throw new PromError(`${this.server} cannot be reached (${cause})`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PromError(`${this.server}${path} answered ${res.status} with something other than JSON`);
    }
    const env = Envelope.safeParse(body);
    if (!env.success) throw new PromError(`${this.server}${path} answered ${res.status} without a Prometheus envelope`);
    if (env.data.status === 'error') throw new PromError(`${this.server}${path}: ${env.data.error}`);
    return env.data.data;
  }

  /** The label sets of every series matching `match` in [start, end] (epoch s). */
  async series(match: string, start?: number, end?: number): Promise<Record<string, string>[]> {
    const p: [string, string][] = [['match[]', match]];
    if (start !== undefined) p.push(['start', String(start)]);
    if (end !== undefined) p.push(['end', String(end)]);
    const r = z.array(Labels).safeParse(await this.get('/api/v1/series', p));
    if (!r.success) throw new PromError(`${this.server}/api/v1/series: not a list of label sets`);
    return r.data;
  }

  /** The instant vector of `query` (at `time`, default now). */
  async query(query: string, time?: number) {
    const p: [string, string][] = [['query', query]];
    if (time !== undefined) p.push(['time', String(time)]);
    const r = Vector.safeParse(await this.get('/api/v1/query', p));
    if (!r.success) throw new PromError(`${this.server}/api/v1/query: not an instant vector`);
    return r.data.result;
  }

  /**
   * The raw samples of `selector` in the last windowS seconds before the server's now (a range
   * selector in an instant query): every sample it scraped, at the times it scraped them.
   */
  async samples(selector: string, windowS: number): Promise<PromMatrixSeries[]> {
    const r = Matrix.safeParse(await this.get('/api/v1/query', [['query', `${selector}[${Math.ceil(windowS)}s]`]]));
    if (!r.success || !r.data.result.every((x) => pointsOk(x.values)))
      throw new PromError(`${this.server}/api/v1/query: not a matrix of [time, "value"] points`);
    return r.data.result as PromMatrixSeries[];
  }

  /** "Prometheus 2.45.3", or what answers the same API without saying its version. */
  async version(): Promise<string> {
    const r = z
      .object({ version: z.string() })
      .safeParse(await this.get('/api/v1/status/buildinfo', []).catch(() => null));
    return r.success ? `Prometheus ${r.data.version}` : 'a Prometheus-compatible server';
  }

  /** Metric types by name, where the server knows them (untyped ones are left out). */
  async types(): Promise<Record<string, string>> {
    const r = Metadata.safeParse(await this.get('/api/v1/metadata', []));
    if (!r.success) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.data)) if (v[0]) out[k] = v[0].type;
    return out;
  }

  /**
   * query_range over [start, end] every stepS seconds, in pages of at most MAX_POINTS steps
   * (Prometheus refuses more per series). Each page is handed to `page` as it arrives, so a
   * long range is never held twice. Returns the number of pages.
   */
  async queryRange(
    query: string,
    start: number,
    end: number,
    stepS: number,
    page: (result: PromMatrixSeries[]) => void,
  ): Promise<number> {
    const span = (MAX_POINTS - 1) * stepS;
    let pages = 0;
    for (let k = 0; start + k * (span + stepS) <= end; k++) {
      const a = start + k * (span + stepS);
      const b = Math.min(end, a + span);
      const r = Matrix.safeParse(
        await this.get('/api/v1/query_range', [
          ['query', query],
          ['start', String(a)],
          ['end', String(b)],
          ['step', String(stepS)],
        ]),
      );
      if (!r.success || !r.data.result.every((x) => pointsOk(x.values)))
        throw new PromError(`${this.server}/api/v1/query_range: not a matrix of [time, "value"] points`);
      page(r.data.result as PromMatrixSeries[]);
      pages++;
    }
    return pages;
  }
}
