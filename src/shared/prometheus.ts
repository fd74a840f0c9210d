import { metricByConstant } from './registry';
import type { RegistryEntry } from './registry-types';

/*
 * Prometheus text exposition (format 0.0.4) of a session's metrics, named as Prometheus'
 * naming guide asks and as `promtool check metrics` checks: snake_case, base units as the
 * last word before `_total` (`_bytes`, `_seconds`, `_bytes_per_second`), values converted to
 * those units (µs and ms counters are exported in seconds, and their HELP says so), `_total`
 * once on every counter and on nothing else.
 */

interface UnitRule {
  readonly suffix: string;
  /** Registry value / divisor = exported value. */
  readonly divisor: number;
  /** Words of the registry name that only said the unit; the suffix says it now. */
  readonly drop: readonly string[];
  /** The unit's name in the description, rewritten to "seconds" with a note. */
  readonly counted?: string;
}

const TIME_WORDS = ['us', 'ms', 'secs', 'sec', 'seconds'];
const UNITS: Readonly<Record<string, UnitRule>> = {
  B: { suffix: 'bytes', divisor: 1, drop: ['bytes'] },
  'B/s': { suffix: 'bytes_per_second', divisor: 1, drop: ['bytes', 'rate'] },
  us: { suffix: 'seconds', divisor: 1e6, drop: TIME_WORDS, counted: 'microseconds' },
  ms: { suffix: 'seconds', divisor: 1e3, drop: TIME_WORDS, counted: 'milliseconds' },
  s: { suffix: 'seconds', divisor: 1, drop: TIME_WORDS },
};

export interface PrometheusMetric {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  /** Registry value / divisor = exported value (1e6 for a µs counter exported in seconds). */
  readonly divisor: number;
}

/** The words of a metric name in snake_case: "net.bytes_sent" -> net, bytes, sent. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The Prometheus name of a registry entry: tidegauge_net_sent_bytes_total for net.bytes_sent,
 * tidegauge_disk_job_time_seconds_total for disk.job_time_us, tidegauge_dispatch_acquire_total
 * for dispatch.acquire_total, tidegauge_bw_upload_bytes_per_second for bw.upload_rate.
 */
export function prometheusName(entry: RegistryEntry): string {
  const counter = entry.kind === 'counter';
  const rule = UNITS[entry.unit];
  let w = words(entry.name);
  if (rule) {
    // "latency_sum_us" is a running sum of a time: latency_seconds_total says it.
    w = w.filter((x, i) => !rule.drop.includes(x) && !(x === 'sum' && rule.drop.includes(w[i + 1] ?? '')));
  }
  if (counter) w = w.filter((x) => x !== 'total');
  return ['tidegauge', ...w, ...(rule ? [rule.suffix] : []), ...(counter ? ['total'] : [])].join('_');
}

/** Name, type, HELP text and unit conversion of one registry entry. */
export function prometheusMetric(entry: RegistryEntry): PrometheusMetric {
  const rule = UNITS[entry.unit];
  return {
    name: prometheusName(entry),
    type: entry.kind === 'counter' ? 'counter' : 'gauge',
    help: helpText(entry, rule),
    divisor: rule?.divisor ?? 1,
  };
}

function helpText(entry: RegistryEntry, rule: UnitRule | undefined): string {
  let help = (entry.description ?? '')
    // TYPE says counter or gauge.
    .replace(/\s*\((counter|gauge)\)/g, '')
    .replace(/;\s*(counter|gauge)\)/g, ')')
    .replace(/\s+/g, ' ')
    // "Divide by FIRST_BLOCK_LATENCY_COUNT": name the series a PromQL user divides by.
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, (c) => {
      const m = metricByConstant(c);
      return m ? prometheusName(m) : c;
    })
    .trim();
  if (!help) help = `${entry.name}.`;
  if (rule?.counted) {
    help = `${help.replace(new RegExp(`\\b${rule.counted}\\b`, 'g'), 'seconds')} Exported in seconds (the source counts ${rule.counted}).`;
  } else if (!rule && entry.unit && entry.unit !== 'count') {
    help = `${help} Unit: ${entry.unit}.`;
  }
  return `${help} Tidegauge metric ${entry.name}.`;
}

/** What the session can report right now. */
export interface PrometheusScope {
  /** Metric index -> why the source cannot report it: left out, not exported as 0. */
  readonly notReported: Readonly<Record<number, string>>;
  /** Whether the diagnostic counters are being counted; while they are not, diagnostic metrics are left out. */
  readonly diagnostics: boolean;
}

function escapeHelp(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * Metrics the source does not report, and diagnostic metrics while diagnostics are off, are
 * left out rather than exported as zeros, so a Grafana panel shows "no data", not a flat line.
 * Two entries that would get one name (possible only in a foreign registry) export the first.
 */
export function toPrometheusText(
  registry: readonly RegistryEntry[],
  values: ArrayLike<number>,
  scope: PrometheusScope,
): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  registry.forEach((e, i) => {
    if (scope.notReported[i] !== undefined) return;
    if (e.diagnostic === true && !scope.diagnostics) return;
    const m = prometheusMetric(e);
    if (seen.has(m.name)) return;
    seen.add(m.name);
    lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`);
    lines.push(`# TYPE ${m.name} ${m.type}`);
    lines.push(`${m.name} ${formatSample((values[i] as number) / m.divisor)}`);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function formatSample(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
