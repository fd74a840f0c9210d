import { builtinRegistry } from '../../../shared/registry';
import type { NameMap } from './adapter';
import { MAPPING_TSV } from './mapping-table';

/*
 * The name tables of the adapters, read from mapping.tsv (mapping-table.ts): one row per metric
 * of our registry, one column per engine. A cell is the engine's own name for the metric
 * ("net.sent_bytes"), "n/a (why)" for a metric the engine cannot report, or a recipe
 * ("derive: …", "Σ …") that the adapter computes itself under our name.
 */

export interface EngineColumn extends NameMap {
  /** our name -> the recipe in the table, for metrics the adapter derives itself */
  readonly derived: Readonly<Record<string, string>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

let table: Table | null = null;

function parsed(): Table {
  if (table) return table;
  const lines = MAPPING_TSV.split('\n').filter((l) => l.trim() !== '');
  const [head = '', ...rest] = lines;
  table = { headers: head.split('\t'), rows: rest.map((l) => l.split('\t')) };
  return table;
}

/** The reason inside "n/a (reason)", or a generic one. */
function reasonOf(cell: string, engine: string): string {
  const m = /^n\/a\s*(?:\((.*)\))?/.exec(cell);
  const why = m?.[1]?.trim();
  return why ? `${engine}: ${why}` : `${engine} does not report this metric`;
}

/**
 * One engine's column, found by the start of its header ("irontide", "libtorrent",
 * "qBittorrent", "Transmission"). `engine` names it in the reasons shown to users.
 */
export function engineColumn(headerStart: string, engine: string): EngineColumn {
  const t = parsed();
  const col = t.headers.findIndex((h) => h.startsWith(headerStart));
  if (col < 0) throw new Error(`mapping.tsv has no column starting "${headerStart}"`);
  const metric = t.headers.indexOf('metric');
  const names: Record<string, string> = {};
  const notReported: Record<string, string> = {};
  const derived: Record<string, string> = {};
  for (const row of t.rows) {
    const ours = row[metric] ?? '';
    const cell = (row[col] ?? '').trim();
    if (!ours) continue;
    if (NAME.test(cell)) names[ours] = cell;
    else if (cell === '' || cell.startsWith('n/a')) notReported[ours] = reasonOf(cell, engine);
    else derived[ours] = cell;
  }
  return { names, notReported, derived };
}

/** Another Tidegauge serves our own registry: every name is itself. */
export function identityMap(): NameMap {
  const names: Record<string, string> = {};
  for (const e of builtinRegistry()) names[e.name] = e.name;
  return { names, notReported: {} };
}
