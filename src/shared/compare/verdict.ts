import type { Better } from './better';
import { type Change, mannWhitneyP, medianChange, type Spread, spread } from './groupStats';

/*
 * When a change earns a verdict. A figure with no better direction gets none; a change below
 * the figure's minimum effect (relative and absolute) is "no difference" however consistent;
 * with two or more runs a side the change must also stand out of the noise: its bootstrap
 * 95 % interval must exclude no change. One run a side has no noise estimate: the minimum
 * effect is then all that guards the verdict, and the result says so.
 */

export interface Effect {
  readonly better: Better;
  /** Fraction of the baseline. */
  readonly minRel: number;
  /** In the figure's unit. */
  readonly minAbs: number;
}

/** The default minimum absolute effect by unit (totals and rates of a metric, gauge levels). */
export function unitMinAbs(unit: string): number {
  switch (unit) {
    case 'B':
      return 64 * 1024;
    case 'B/s':
      return 1024;
    case 'us':
      return 100;
    case 'ms':
      return 1;
    case 's':
      return 0.5;
    case 'ratio':
      return 0.002;
    case 'count':
      return 1;
    default:
      return 0;
  }
}

export const DEFAULT_MIN_REL = 0.05;

export type GroupVerdict = 'better' | 'worse' | 'no difference' | 'changed';

export interface GroupFigure {
  readonly a: Spread;
  readonly b: Spread;
  readonly change: Change;
  /** Mann–Whitney two-sided p (NaN with fewer than one run a side). */
  readonly p: number;
  readonly verdict: GroupVerdict;
  /** The change is above the minimum effect. */
  readonly meaningful: boolean;
  /** The change's interval excludes no change (true with one run a side: nothing to test). */
  readonly significant: boolean;
  /** One run a side: no noise estimate behind the verdict. */
  readonly single: boolean;
}

/** Compare the runs of group a (baseline) and group b for one figure; null when a side has none. */
export function judgeGroups(effect: Effect, a: readonly number[], b: readonly number[]): GroupFigure | null {
  const xa = a.filter(Number.isFinite);
  const xb = b.filter(Number.isFinite);
  if (xa.length === 0 || xb.length === 0) return null;
  const change = medianChange(xa, xb);
  const single = xa.length < 2 || xb.length < 2;
  const significant = single || change.absLow > 0 || change.absHigh < 0;
  const meaningful =
    Math.abs(change.abs) >= effect.minAbs &&
    change.abs !== 0 &&
    (change.rel === null || Math.abs(change.rel) >= effect.minRel);
  let verdict: GroupVerdict = 'no difference';
  if (significant && meaningful) {
    if (effect.better === 'neutral') verdict = 'changed';
    else verdict = (effect.better === 'higher') === change.abs > 0 ? 'better' : 'worse';
  }
  return { a: spread(xa), b: spread(xb), change, p: mannWhitneyP(xa, xb), verdict, meaningful, significant, single };
}

function pct(x: number): string {
  const v = Math.abs(x * 100);
  return v >= 9.95 ? v.toFixed(0) : v.toFixed(1);
}

/**
 * A verdict in words: "faster by 48 % (45–52 %)", "no significant difference", "new". The
 * interval is of the same magnitude as the change (for a lower-is-better figure, its mirror).
 */
export function describeVerdict(g: GroupFigure, words: readonly [string, string] = ['better', 'worse']): string {
  const c = g.change;
  if (g.verdict === 'no difference') return g.single ? 'no difference' : 'no significant difference';
  const word = g.verdict === 'better' ? words[0] : g.verdict === 'worse' ? words[1] : 'changed';
  // A zero baseline has no percentage; a figure that fell to zero is gone, not "-100 %".
  if (c.rel === null) return g.b.median > 0 ? `${word}: new` : word;
  if (g.b.median === 0 && g.a.median !== 0) return `${word}: gone`;
  const mag = `${pct(c.rel)} %`;
  if (g.single || c.relLow === null || c.relHigh === null) return `${word} by ${mag}`;
  const [lo, hi] = c.rel > 0 ? [c.relLow, c.relHigh] : [-c.relHigh, -c.relLow];
  return `${word} by ${mag} (${pct(lo)}–${pct(hi)} %)`;
}
