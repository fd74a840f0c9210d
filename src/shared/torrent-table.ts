import type { SwarmCount, TorrentField, TorrentInfo } from './api';
import { formatBytes, formatDuration } from './format';

/*
 * The torrents table as data: its columns, how each sorts and reads. The panel draws what
 * this says; the tests check it without a DOM. A reading the source cannot give is "—" with
 * the source's reason as its title, never a zero; a reading that is known to be undefined
 * (no estimate, nothing downloaded) reads "∞" as qBittorrent shows it.
 */

export type TorrentColumnId =
  | 'name'
  | 'state'
  | 'progress'
  | 'size'
  | 'downRate'
  | 'upRate'
  | 'eta'
  | 'ratio'
  | 'seeds'
  | 'leechers';

export interface TorrentColumn {
  readonly id: TorrentColumnId;
  readonly label: string;
  /** What the header's title says the column is. */
  readonly what: string;
  readonly numeric: boolean;
  /** Descending first (a click on "Down" wants the fastest on top). */
  readonly descFirst: boolean;
}

export const TORRENT_COLUMNS: readonly TorrentColumn[] = [
  { id: 'name', label: 'Name', what: 'Torrent name', numeric: false, descFirst: false },
  { id: 'state', label: 'State', what: 'What the torrent is doing', numeric: false, descFirst: false },
  { id: 'progress', label: 'Progress', what: 'Share of the content verified', numeric: true, descFirst: true },
  { id: 'size', label: 'Size', what: 'Content size', numeric: true, descFirst: true },
  { id: 'downRate', label: 'Down', what: 'Download rate (payload)', numeric: true, descFirst: true },
  { id: 'upRate', label: 'Up', what: 'Upload rate (payload)', numeric: true, descFirst: true },
  { id: 'eta', label: 'ETA', what: 'Time left to complete at the current rate', numeric: true, descFirst: false },
  { id: 'ratio', label: 'Ratio', what: 'Uploaded / downloaded', numeric: true, descFirst: true },
  { id: 'seeds', label: 'Seeds', what: 'Seeds connected (in the swarm)', numeric: true, descFirst: true },
  { id: 'leechers', label: 'Peers', what: 'Leechers connected (in the swarm)', numeric: true, descFirst: true },
];

export const STATE_LABEL: Record<TorrentInfo['state'], string> = {
  metadata: 'fetching metadata',
  checking: 'checking',
  downloading: 'downloading',
  seeding: 'seeding',
  paused: 'paused',
};

/** Sorting by state groups the active ones first, as qBittorrent's status column does. */
const STATE_ORDER: Record<TorrentInfo['state'], number> = {
  downloading: 0,
  metadata: 1,
  checking: 2,
  seeding: 3,
  paused: 4,
};

export interface TorrentSort {
  readonly column: TorrentColumnId;
  readonly desc: boolean;
}

export const DEFAULT_SORT: TorrentSort = { column: 'name', desc: false };

/** A click on a header: the same column flips; another starts in its natural direction. */
export function nextSort(current: TorrentSort, column: TorrentColumnId): TorrentSort {
  if (current.column === column) return { column, desc: !current.desc };
  const c = TORRENT_COLUMNS.find((x) => x.id === column);
  return { column, desc: c?.descFirst ?? false };
}

const FIELD: Partial<Record<TorrentColumnId, TorrentField>> = {
  downRate: 'downRate',
  upRate: 'upRate',
  eta: 'eta',
  ratio: 'ratio',
  seeds: 'seeds',
  leechers: 'leechers',
};

/** Why the source cannot fill this cell, or null when it can. */
export function unreportedWhy(t: TorrentInfo, column: TorrentColumnId): string | null {
  const f = FIELD[column];
  return f ? (t.unreported[f] ?? null) : null;
}

