import { useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../../../shared/library';
import { LibraryCallError } from '../api/library';
import { libraryApi } from './client';
import { deleteError } from './model';

/** Asks before a delete; says why one was refused (409: still recording). */
export function ConfirmDelete({
  session,
  onCancel,
  onDeleted,
}: {
  session: SessionSummary;
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const remove = async () => {
    setBusy(true);
    try {
      await libraryApi().remove(session.id);
      onDeleted();
    } catch (e) {
      setError(e instanceof LibraryCallError ? deleteError(e.status, e.message) : String(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div
        className="modal card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h2 id="confirm-title">Delete “{session.title || session.id}”?</h2>
        <p>
          The session file{session.kept.length ? ', and the files kept beside it,' : ''} is removed from the data
          folder. This cannot be undone.
        </p>
        {error && (
          <div className="banner error" role="alert" data-testid="delete-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button ref={confirmRef} type="button" className="btn danger" onClick={remove} disabled={busy || !!error}>
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
