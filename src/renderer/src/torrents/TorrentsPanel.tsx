import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ClientCommand, TorrentInfo } from '../../../shared/api';
import { explainAddError } from '../../../shared/torrent-input';
import { NO_SELECTION, pruneSelection, type TorrentSelection } from '../../../shared/torrent-selection';
import { DEFAULT_SORT, nextSort, sortTorrents, type TorrentSort } from '../../../shared/torrent-table';
import { addTorrentFiles, type SentKind, TorrentAdd } from './TorrentAdd';
import { TorrentTable } from './TorrentTable';
import './torrents.css';

export interface TorrentsPanelProps {
  /** The source's torrents; null when the source does not manage torrents. */
  readonly torrents: readonly TorrentInfo[] | null;
  readonly send: (command: ClientCommand) => void;
  /** The host's last answer to a command that failed (shown under the form). */
  readonly error?: string | null;
}

/**
 * The session's torrents: add (magnet link, http(s) .torrent link, .torrent file or drop) and
 * a sortable, multi-select table with pause, resume and remove for the selection. The rows
 * are the host's (from the source); only the sort, the selection and the add box's text are
 * this panel's own.
 */
export function TorrentsPanel({ torrents, send, error }: TorrentsPanelProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<SentKind | null>(null);
  const [sort, setSort] = useState<TorrentSort>(DEFAULT_SORT);
  const [picked, setPicked] = useState<TorrentSelection>(NO_SELECTION);
  const [confirming, setConfirming] = useState<readonly string[] | null>(null);
  const count = torrents?.length ?? 0;
  const seen = useRef(count);
  useEffect(() => {
    // Added: the link is done with. Refused: it stays, to be corrected.
    if (count > seen.current && (sent?.kind === 'magnet' || sent?.kind === 'url')) setText('');
    seen.current = count;
  }, [count, sent]);
  const rows = useMemo(() => sortTorrents(torrents ?? [], sort), [torrents, sort]);
  if (torrents === null) return null;

  const order = rows.map((r) => r.infoHash);
  const selection = pruneSelection(picked, order);
  const chosen = rows.filter((r) => selection.selected.includes(r.infoHash));
  const pausable = chosen.filter((r) => r.state !== 'paused');
  const resumable = chosen.filter((r) => r.state === 'paused');

  const act = (action: 'pause' | 'resume' | 'remove') => {
    if (action === 'remove') {
      if (chosen.length) setConfirming(chosen.map((r) => r.infoHash));
      return;
    }
    for (const r of action === 'pause' ? pausable : resumable) send({ type: 'torrent', action, infoHash: r.infoHash });
  };
  const remove = (hashes: readonly string[]) => {
    setConfirming(null);
    for (const infoHash of hashes) send({ type: 'torrent', action: 'remove', infoHash });
  };

  const onDrop = (e: DragEvent) => {
    const files = Array.from(e.dataTransfer.files).filter((f) => f.name.toLowerCase().endsWith('.torrent'));
    if (!files.length) return;
    e.preventDefault();
    e.stopPropagation();
    void addTorrentFiles(files, send, setSent, setProblem);
  };

  const refused = error
    ? sent?.kind === 'file' && !error.startsWith(sent.name)
      ? `${sent.name}: ${explainAddError(error, 'file')}`
      : explainAddError(error, sent?.kind ?? 'unknown')
    : null;
  const shown = problem ?? refused;
  const removing = confirming?.filter((h) => order.includes(h)) ?? [];
  return (
    <section
      className="card torrents"
      aria-labelledby="torrents-title"
      onDrop={onDrop}
      onDragOver={(e) => e.preventDefault()}
    >
      <div className="card-head">
        <h2 id="torrents-title">Torrents</h2>
        <span className="hint">
          {torrents.length === 1 ? '1 torrent' : `${torrents.length} torrents`} in this session
        </span>
      </div>
      <TorrentAdd text={text} onText={setText} send={send} onSent={setSent} onProblem={setProblem} />
      {shown && (
        <div className="banner error" role="alert">
          {shown}
        </div>
      )}
      {torrents.length === 0 ? (
        <div className="empty">No torrents yet.</div>
      ) : (
        <>
          <div className="torrent-actions" role="toolbar" aria-label="Selected torrents">
            <button type="button" disabled={!pausable.length} onClick={() => act('pause')} title="Pause (P)">
              Pause
            </button>
            <button type="button" disabled={!resumable.length} onClick={() => act('resume')} title="Resume (R)">
              Resume
            </button>
            {removing.length ? (
              <span className="confirm" data-testid="torrent-confirm">
                Remove {removing.length === 1 ? 'this torrent' : `${removing.length} torrents`} (the data stays)?
                <button type="button" className="danger" onClick={() => remove(removing)}>
                  Remove
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" disabled={!chosen.length} onClick={() => act('remove')} title="Remove (Delete)">
                Remove…
              </button>
            )}
            <span className="hint" data-testid="torrent-selected">
              {chosen.length ? `${chosen.length} selected` : 'Click a row to select (Ctrl/Shift for more; ↑↓, Space)'}
            </span>
          </div>
          <TorrentTable
            rows={rows}
            sort={sort}
            selection={selection}
            onSort={(c) => setSort(nextSort(sort, c))}
            onSelect={setPicked}
            onAction={act}
          />
        </>
      )}
    </section>
  );
}
