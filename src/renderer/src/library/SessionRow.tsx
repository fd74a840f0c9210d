import { formatBytes, formatDuration } from '../../../shared/format';
import type { SessionSummary } from '../../../shared/library';
import { MAX_SELECT } from '../router/route';
import { canQuarantine, formatStart, rowNotes, sourceLabel, stateLabel } from './model';

export interface SessionRowProps {
  readonly session: SessionSummary;
  readonly active: boolean;
  readonly selected: boolean;
  /** Sessions ticked for comparison (the box is disabled once MAX_SELECT are). */
  readonly selectedCount: number;
  /** Why this session's recording stopped (a full disk), from this run of the host. */
  readonly stoppedError: string | null;
  /** Whether a quarantine of this session is under way. */
  readonly busy: boolean;
  readonly rowRef: (el: HTMLTableRowElement | null) => void;
  readonly onActivate: () => void;
  readonly onOpen: () => void;
  readonly onToggle: () => void;
  readonly onDelete: () => void;
  readonly onQuarantine: () => void;
  readonly onTag: (tag: string) => void;
  readonly onKeyDown: (e: React.KeyboardEvent) => void;
}

export const openable = (s: SessionSummary) => s.state !== 'unreadable';

/** One session of the library's table: what it is, its state and what is wrong with it, its actions. */
export function SessionRow(p: SessionRowProps) {
  const s = p.session;
  const notes = rowNotes(s, p.stoppedError);
  const name = s.title || s.id;
  return (
    <tr
      ref={p.rowRef}
      tabIndex={0}
      data-testid="session-row"
      data-id={s.id}
      aria-selected={p.active}
      className={`${p.active ? 'active' : ''} state-${s.state}`}
      onClick={p.onActivate}
      onFocus={p.onActivate}
      onDoubleClick={() => openable(s) && p.onOpen()}
      onKeyDown={p.onKeyDown}
    >
      <td className="pick">
        <input
          type="checkbox"
          aria-label={`Select ${name} for comparison`}
          checked={p.selected}
          disabled={!openable(s) || (!p.selected && p.selectedCount >= MAX_SELECT)}
          onChange={p.onToggle}
          onClick={(e) => e.stopPropagation()}
        />
      </td>
      <td className="title" data-testid="session-title">
        {s.title || <span className="muted">{s.id}</span>}
      </td>
      <td className="src" title={s.source?.detail ?? ''}>
        {sourceLabel(s)}
      </td>
      <td>{formatStart(s.startedAt)}</td>
      <td className="num">{formatDuration(s.durationMs / 1000)}</td>
      <td className="num">{formatBytes(s.sizeBytes)}</td>
      <td className="state" title={[s.error, ...s.warnings].filter(Boolean).join('\n')}>
        <span className={`state-badge ${s.state}`} data-testid="session-state">
          {stateLabel(s)}
        </span>
        {notes.map((n) => (
          <div key={n.text} className={n.kind === 'error' ? 'state-error' : 'state-note'} data-testid="session-note">
            {n.text}
          </div>
        ))}
      </td>
      <td className="tags">
        {s.tags.map((t) => (
          <button
            type="button"
            key={t}
            className="chip"
            title={`Show sessions tagged ${t}`}
            onClick={(e) => {
              e.stopPropagation();
              p.onTag(t);
            }}
          >
            {t}
          </button>
        ))}
      </td>
      <td className="actions">
        <button
          type="button"
          className="btn"
          disabled={!openable(s)}
          onClick={(e) => {
            e.stopPropagation();
            p.onOpen();
          }}
        >
          Open
        </button>
        {canQuarantine(s) && (
          <button
            type="button"
            className="btn"
            aria-label={`Move ${name} to quarantine`}
            title="Move its files out of the library into the quarantine folder (nothing is deleted)"
            disabled={p.busy}
            onClick={(e) => {
              e.stopPropagation();
              p.onQuarantine();
            }}
          >
            Quarantine
          </button>
        )}
        <button
          type="button"
          className="btn"
          aria-label={`Delete ${name}`}
          onClick={(e) => {
            e.stopPropagation();
            p.onDelete();
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
