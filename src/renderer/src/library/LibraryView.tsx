import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LibraryListing, SessionSummary } from '../../../shared/library';
import { FleetDialog } from '../fleet/FleetDialog';
import { MAX_COMPARE, MAX_SELECT, MIN_COMPARE } from '../router/route';
import { ConfirmDelete } from './ConfirmDelete';
import { libraryApi, notifyLibraryChanged, onLibraryChanged } from './client';
import { IMPORT_ACCEPT, type ImportOutcome, ImportResults, importFiles } from './ImportDrop';
import { DEFAULT_SORT, matches, parseTags, type Sort, type SortKey, sortSessions, toggleSort } from './model';
import { SessionEditor } from './SessionEditor';
import { openable, SessionRow } from './SessionRow';
import './views.css';

const COLUMNS: readonly { key: SortKey; label: string; num?: boolean }[] = [
  { key: 'title', label: 'Title' },
  { key: 'source', label: 'Source' },
  { key: 'startedAt', label: 'Start' },
  { key: 'durationMs', label: 'Duration', num: true },
  { key: 'sizeBytes', label: 'Size', num: true },
  { key: 'state', label: 'State' },
];

export function useLibraryListing(): {
  listing: LibraryListing | null;
  error: string | null;
  reload: () => void;
} {
  const [listing, setListing] = useState<LibraryListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    libraryApi()
      .list()
      .then((l) => {
        setListing(l);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(() => {
    reload();
    return onLibraryChanged(reload);
  }, [reload]);
  return { listing, error, reload };
}

/** The saved sessions: sort, filter, edit, delete, open one, or pick 2–4 to compare. */
export function LibraryView({
  onOpen,
  onCompare,
  onGroups,
  onTotals,
  recordingId,
}: {
  onOpen: (id: string) => void;
  onCompare: (ids: string[]) => void;
  /** Compare the ticked sessions as two groups of runs (the Groups view, where the groups can be changed). */
  onGroups: (ids: string[]) => void;
  /** Show the Totals view (bytes by day, week or month over every session). */
  onTotals: () => void;
  recordingId: string | null;
}) {
  const { listing, error, reload } = useLibraryListing();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [selected, setSelected] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<SessionSummary | null>(null);
  const [fleetOpen, setFleetOpen] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  const [quarantining, setQuarantining] = useState<string | null>(null);
  const [moved, setMoved] = useState<{ ok: boolean; text: string } | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());

  const rows = useMemo(
    () =>
      sortSessions(
        (listing?.sessions ?? []).filter((s) => matches(s, filter)),
        sort,
      ),
    [listing, filter, sort],
  );
  const current = rows.find((s) => s.id === active) ?? null;

  // Refresh while a session is being recorded, so its duration and size move.
  const recording = listing?.recording ?? recordingId;
  useEffect(() => {
    if (!recording) return;
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [recording, reload]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
      if (e.key === '/' && !typing && !confirm) {
        e.preventDefault();
        filterRef.current?.focus();
      } else if ((e.key === 'g' || e.key === 'G') && !typing && !confirm && !e.ctrlKey && !e.metaKey && !e.altKey) {
        // The keyboard path to groups: Space ticks rows, G compares them as groups.
        e.preventDefault();
        groupsRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirm]);

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= MAX_SELECT ? s : [...s, id]));
  const quarantine = async (s: SessionSummary) => {
    setQuarantining(s.id);
    try {
      const q = await libraryApi().quarantine(s.id);
      setSelected((x) => x.filter((id) => id !== s.id));
      setMoved({ ok: true, text: `Moved ${q.files.join(', ')} to ${q.dir}` });
      notifyLibraryChanged();
    } catch (e) {
      setMoved({ ok: false, text: `${s.title || s.id} was not moved: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setQuarantining(null);
    }
  };

  const onRowKey = (e: React.KeyboardEvent, s: SessionSummary, i: number) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' && openable(s)) onOpen(s.id);
    else if (e.key === 'Delete' || e.key === 'Backspace') setConfirm(s);
    else if (e.key === ' ') {
      e.preventDefault();
      toggle(s.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[i + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) rowRefs.current.get(next.id)?.focus();
    }
  };

  const compareIds = selected.filter((id) => listing?.sessions.some((s) => s.id === id && openable(s)));
  const groupsRef = useRef(() => {});
  groupsRef.current = () => onGroups(compareIds);

  return (
    <div className="library" data-testid="library">
      <div className="view-toolbar">
        <h2>Library</h2>
        <input
          ref={filterRef}
          className="filter"
          type="search"
          placeholder="Filter: words, tag:name  ( / )"
          aria-label="Filter sessions"
          data-testid="library-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setFilter('');
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
        <button
          type="button"
          className="btn primary"
          disabled={compareIds.length < MIN_COMPARE || compareIds.length > MAX_COMPARE}
          onClick={() => onCompare(compareIds)}
          title={
            compareIds.length > MAX_COMPARE
              ? `Side by side takes 2 to 4 sessions: compare ${compareIds.length} as groups`
              : 'Tick 2 to 4 sessions, then compare them side by side'
          }
          data-testid="compare-selected"
        >
          Compare {compareIds.length ? `(${compareIds.length})` : ''}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => onGroups(compareIds)}
          title="Runs against runs: the ticked sessions split into groups A and B, which the Groups view lets you change (G)"
          data-testid="compare-groups"
        >
          Compare as groups…
        </button>
        <button type="button" className="btn" onClick={onTotals} data-testid="library-totals">
          Totals
        </button>
        <button type="button" className="btn" onClick={() => fileRef.current?.click()}>
          Import file…
        </button>
        <button type="button" className="btn" onClick={() => setFleetOpen(true)} data-testid="from-prometheus">
          From Prometheus…
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          accept={IMPORT_ACCEPT}
          data-testid="import-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (!files.length) return;
            setOutcomes([]);
            void importFiles(files, setProgress).then((o) => {
              setProgress(null);
              setOutcomes(o);
            });
          }}
        />
        <span className="hint">
          {listing ? `${rows.length} of ${listing.sessions.length} sessions · ${listing.dir}` : ''}
        </span>
      </div>
      {fleetOpen && (
        <FleetDialog
          onClose={() => setFleetOpen(false)}
          onImported={(id) => {
            setFleetOpen(false);
            notifyLibraryChanged();
            onOpen(id);
          }}
        />
      )}
      <ImportResults progress={progress} outcomes={outcomes} onOpen={onOpen} onClose={() => setOutcomes([])} />
      {moved && (
        <div className={`banner ${moved.ok ? 'info' : 'error'}`} role="status" data-testid="quarantine-result">
          {moved.text}{' '}
          <button type="button" className="btn" onClick={() => setMoved(null)}>
            Dismiss
          </button>
        </div>
      )}
      {error && (
        <div className="banner error" role="alert" data-testid="library-error">
          The library could not be read: {error}{' '}
          <button type="button" className="btn" onClick={reload}>
            Retry
          </button>
        </div>
      )}
      {!listing && !error && <div className="empty">Reading the library…</div>}
      {listing && listing.sessions.length === 0 && (
        <div className="empty library-empty" data-testid="library-empty">
          <strong>No saved sessions yet.</strong>
          <span>
            Live sessions are recorded here while recording is on (switch in the header). Drop a CSV, irontide NDJSON,
            libtorrent log or .arrow session anywhere in the window to import it.
          </span>
        </div>
      )}
      {listing && listing.sessions.length > 0 && rows.length === 0 && (
        <div className="empty" data-testid="library-no-match">
          No session matches “{filter}”.
        </div>
      )}
      {rows.length > 0 && (
        <table className="sessions" data-testid="sessions-table">
          <thead>
            <tr>
              <th className="pick">
                <span className="sr-only">Compare</span>
              </th>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  className={c.num ? 'num' : ''}
                  aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort" onClick={() => setSort(toggleSort(sort, c.key))}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th>Tags</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s, i) => (
              <SessionRow
                key={s.id}
                session={s}
                active={active === s.id}
                selected={selected.includes(s.id)}
                selectedCount={selected.length}
                stoppedError={listing?.stopped.findLast((x) => x.id === s.id)?.error ?? null}
                busy={quarantining === s.id}
                rowRef={(el) => {
                  if (el) rowRefs.current.set(s.id, el);
                  else rowRefs.current.delete(s.id);
                }}
                onActivate={() => setActive(s.id)}
                onOpen={() => onOpen(s.id)}
                onToggle={() => toggle(s.id)}
                onDelete={() => setConfirm(s)}
                onQuarantine={() => void quarantine(s)}
                onTag={(t) => setFilter(`tag:${t}`)}
                onKeyDown={(e) => onRowKey(e, s, i)}
              />
            ))}
          </tbody>
        </table>
      )}
      {current && (
        <section className="card" aria-label="Session details">
          <div className="card-head">
            <h2>{current.title || current.id}</h2>
            <span className="hint">Enter opens · Delete deletes · Space ticks for comparison · / filters</span>
          </div>
          <SessionEditor
            session={current}
            onSaved={() => {
              notifyLibraryChanged();
            }}
          />
        </section>
      )}
      {confirm && (
        <ConfirmDelete
          session={confirm}
          onCancel={() => {
            const id = confirm.id;
            setConfirm(null);
            rowRefs.current.get(id)?.focus();
          }}
          onDeleted={() => {
            setSelected((s) => s.filter((x) => x !== confirm.id));
            setConfirm(null);
            setActive(null);
            notifyLibraryChanged();
          }}
        />
      )}
    </div>
  );
}
