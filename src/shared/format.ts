/**
 * Unit formatting for every surface: dashboards, tooltips, the All metrics table, compare
 * tables, reports and the command line. One rule per kind of quantity, so the same number
 * reads the same everywhere:
 * - bytes in IEC units with one decimal: 512 B, 2.0 MiB, 12.3 MiB, 123.4 MiB;
 * - times by magnitude: 850 µs, 35.3 ms, 9.15 s, then 1 min 4 s; zero in the metric's own unit;
 * - rates with "/s" right after the unit: 1.2 MiB/s, 8.96/s, 20/s, 120 ms/s;
 * - counts with thousands separators: 64,355,131.
 */

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Three significant digits: 2.00, 12.3, 123 (integers as they are). */
function sig3(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return v.toFixed(a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2);
}

/** Bytes in IEC units, with `digits` decimals above 1 KiB. */
export function formatBytes(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < IEC.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${sign}${Math.round(v)} B`;
  return `${sign}${v.toFixed(digits)} ${IEC[u]}`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

/** A span of time given in seconds: 45 s, 12 min 5 s, 3 h 20 min, 2 d 4 h. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A time from microseconds, by magnitude: 850 µs, 12.3 ms, 9.15 s, 1 min 4 s. `zero` names 0's unit. */
export function formatMicros(us: number, zero = 'µs'): string {
  if (!Number.isFinite(us)) return '—';
  if (us === 0) return `0 ${zero}`;
  const a = Math.abs(us);
  if (a < 999.5) return `${sig3(us)} µs`;
  if (a < 999_500) return `${sig3(us / 1e3)} ms`;
  if (a < 59_995_000) return `${sig3(us / 1e6)} s`;
  return `${us < 0 ? '-' : ''}${formatDuration(a / 1e6)}`;
}

/** A 0..1 ratio as a percentage: 0.25 -> "25.0%". */
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

const MICROS: Readonly<Record<string, number>> = { us: 1, ms: 1e3, s: 1e6 };
const ZERO_UNIT: Readonly<Record<string, string>> = { us: 'µs', ms: 'ms', s: 's' };

/** The unit of a counter's per-second rate: B -> B/s, count -> /s, ms -> ms/s. */
export function rateUnit(unit: string): string {
  if (unit === 'count') return '/s';
  return `${unit}/s`;
}

/**
 * A value in any unit the app shows: a registry unit (B, B/s, count, us, ms, s, or what a
 * foreign registry carries), a chart unit ('/s': events per second, 'ratio': 0..1 as %), or
 * a rate of one ('us/s', 'ms/s', 'peers/s'). `compact` gives the short form for axis ticks.
 */
export function formatChartValue(v: number, unit: string, compact = false): string {
  if (!Number.isFinite(v)) return '—';
  const perSecond = unit.endsWith('/s');
  const base = perSecond ? unit.slice(0, -2) : unit;
  const ps = perSecond ? '/s' : '';
  if (base === 'B') return `${compact ? formatBytesCompact(v) : formatBytes(v)}${ps}`;
  if (base === '' || base === 'count') return `${compact ? formatCompact(v) : formatCount(v)}${ps}`;
  if (base === 'ratio' && !perSecond) return formatPercent(v, compact ? 0 : 2);
  const micros = MICROS[base];
  if (micros !== undefined) {
    // An uptime axis reads better in hours than in thousands of seconds.
    if (compact && base === 's' && !perSecond && v >= 3600) return formatDuration(v);
    return `${compact ? formatMicrosCompact(v * micros) : formatMicros(v * micros, ZERO_UNIT[base])}${ps}`;
  }
  return `${compact ? formatCompact(v) : formatCount(v)} ${unit}`;
}

/** A value in its unit (see formatChartValue), in full. */
export function formatValue(v: number, unit: string): string {
  return formatChartValue(v, unit);
}

/** A per-second rate of a counter with this unit: 1.2 MiB/s, 35/s, 120 ms/s. */
export function formatRate(v: number, unit: string): string {
  return formatChartValue(v, rateUnit(unit));
}
