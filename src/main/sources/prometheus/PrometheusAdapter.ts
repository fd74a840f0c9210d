import { type LiveSeries, LiveTotals, upOf } from '../../../shared/promImport/live';
import { seriesMapping } from '../../../shared/promImport/names';
import { builtinRegistry } from '../../../shared/registry';
import { PromClient, PromError, parsePromAddress } from '../../prometheus/promClient';
import { type Connected, type NameMap, type Reading, type RemoteAdapter, SourceFailure } from '../remote/adapter';
import { identityMap } from '../remote/nameMap';

/*
 * One instance of a Prometheus server (or Thanos, Mimir, VictoriaMetrics) watched live, for a
 * box where only an exporter runs: prometheus://host:9090?instance=box1:7420[&job=…]. Connect
 * finds the instance's series and maps them onto our registry through the import's tables
 * (shared/promImport/names.ts: our own exposition and the common exporters); every poll reads
 * the raw samples since the last one (LiveTotals folds them, resets included) and reports them
 * under our names, so the framework's name map is the identity.
 */

const REGISTRY = builtinRegistry();
/** How far back connect looks for the instance's series (Prometheus' own lookback). */
const RECENT_S = 300;
/** How far back a catching-up poll reads at most. */
const MAX_WINDOW_S = 900;
/** How far back the "it knows these instances" hint looks. */
const KNOWN_S = 86_400;

export interface PrometheusTarget {
  /** prometheus://[user:pass@]host:port (no query) */
  readonly server: string;
  readonly instance: string;
  readonly job?: string;
}

function quote(v: string): string {
  return JSON.stringify(v);
}

export class PrometheusAdapter implements RemoteAdapter {
  readonly kind = 'prometheus';
  readonly displayAddress: string;
  /** Values are reported under our own names (the tables map them in connect). */
  readonly mapping: NameMap = identityMap();
  private readonly client: PromClient;
  private readonly matchers: string;
  private readonly totals = new LiveTotals();
  private connected = false;
  private names: readonly string[] = [];
  /** Server time (s) of the newest `up` sample at the last poll, and our clock then (ms). */
  private last: { t: number; at: number; lag: number } | null = null;
  private intervalS: number | null = null;

  constructor(private readonly target: PrometheusTarget) {
    this.client = new PromClient(parsePromAddress(target.server), 5000);
    this.matchers = [`instance=${quote(target.instance)}`, ...(target.job ? [`job=${quote(target.job)}`] : [])].join(
      ',',
    );
    const job = target.job ? `&job=${target.job}` : '';
    this.displayAddress = `${this.client.server.replace(/^http:/, 'prometheus:')}?instance=${target.instance}${job}`;
  }

  async connect(): Promise<Connected> {
    const now = Date.now() / 1000;
    const series = await this.call(() => this.client.series(`{${this.matchers}}`, now - RECENT_S, now));
    if (!series.length) throw await this.unknownInstance(now);
    const jobs = [...new Set(series.map((s) => s.job ?? ''))];
    if (jobs.length > 1)
      throw new SourceFailure(
        'protocol',
        `${this.where()}: instance ${this.target.instance} is scraped by jobs ${jobs.join(', ')}; add &job=… to the address`,
      );
    const live = new Map<string, LiveSeries>();
    const exporters = new Set<string>();
    const unmapped: string[] = [];
    for (const s of series) {
      const m = seriesMapping(s);
      const entry = m ? REGISTRY.find((e) => e.name === m.to) : undefined;
      if (!m || !entry || [...live.values()].some((x) => x.to === m.to)) {
        if (s.__name__ && s.__name__ !== 'up') unmapped.push(s.__name__);
        continue;
      }
      live.set(s.__name__ as string, { to: m.to, factor: m.factor, counter: entry.kind === 'counter' });
      exporters.add(m.exporter);
    }
    if (!live.size)
      throw new SourceFailure(
        'protocol',
        `${this.where()}: none of the ${series.length} series of ${this.target.instance} is one our tables know (Tidegauge's /metrics, qBittorrent, Transmission or Deluge exporters)`,
      );
    const by = [...exporters].join(', ');
    const ours = new Set([...live.values()].map((x) => x.to));
    const unreported: Record<string, string> = {};
    for (const e of REGISTRY)
      if (!ours.has(e.name))
        unreported[e.name] =
          `Prometheus has no series of ${this.target.instance} that maps to ${e.name} (it exports ${by} names)`;
    this.totals.retarget(live);
    this.names = ['up', ...live.keys()];
    this.connected = true;
    const version = await this.client.version();
    return {
      version: `${version} · ${this.target.instance} (${by})`,
      registry: REGISTRY.filter((e) => ours.has(e.name)).map((e) => ({ name: e.name, kind: e.kind })),
      unreported,
      provenance: {
        server: this.client.server,
        instance: this.target.instance,
        job: jobs[0] ?? '',
        exporters: [...exporters],
        mapped: Object.fromEntries([...live].map(([from, m]) => [from, m.to])),
        unmapped: [...new Set(unmapped)].sort().slice(0, 200),
      },
    };
  }

