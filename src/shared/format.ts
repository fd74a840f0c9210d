/** Unit formatting shared by the dashboards, compare tables and reports. */

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

export function formatBytes(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < IEC.length - 1) {
    v /= 1024;
    u++;
  }
  return `${sign}${u === 0 ? String(Math.round(v)) : v.toFixed(digits)} ${IEC[u]}`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

/** A duration given in seconds: 45 s, 12 min 5 s, 3 h 20 min, 2 d 4 h. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A short duration from microseconds: 850 µs, 12.3 ms, 1.20 s. */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (Math.abs(us) < 1000) return `${us.toFixed(us < 10 ? 1 : 0)} µs`;
  if (Math.abs(us) < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** A value in its registry unit (B, B/s, count, us, ms, s, or anything a foreign registry carries). */
export function formatValue(v: number, unit: string): string {
  switch (unit) {
    case 'B':
      return formatBytes(v);
    case 'B/s':
      return `${formatBytes(v)}/s`;
    case 'us':
      return formatMicros(v);
    case 'ms':
      return formatMicros(v * 1000);
    case 's':
      return formatDuration(v);
    case 'count':
      return formatCount(v);
    default:
      return `${formatCount(v)}${unit ? ` ${unit}` : ''}`;
  }
}

/** A per-second rate of a counter with this unit: 1.2 MiB/s, 35 /s, 120 ms/s. */
export function formatRate(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'B') return `${formatBytes(v)}/s`;
  if (unit === 'count') return `${formatCount(v)} /s`;
  return `${formatValue(v, unit)}/s`;
}

/** A 0..1 ratio as a percentage: 0.25 -> "25.0%"; more digits near 0 and 100%. */
export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Bytes for axis ticks: 0 B, 512 KiB, 1.5 MiB, 25 MiB (no trailing ".0"). */
export function formatBytesCompact(n: number): string {
  const s = formatBytes(n, 1);
  return s.replace(/\.0 /, ' ');
}

/** A short count for axis ticks: 950, 1.2k, 34k, 5.6M, 7.8G. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  const fmt = (v: number, s: string) => `${Number.parseFloat(v.toFixed(v < 10 ? 1 : 0))}${s}`;
  if (a >= 1e9) return fmt(n / 1e9, 'G');
  if (a >= 1e6) return fmt(n / 1e6, 'M');
  if (a >= 1e3) return fmt(n / 1e3, 'k');
  return a > 0 && a < 10 && !Number.isInteger(n) ? Number.parseFloat(n.toFixed(2)).toString() : String(Math.round(n));
}

/**
 * A value in a chart unit: 'B/s', '/s' (events per second), 'count', 'ratio' (0..1 as %),
 * 'B', 'us', 'ms', 's'. `compact` gives the short form for axis ticks.
 */
export function formatChartValue(v: number, unit: string, compact = false): string {
  if (!Number.isFinite(v)) return '—';
  switch (unit) {
    case 'B/s':
      return `${compact ? formatBytesCompact(v) : formatBytes(v, 2)}/s`;
    case 'B':
      return compact ? formatBytesCompact(v) : formatBytes(v, 2);
    case '/s':
      return compact ? `${formatCompact(v)}/s` : `${formatCount(v)} /s`;
    case 'count':
      return compact ? formatCompact(v) : formatCount(v);
    case 'ratio':
      return formatPercent(v, compact ? 0 : 2);
    case 'us':
      return compact ? formatMicrosCompact(v) : formatMicros(v);
    case 'ms':
      return compact ? formatMicrosCompact(v * 1000) : formatMicros(v * 1000);
    case 's':
      return compact && v < 3600 ? formatMicrosCompact(v * 1e6) : formatDuration(v);
    default:
      return formatValue(v, unit);
  }
}

/** A duration in µs for axis ticks: 0, 250 µs, 1.5 ms, 20 s (no trailing ".0"). */
export function formatMicrosCompact(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (us === 0) return '0';
  const trim = (v: number) => Number.parseFloat(v.toFixed(v < 10 ? 1 : 0)).toString();
  const a = Math.abs(us);
  if (a < 1000) return `${trim(us)} µs`;
  if (a < 1_000_000) return `${trim(us / 1000)} ms`;
  return `${trim(us / 1_000_000)} s`;
}
