import type { RegistryEntry } from './registry-types';

/** Prometheus metric name for a registry name: tidegauge_net_bytes_sent(_total). */
export function prometheusName(entry: RegistryEntry): string {
  const base = `tidegauge_${entry.name.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  return entry.kind === 'counter' ? `${base}_total` : base;
}

function escapeHelp(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * Prometheus text exposition (format 0.0.4). Metrics the source does not report are left
 * out rather than exported as zeros, so a Grafana panel shows "no data", not a flat line.
 */
export function toPrometheusText(
  registry: readonly RegistryEntry[],
  values: ArrayLike<number>,
  skip: (index: number) => boolean = () => false,
): string {
  const lines: string[] = [];
  registry.forEach((e, i) => {
    if (skip(i)) return;
    const name = prometheusName(e);
    const unit = e.unit && e.unit !== 'count' ? ` (${e.unit})` : '';
    lines.push(`# HELP ${name} ${escapeHelp((e.description || e.name) + unit)}`);
    lines.push(`# TYPE ${name} ${e.kind === 'counter' ? 'counter' : 'gauge'}`);
    lines.push(`${name} ${formatValue(values[i] as number)}`);
  });
  return `${lines.join('\n')}\n`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