  async poll(): Promise<Reading> {
    const totals = this.totals;
    if (!this.connected) throw new SourceFailure('protocol', `${this.where()}: polled before connecting`);
    // Since the newest sample of the last poll, and a little more: samples already folded are skipped.
    const window = this.last
      ? Math.min(MAX_WINDOW_S, Math.max(5, (Date.now() - this.last.at) / 1000 + this.last.lag + 2))
      : RECENT_S;
    const selector = `{__name__=~${quote(this.names.map(escapeRegex).join('|'))},${this.matchers}}`;
    const [result, nowVector] = await this.call(() =>
      Promise.all([this.client.samples(selector, window), this.client.query('vector(time())').catch(() => [])]),
    );
    // Staleness is judged on the server's clock (it stamps the samples), not ours.
    const serverNow = Number(nowVector[0]?.value[1] ?? Date.now() / 1000);
    const up = upOf(result);
    if (up?.intervalS) this.intervalS = up.intervalS;
    const newestT = up?.t ?? this.last?.t ?? null;
    if (newestT === null) throw this.stale(null);
    const lag = Math.max(0, serverNow - newestT);
    // Prometheus scrapes on its own clock: a target not scraped for several intervals is away.
    if (lag > Math.max(10, 4 * (this.intervalS ?? 15) + 2)) throw this.stale(newestT);
    if (up && up.up === 0)
      throw new SourceFailure(
        'unreachable',
        `${this.where()}: its last scrape of ${this.target.instance} failed (up = 0): the target is down or not serving /metrics`,
      );
    totals.add(result);
    this.last = { t: newestT, at: Date.now(), lag };
    return { values: totals.values() };
  }

  async close(): Promise<void> {}

  private where(): string {
    return `Prometheus at ${this.client.server}`;
  }

  private stale(t: number | null): SourceFailure {
    const since = t === null ? `in the last ${RECENT_S / 60} min` : `since ${new Date(t * 1000).toISOString()}`;
    return new SourceFailure(
      'unreachable',
      `${this.where()} has no sample of ${this.target.instance} ${since}: is it still scraping it?`,
    );
  }

  private async unknownInstance(now: number): Promise<SourceFailure> {
    const up = await this.client.series('up', now - KNOWN_S, now).catch(() => []);
    const known = [...new Set(up.map((s) => s.instance ?? '').filter(Boolean))].sort();
    const job = this.target.job ? ` in job ${this.target.job}` : '';
    const hint = known.length
      ? `it knows ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`
      : 'it scrapes no targets';
    return new SourceFailure(
      'protocol',
      `${this.where()} has no series of instance ${this.target.instance}${job} in the last ${RECENT_S / 60} min; ${hint}`,
    );
  }

  /** A PromError as the failure kind it is: nothing answering, or something that is not Prometheus. */
  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof PromError)) throw e;
      const kind = /cannot be reached/.test(e.message)
        ? 'unreachable'
        : /\b401\b|\b403\b/.test(e.message)
          ? 'auth'
          : 'protocol';
      throw new SourceFailure(kind, `${e.message}${kind === 'unreachable' ? ': is Prometheus running there?' : ''}`);
    }
  }
}

function escapeRegex(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
