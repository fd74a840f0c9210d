import { sessionStatsMetrics } from '../../shared/registry';
import { DAEMON_CELLS } from './daemon-cells';
import type { NameMap } from './remote/adapter';

/*
 * A daemon's NameMap: the names it does report (each adapter's table), and for every other
 * metric of our registry the reason, taken from that engine's cell of the mapping table
 * (spec/sources-mapping.tsv), so the UI says why instead of drawing a zero.
 */

export function reasonFromCell(label: string, cell: string | undefined): string {
  const c = (cell ?? '').trim();
  if (c === '' || c === 'n/a') return `${label} does not report this`;
  if (c.startsWith('n/a')) return `${label} does not report this: ${c.replace(/^n\/a\s*\(?/, '').replace(/\)$/, '')}`;
  return `${label} has no exact figure for this (nearest: ${c})`;
}

export function daemonNameMap(
  engine: keyof typeof DAEMON_CELLS,
  label: string,
  names: Readonly<Record<string, string>>,
  /** Reasons that say more than the table's cell (e.g. a figure the adapter leaves out on purpose). */
  reasons: Readonly<Record<string, string>> = {},
): NameMap {
  const notReported: Record<string, string> = {};
  for (const m of sessionStatsMetrics()) {
    if (m.name in names) continue;
    notReported[m.name] = reasons[m.name] ?? reasonFromCell(label, DAEMON_CELLS[engine][m.name]);
  }
  return { names, notReported };
}
