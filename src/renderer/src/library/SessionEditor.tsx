import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../shared/library';
import { libraryApi } from './client';
import { parseTags } from './model';

/** A saved session's title, tags and notes, edited in place; the sidecar keeps them (the CLI reads them too). */
export function SessionEditor({ session, onSaved }: { session: SessionSummary; onSaved: (s: SessionSummary) => void }) {
  const [title, setTitle] = useState(session.title);
  const [tags, setTags] = useState(session.tags.join(', '));
  const [notes, setNotes] = useState(session.notes);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    setTitle(session.title);
    setTags(session.tags.join(', '));
    setNotes(session.notes);
    setStatus(null);
  }, [session]);
  const dirty = title !== session.title || tags !== session.tags.join(', ') || notes !== session.notes;
  const save = async () => {
    try {
      setStatus('Saving…');
      const s = await libraryApi().update(session.id, { title: title.trim(), tags: parseTags(tags), notes });
      setStatus('Saved');
      onSaved(s);
    } catch (e) {
      setStatus(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <form
      className="editor"
      data-testid="session-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Title" maxLength={500} />
      </label>
      <label>
        <span>Tags</span>
        <input
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          aria-label="Tags"
          placeholder="comma, separated"
        />
      </label>
      <label className="notes">
        <span>Notes</span>
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} aria-label="Notes" rows={3} />
      </label>
      <div className="editor-actions">
        <button type="submit" className="btn primary" disabled={!dirty}>
          Save
        </button>
        {status && (
          <span className="hint" role="status">
            {status}
          </span>
        )}
        <span className="hint editor-meta">
          {session.samples.toLocaleString()} samples · {session.metrics} metrics · every {session.intervalMs} ms · app{' '}
          {session.appVersion || '?'} · {session.file}
        </span>
      </div>
    </form>
  );
}
