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
