/** Time-axis ticks for charts: round steps (1 s … 1 d) so that ticks sit at least `minGapPx` apart. */

const STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

export interface TimeTicks {
  readonly ticks: number[];
  readonly stepMs: number;
}

export function timeTicks(from: number, to: number, widthPx: number, minGapPx = 80): TimeTicks {
  const span = to - from;
  if (!(span > 0) || !(widthPx > 0)) return { ticks: [], stepMs: STEPS_MS[0] as number };
  const maxTicks = Math.max(2, Math.floor(widthPx / minGapPx));
  let step = STEPS_MS[STEPS_MS.length - 1] as number;
  for (const s of STEPS_MS)
    if (span / s <= maxTicks) {
      step = s;
      break;
    }
  while (span / step > maxTicks) step *= 2;
  // Align to local time so minutes and hours land on round clock values.
  const tz = new Date(from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((from - tz) / step) * step + tz;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { ticks, stepMs: step };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A tick label that shows what changes at this step: seconds, minutes, or the date for day steps. */
export function formatTick(t: number, stepMs: number): string {
  const d = new Date(t);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (stepMs >= 86_400_000) return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  if (stepMs < 60_000) return `${hm}:${pad(d.getSeconds())}`;
  return hm;
}

/** Full local time for tooltips and status lines: 14:03:27.4 (tenths when samples are that fine). */
export function formatClock(t: number, withMillis = false): string {
  const d = new Date(t);
  const s = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis ? `${s}.${Math.floor(d.getMilliseconds() / 100)}` : s;
}

/** "12:34" or "1:02:03" elapsed from the start; negative offsets get a minus sign. */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${sign}${h}:${String(m).padStart(2, '0')}:${sec}` : `${sign}${m}:${sec}`;
}

/**
 * Ticks of an elapsed-time axis (a comparison's: 0 is each session's aligned origin) at round
 * steps of 1 s to 1 d, about one per 90 px.
 */
export function elapsedTicks(from: number, to: number, widthPx: number): number[] {
  const span = Math.max(1, to - from);
  const want = Math.max(2, Math.floor(widthPx / 90));
  const step = ELAPSED_STEPS_S.map((s) => s * 1000).find((s) => span / s <= want) ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}
const ELAPSED_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
