// Figures every benchmark prints the same way: the median of its rounds and their spread, so a
// reader can tell a real change from machine noise (issue 21: at least 5 rounds, quiet and loaded).

/** Rounds per figure unless BENCH_ROUNDS says otherwise. */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

/** Which run this is: `npm run bench` runs each file quiet and again beside a core-bound process. */
export const LOAD = process.env.BENCH_LOAD === 'loaded' ? 'loaded' : 'quiet';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Half the min–max range as a share of the median: "±4 %" says the rounds agree to within 4 %. */
export function spread(xs: readonly number[]): number {
  const m = median(xs);
  if (!(m > 0) || xs.length < 2) return 0;
  return (Math.max(...xs) - Math.min(...xs)) / 2 / m;
}

/** "412 ms ±3 % (5 rounds)" with the unit and digits the caller chooses. */
export function figure(xs: readonly number[], unit: string, digits = 0): string {
  return `${median(xs).toFixed(digits)} ${unit} ±${(spread(xs) * 100).toFixed(0)} % (${xs.length} rounds)`;
}

/** The ratio of two medians, with the spread of the per-round ratios (rounds interleaved, paired). */
export function ratio(num: readonly number[], den: readonly number[]): string {
  const per = num.map((n, i) => n / (den[i] ?? Number.NaN)).filter(Number.isFinite);
  return `${(median(num) / median(den)).toFixed(2)}x ±${(spread(per) * 100).toFixed(0)} %`;
}
