import { type GroupsJson, groupComparison } from '../../../shared/compare/groupsJson';
import type { SpanMode } from '../../../shared/compare/span';
import { formatChartValue } from '../../../shared/format';
import type { LibraryApi } from '../../../shared/library';

/*
 * The Groups view's and the group report's data path: each session's figures from the host
 * (computed where the file is, cached there), joined here by the same code as the CLI's
 * `compare A… --vs B… --json` (groupsJson.ts). Pure of the DOM: tested under Node.
 */

export function loadGroups(
  api: Pick<LibraryApi, 'figures'>,
  a: readonly string[],
  b: readonly string[],
  span: SpanMode,
): Promise<GroupsJson> {
  return groupComparison(
    a,
    b,
    { a, b },
    (id, spanS) => api.figures(id, spanS === undefined ? {} : { spanS }),
    span,
  ).then((r) => r.json);
}

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : formatChartValue(v, unit);

type Spread = { readonly n: number; readonly median: number; readonly min: number; readonly max: number };

/** "1.2 MiB/s (1.1–1.3 MiB/s)": a group's median and range; one run: its value. */
export function spreadText(s: Spread | undefined, unit: string): string {
  if (!s) return 'n/a';
  return s.n > 1 ? `${fmt(s.median, unit)} (${fmt(s.min, unit)}–${fmt(s.max, unit)})` : fmt(s.median, unit);
}

function pct(x: number): string {
  const v = x * 100;
  const a = Math.abs(v);
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${a >= 9.95 ? a.toFixed(0) : a.toFixed(1)} %`;
}

type ChangeJson = {
  readonly rel: number | null;
  readonly relLow: number | null;
  readonly relHigh: number | null;
  readonly abs: number;
  readonly absLow: number;
  readonly absHigh: number;
};

/** The change of the median with its bootstrap 95 % interval: "+48 % (+45 % to +52 %)"; absolute where the baseline is 0. */
export function changeText(c: ChangeJson | undefined, unit: string): string {
  if (!c) return '';
  if (c.rel === null) return `${c.abs > 0 ? '+' : ''}${fmt(c.abs, unit)}`;
  if (c.relLow === null || c.relHigh === null || c.relLow === c.relHigh) return pct(c.rel);
  return `${pct(c.rel)} (${pct(c.relLow)} to ${pct(c.relHigh)})`;
}

export function pText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** The class a verdict is coloured with (the compare view's delta classes). */
export function verdictClass(v: string | null): string {
  return v === 'better' ? 'better' : v === 'worse' ? 'worse' : v === 'changed' ? 'neutral' : 'same';
}

/** Sessions picked into the groups by the library's tags: every session with the tag, in the order they ran. */
export function withTag(
  sessions: readonly { readonly id: string; readonly tags: readonly string[]; readonly startedAt: number }[],
  tag: string,
): string[] {
  return sessions
    .filter((s) => s.tags.includes(tag))
    .sort((x, y) => x.startedAt - y.startedAt)
    .map((s) => s.id);
}

/** Assign a session to group A, B or neither (a session is in one group at most). */
export function assign(
  groups: { readonly a: readonly string[]; readonly b: readonly string[] },
  id: string,
  to: 'a' | 'b' | null,
): { a: string[]; b: string[] } {
  const a = groups.a.filter((x) => x !== id);
  const b = groups.b.filter((x) => x !== id);
  if (to === 'a') a.push(id);
  if (to === 'b') b.push(id);
  return { a, b };
}

/** The Library's "Compare as groups…": the selection split in two halves, in the order ticked. */
export function splitSelection(ids: readonly string[]): { a: string[]; b: string[] } {
  const half = Math.ceil(ids.length / 2);
  return { a: ids.slice(0, half), b: ids.slice(half) };
}
