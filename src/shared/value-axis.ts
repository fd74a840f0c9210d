/**
 * Value-axis ticks at round numbers of the unit a reader sees: bytes step in IEC multiples
 * (0, 256 KiB, 512 KiB… or 0, 25 MiB, 50 MiB…), everything else in 1/2/2.5/5 × 10^n.
 * Always starts at 0 (every metric is a count, size, rate, time or share).
 */
export function valueTicks(max: number, unit: string, target = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return unit === 'ratio' ? [0, 0.5, 1] : [0, 1];
  if (unit === 'ratio' && max > 0.6 && max <= 1) return [0, 0.25, 0.5, 0.75, 1];
  let scale = 1;
  if (unit === 'B' || unit === 'B/s') while (max / scale >= 1024) scale *= 1024;
  const step = niceStep(max / scale / target) * scale;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number.parseFloat(v.toPrecision(12)));
  if (ticks.length < 2) ticks.push(step);
  return ticks;
}

/** The smallest of 1, 2, 2.5, 5 × 10^n that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}
