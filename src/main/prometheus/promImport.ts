import { randomBytes } from 'node:crypto';
import { PromRangeAssembler } from '../../shared/promImport/assemble';
import type { SessionData } from '../../shared/session/data';
import { ImportError, type ImportReport } from '../../shared/session/import/index';
import { APP_VERSION } from '../version';
import { PromClient, PromError, parsePromAddress } from './promClient';

/*
 * A range of one instance from a Prometheus server as a session in memory: find the series the
 * matchers select (one instance, else say which ones), ask for all of them in one query_range
 * (paged), lay them on the step grid. The CLI's `import prometheus://…` and the Library's
 * "From Prometheus" dialog both call this.
 */

export interface PromImportOptions {
  /** prometheus://host:9090 (?instance=… adds a matcher). */
  readonly address: string;
  /** Label matchers (instance="box1:7420") or a selector ({job="x"}, up{…}). */
  readonly match?: string;
  /** Epoch seconds. */
  readonly from: number;
  readonly to: number;
  readonly stepS: number;
  readonly title?: string;
  readonly id?: string;
}

export interface PromImported {
  readonly data: SessionData;
  readonly report: ImportReport;
  readonly instance: string;
  readonly pages: number;
}

/** instance="a" -> {instance="a"}; a selector is left as it is. Adds extra matchers inside the braces. */
export function selectorOf(match: string | undefined, extra: string[] = []): string {
  const m = (match ?? '').trim();
  const withBraces = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?$|^\{.*\}$/s.test(m) ? m : `{${m}}`;
  if (!extra.length) return withBraces === '{}' ? '{__name__=~".+"}' : withBraces;
  const open = withBraces.indexOf('{');
  if (open < 0) return `${withBraces}{${extra.join(',')}}`;
  const inner = withBraces.slice(open + 1, -1).trim();
  return `${withBraces.slice(0, open)}{${[inner, ...extra].filter(Boolean).join(',')}}`;
}

function quote(v: string): string {
  return JSON.stringify(v);
}

/** A time for --from/--to: epoch seconds, ISO 8601, "now" or "now-1h" (s, m, h, d). */
export function parsePromTime(text: string, nowS = Date.now() / 1000): number {
  const t = text.trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  const rel = /^now(?:\s*-\s*(\d+(?:\.\d+)?)([smhd]))?$/.exec(t);
  if (rel) return nowS - (rel[1] ? Number(rel[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's'] : 0);
  const ms = Date.parse(t);
  if (/^\d{4}-\d\d-\d\d/.test(t) && Number.isFinite(ms)) return ms / 1000;
  throw new PromError(`"${text}" is not a time: give epoch seconds, ISO 8601 (2026-12-02T13:00:00Z), now or now-1h`);
}

export async function importFromPrometheus(o: PromImportOptions, client?: PromClient): Promise<PromImported> {
  const target = parsePromAddress(o.address);
  const c = client ?? new PromClient(target);
  const extra = target.params.get('instance') ? [`instance=${quote(target.params.get('instance') as string)}`] : [];
  const selector = selectorOf(o.match, extra);
  const series = await c.series(selector, o.from, o.to);
  const instances = [...new Set(series.map((s) => s.instance ?? ''))].sort();
  if (!instances.length)
    throw new PromError(`no series match ${selector} on ${c.server} between ${iso(o.from)} and ${iso(o.to)}`);
  if (instances.length > 1)
    throw new PromError(
      `${selector} matches ${instances.length} instances (${instances.slice(0, 8).join(', ')}${instances.length > 8 ? ', …' : ''}): add instance="…" to the matchers`,
    );
  const instance = instances[0] as string;
  const [types] = await Promise.all([c.types().catch(() => ({}))]);
  const asm = new PromRangeAssembler({
    server: c.server,
    query: selector,
    instance,
    from: o.from,
    to: o.to,
    stepS: o.stepS,
    id:
      o.id ?? `prometheus-${instance.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60)}-${randomBytes(2).toString('hex')}`,
    appVersion: APP_VERSION,
    ...(o.title ? { title: o.title } : {}),
  });
  const pages = await c.queryRange(selector, o.from, o.to, o.stepS, (page) => asm.add(page));
  try {
    const { data, report } = asm.finish(types);
    return { data, report: { ...report, notes: [...report.notes, `${pages} query_range pages`] }, instance, pages };
  } catch (e) {
    if (e instanceof ImportError) throw new PromError(e.message);
    throw e;
  }
}

function iso(s: number): string {
  return new Date(s * 1000).toISOString();
}
