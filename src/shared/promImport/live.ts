import { type CounterRun, foldCounter, startRun } from '../counterFold';
import type { PromMatrixSeries } from './assemble';

/*
 * The live Prometheus source's running totals. Every poll brings the raw samples of one
 * instance since the last poll (a range selector, so a poll that was late, or a server that
 * was away, catches up on every sample it scraped meanwhile). A counter is folded sample by
 * sample: a value below the one before is a restarted exporter (a reset) and all of it is new,
 * as Prometheus' own increase() reads it. So the total handed on never goes down and no
 * increment between two polls is lost to a reset inside the window.
 */

export interface LiveSeries {
  /** Our registry name. */
  readonly to: string;
  /** Prometheus value × factor = our value. */
  readonly factor: number;
  readonly counter: boolean;
}

/** raw: the last sample folded in; total: a counter's reset-free total, a gauge's last value (Prometheus units). */
interface State extends CounterRun {
  /** Time (s) of the last sample folded in. */
  t: number;
}

export class LiveTotals {
  private readonly state = new Map<string, State>();
  private resetCount = 0;

  /** `series`: Prometheus metric name -> where it lands. Names not in it are ignored. */
  constructor(private series: ReadonlyMap<string, LiveSeries> = new Map()) {}

  /**
   * What a (re)connection found the instance exports. The totals of series it still has are
   * kept: a reconnect after an outage goes on counting from the last sample, never from scratch.
   */
  retarget(series: ReadonlyMap<string, LiveSeries>): void {
    this.series = series;
    for (const name of [...this.state.keys()]) if (!series.has(name)) this.state.delete(name);
  }

  /**
   * Fold in one poll's samples. A series seen for the first time starts at its newest sample:
   * that is the engine's own total (what the session's totals are set to), not a sum over the window.
   */
  add(result: readonly PromMatrixSeries[]): void {
    for (const s of result) {
      const name = s.metric.__name__ ?? '';
      const m = this.series.get(name);
      if (!m) continue;
      const st = this.state.get(name);
      const points = s.values;
      if (!st) {
        const newest = lastFinite(points);
        if (!newest) continue;
        this.state.set(name, { t: newest[0], ...startRun(newest[1]) });
        continue;
      }
      for (const [t, text] of points) {
        const v = Number(text);
        if (t <= st.t || !Number.isFinite(v)) continue;
        if (!m.counter) {
          st.total = v;
          st.raw = v;
        } else if (foldCounter(st, v)) this.resetCount++;
        st.t = t;
      }
    }
  }

  /** Our name -> our value (units converted), for the series that have a sample. */
  values(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, st] of this.state) {
      const m = this.series.get(name) as LiveSeries;
      out.set(m.to, st.total * m.factor);
    }
    return out;
  }

  /** Resets seen since the start (exporter restarts). */
  get resets(): number {
    return this.resetCount;
  }
}

function lastFinite(points: PromMatrixSeries['values']): [number, number] | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const [t, text] = points[i] as readonly [number, string];
    const v = Number(text);
    if (Number.isFinite(v)) return [t, v];
  }
  return null;
}

/** The newest sample of `up` (1: the last scrape worked, 0: it failed) and the scrape interval its spacing shows. */
export function upOf(result: readonly PromMatrixSeries[]): { t: number; up: number; intervalS: number | null } | null {
  const s = result.find((x) => x.metric.__name__ === 'up');
  const last = s ? lastFinite(s.values) : null;
  if (!s || !last) return null;
  const gaps: number[] = [];
  for (let i = 1; i < s.values.length; i++) gaps.push((s.values[i]?.[0] as number) - (s.values[i - 1]?.[0] as number));
  gaps.sort((a, b) => a - b);
  return { t: last[0], up: last[1], intervalS: gaps.length ? (gaps[gaps.length >> 1] as number) : null };
}
