import type { KeyboardEvent, MouseEvent } from 'react';
import type { TorrentInfo } from '../../../shared/api';
import {
  clickRow,
  moveFocus,
  selectAll,
  type TorrentSelection,
  toggleFocused,
} from '../../../shared/torrent-selection';
import { cellOf, TORRENT_COLUMNS, type TorrentSort } from '../../../shared/torrent-table';
import { type Binding, useShortcuts } from '../keys/shortcuts';

export interface TorrentTableProps {
  /** The rows, already in the sort's order. */
  readonly rows: readonly TorrentInfo[];
  readonly sort: TorrentSort;
  readonly selection: TorrentSelection;
  readonly onSort: (column: TorrentSort['column']) => void;
  readonly onSelect: (next: TorrentSelection) => void;
  /** A key for the selected torrents (p pause, r resume, Delete remove). */
  readonly onAction: (action: 'pause' | 'resume' | 'remove') => void;
}

const rowId = (hash: string) => `torrent-row-${hash}`;

/*
 * The table's keys act only while it has the focus (its own handler takes them first), so in
 * the `?` list they are entries that never run from the app's listener: their keys are names
 * no key event has.
 */
const LISTED: readonly Binding[] = [
  {
    key: 'torrents:move',
    label: '↑ ↓ Home End',
    what: 'Torrents table (focused): move the selection; Shift extends it, Ctrl moves without selecting',
  },
  { key: 'torrents:toggle', label: 'Space, Ctrl+A', what: 'Torrents table: toggle the row; select all' },
  { key: 'torrents:act', label: 'P R Delete', what: 'Torrents table: pause, resume, remove the selected torrents' },
].map((b) => ({ ...b, run: () => false }));

/**
 * The torrents as qBittorrent lists them. Headers are buttons (click or Enter sorts); the
 * table takes the keyboard focus and moves its selection with the arrows, Home and End
 * (Shift extends, Ctrl moves the focus only), Space toggles, Ctrl+A selects all.
 */
export function TorrentTable({ rows, sort, selection, onSort, onSelect, onAction }: TorrentTableProps) {
  useShortcuts(LISTED, -100);
  const order = rows.map((r) => r.infoHash);
  const selected = new Set(selection.selected);

  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.target !== e.currentTarget) return; // a header's button keeps its own keys
    const m = { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey };
    let next: TorrentSelection | null = null;
    if (e.key === 'ArrowDown') next = moveFocus(selection, order, 1, m);
    else if (e.key === 'ArrowUp') next = moveFocus(selection, order, -1, m);
    else if (e.key === 'Home') next = moveFocus(selection, order, Number.NEGATIVE_INFINITY, m);
    else if (e.key === 'End') next = moveFocus(selection, order, Number.POSITIVE_INFINITY, m);
    else if (e.key === ' ') next = toggleFocused(selection, order);
    else if (m.ctrl && e.key.toLowerCase() === 'a') next = selectAll(order, selection);
    else if (!m.ctrl && e.key.toLowerCase() === 'p') onAction('pause');
    else if (!m.ctrl && e.key.toLowerCase() === 'r') onAction('resume');
    else if (e.key === 'Delete') onAction('remove');
    else return;
    // Handled here: the app's shortcuts (P pauses the live view) do not see it.
    e.preventDefault();
    if (next) {
      onSelect(next);
      if (next.focus) document.getElementById(rowId(next.focus))?.scrollIntoView({ block: 'nearest' });
    }
  };

  const onRowClick = (e: MouseEvent, hash: string) => {
    onSelect(clickRow(selection, order, hash, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey }));
    // The table keeps the keyboard after a click on a row.
    (e.currentTarget.closest('table') as HTMLTableElement | null)?.focus({ preventScroll: true });
  };

  return (
    <div className="torrent-scroll">
      <table
        className="torrent-list"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid (the WAI-ARIA grid pattern): one tab stop, rows by the arrow keys
        role="grid"
        aria-label="Torrents"
        aria-multiselectable="true"
        aria-activedescendant={selection.focus ? rowId(selection.focus) : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="torrent-table"
      >
        <thead>
          <tr>
            {TORRENT_COLUMNS.map((c) => {
              const on = sort.column === c.id;
              return (
                <th
                  key={c.id}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  data-column={c.id}
                >
                  <button type="button" title={`${c.what}: sort by it`} onClick={() => onSort(c.id)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {on ? (sort.desc ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr
              key={t.infoHash}
              id={rowId(t.infoHash)}
              data-infohash={t.infoHash}
              aria-selected={selected.has(t.infoHash)}
              className={selection.focus === t.infoHash ? 'focused' : undefined}
              onMouseDown={(e) => {
                if (e.shiftKey) e.preventDefault(); // no text selection on a Shift-click
              }}
              onClick={(e) => onRowClick(e, t.infoHash)}
            >
              {TORRENT_COLUMNS.map((c) => {
                const cell = cellOf(t, c.id);
                const cls = [c.numeric ? 'num' : '', c.id === 'name' ? 'name' : '', cell.unreported ? 'unreported' : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td key={c.id} className={cls || undefined} title={cell.title} data-column={c.id}>
                    {c.id === 'progress' && (
                      <progress max={1} value={t.progress} aria-label={`${Math.round(t.progress * 100)}%`} />
                    )}
                    {c.id === 'state' && <span className={`state-dot ${t.state}`} aria-hidden="true" />}
                    {cell.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