/** The number a cell sorts by; null sorts last in either direction (unknown is not small). */
export function sortValue(t: TorrentInfo, column: TorrentColumnId): number | string | null {
  if (unreportedWhy(t, column) !== null) return null;
  switch (column) {
    case 'name':
      return (t.name || t.infoHash).toLowerCase();
    case 'state':
      return STATE_ORDER[t.state];
    case 'progress':
      return t.progress;
    case 'size':
      return t.length > 0 ? t.length : null;
    case 'downRate':
      return t.downRate;
    case 'upRate':
      return t.upRate;
    case 'eta':
      // No estimate is the longest wait: after every finite one.
      return t.eta ?? Number.POSITIVE_INFINITY;
    case 'ratio':
      return t.ratio ?? Number.POSITIVE_INFINITY;
    case 'seeds':
      return t.seeds?.connected ?? null;
    case 'leechers':
      return t.leechers?.connected ?? null;
  }
}

/** The rows in the sort's order; ties keep the name order, then the info hash (stable across polls). */
export function sortTorrents(rows: readonly TorrentInfo[], sort: TorrentSort): TorrentInfo[] {
  const dir = sort.desc ? -1 : 1;
  const cmp = (a: number | string | null, b: number | string | null): number => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b));
    return a < b ? -1 : 1;
  };
  return [...rows].sort((x, y) => {
    const primary = cmp(sortValue(x, sort.column), sortValue(y, sort.column));
    const bothKnown = sortValue(x, sort.column) !== null && sortValue(y, sort.column) !== null;
    if (primary !== 0) return bothKnown ? primary * dir : primary;
    return cmp(sortValue(x, 'name'), sortValue(y, 'name')) || x.infoHash.localeCompare(y.infoHash);
  });
}

export interface Cell {
  readonly text: string;
  /** The cell's title: the unit spelled out, or why it is empty. */
  readonly title?: string;
  /** True when the source cannot give this reading (drawn muted). */
  readonly unreported?: boolean;
}

function swarmCell(c: SwarmCount | null, who: string, swarmWhy: string | undefined): Cell {
  if (!c) return { text: '—', title: `${who}: not reported by this source`, unreported: true };
  if (c.swarm === null)
    return {
      text: String(c.connected),
      title: `${c.connected} ${who} connected; in the swarm: ${swarmWhy ?? 'not known'}`,
    };
  return { text: `${c.connected} (${c.swarm})`, title: `${c.connected} ${who} connected of ${c.swarm} in the swarm` };
}

/** What one cell shows. */
export function cellOf(t: TorrentInfo, column: TorrentColumnId): Cell {
  const why = unreportedWhy(t, column);
  if (why !== null) return { text: '—', title: `Not reported by this source: ${why}`, unreported: true };
  switch (column) {
    case 'name':
      return { text: t.name || t.infoHash.slice(0, 12), title: t.infoHash };
    case 'state':
      return { text: STATE_LABEL[t.state] };
    case 'progress':
      return { text: `${Math.floor(t.progress * 1000) / 10}%` };
    case 'size':
      return t.length > 0
        ? { text: formatBytes(t.length), title: `${t.length.toLocaleString('en-US')} bytes` }
        : { text: '—', title: 'Not known until the metadata arrives', unreported: true };
    case 'downRate':
    case 'upRate': {
      const v = column === 'downRate' ? t.downRate : t.upRate;
      return v === null ? { text: '—', unreported: true } : { text: `${formatBytes(v)}/s` };
    }
    case 'eta':
      if (t.progress >= 1) return { text: 'done', title: 'Complete' };
      if (t.state === 'paused') return { text: '∞', title: 'Paused: no estimate' };
      return t.eta === null
        ? { text: '∞', title: 'No estimate: nothing is arriving' }
        : { text: formatDuration(t.eta), title: `${Math.round(t.eta)} s` };
    case 'ratio':
      return t.ratio === null
        ? { text: '∞', title: 'Nothing downloaded yet' }
        : { text: t.ratio.toFixed(2), title: String(t.ratio) };
    case 'seeds':
      return swarmCell(t.seeds, 'seeds', t.unreported.swarm);
    case 'leechers':
      return swarmCell(t.leechers, 'leechers', t.unreported.swarm);
  }
}
