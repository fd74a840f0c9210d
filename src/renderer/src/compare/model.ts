import type { CompareRow, Delta, Figures, Missing } from '../../../shared/compare/compareSessions';

/* Pure helpers of the compare view: session colours, the summary table's rows. */

/** Session colours: CSS variables, so both themes have their own. */
export const SESSION_COLORS = ['--series-1', '--series-2', '--series-3', '--series-5'] as const;
export function sessionColor(k: number): string {
  return `var(${SESSION_COLORS[k % SESSION_COLORS.length]})`;
}
export const SESSION_DASH = ['', '6 3', '2 3', '8 3 2 3'] as const;

/** Units to show a row's figures in: counters' totals in their unit, their distribution per second. */
export function figureUnits(row: Pick<CompareRow, 'kind' | 'unit'>): { total: string; dist: string } {
  if (row.kind === 'counter')
    return { total: row.unit, dist: row.unit === 'B' ? 'B/s' : row.unit === 'count' ? '/s' : `${row.unit}/s` };
  return { total: row.unit, dist: row.unit };
}

export const MISSING_TEXT: Record<Missing, string> = {
  'not in registry': 'not in this session’s registry',
  'not reported': 'not reported by this source',
  'no diagnostics': 'no diagnostics in this session',
};

export type TableSort = 'name' | 'category' | 'change';

/** Largest |% change| of any session against the baseline (sorting by "change"), or -1. */
export function biggestChange(row: CompareRow): number {
  let m = -1;
  for (const d of row.deltas) if (d?.pct !== null && d?.pct !== undefined && Math.abs(d.pct) > m) m = Math.abs(d.pct);
  return m;
}

export interface TableFilter {
  readonly text: string;
  /** Only rows where some session differs from the baseline. */
  readonly changedOnly: boolean;
}

export function filterRows(rows: readonly CompareRow[], f: TableFilter): CompareRow[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    const hay = `${r.name} ${r.category}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) return false;
    if (f.changedOnly && !r.deltas.some((d) => d !== null && d.abs !== 0)) return false;
    return true;
  });
}

export function sortRows(rows: readonly CompareRow[], by: TableSort, dir: 'asc' | 'desc'): CompareRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const key = (r: CompareRow): string | number =>
    by === 'name' ? r.name : by === 'category' ? `${r.category} ${r.name}` : biggestChange(r);
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  });
}

/** "+12.5%" / "−3.0%" / "—". */
export function formatPct(d: Delta | null): string {
  if (!d || d.pct === null) return '—';
  const s = d.pct > 0 ? '+' : d.pct < 0 ? '−' : '±';
  return `${s}${Math.abs(d.pct).toFixed(1)}%`;
}

export function isFigures(f: Figures | Missing | undefined): f is Figures {
  return typeof f === 'object' && f !== null;
}

/** Group "exists on one side only" names by the sessions that have them. */
export function groupOnlyIn(onlyIn: readonly { name: string; sessions: readonly number[] }[]): {
  sessions: number[];
  names: string[];
}[] {
  const groups = new Map<string, { sessions: number[]; names: string[] }>();
  for (const o of onlyIn) {
    const key = o.sessions.join(',');
    let g = groups.get(key);
    if (!g) {
      g = { sessions: [...o.sessions], names: [] };
      groups.set(key, g);
    }
    g.names.push(o.name);
  }
  return [...groups.values()];
}
