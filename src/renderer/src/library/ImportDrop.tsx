import { useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../../../shared/library';
import type { ImportReport } from '../../../shared/session/import/common';
import { LibraryCallError } from '../api/library';
import { libraryApi, notifyLibraryChanged } from './client';

/** Formats the importers read; anything else is tried as "auto" and refused with a reason. */
export const IMPORT_ACCEPT = '.csv,.ndjson,.jsonl,.json,.log,.txt,.arrow';

export interface ImportOutcome {
  readonly name: string;
  readonly summary?: SessionSummary;
  readonly report?: ImportReport | null;
  readonly error?: string;
}

/** Send files to the library's importer one by one; errors are kept per file, never thrown. */
export async function importFiles(
  files: readonly File[],
  onProgress: (text: string) => void,
): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const [i, f] of files.entries()) {
    onProgress(`Importing ${f.name} (${i + 1} of ${files.length})…`);
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const { summary, report } = await libraryApi().importFile(f.name, bytes);
      out.push({ name: f.name, summary, report });
    } catch (e) {
      const msg = e instanceof LibraryCallError || e instanceof Error ? e.message : String(e);
      out.push({ name: f.name, error: msg });
    }
  }
  notifyLibraryChanged();
  return out;
}

function ReportDetails({ report }: { report: ImportReport }) {
  return (
    <details className="import-report" open>
      <summary>
        {report.format} · {report.samples} samples · {report.mapped.length} mapped · {report.derived.length} derived ·{' '}
        {report.kept.length} kept under their own name · {report.leftOut.length} left out
      </summary>
      <dl>
        <dt>Mapped</dt>
        <dd data-testid="import-mapped">
          {report.mapped.length
            ? report.mapped.map((m) => (m.from === m.to ? m.to : `${m.from} → ${m.to}`)).join(', ')
            : '—'}
        </dd>
        <dt>Derived</dt>
        <dd data-testid="import-derived">
          {report.derived.length ? report.derived.map((d) => `${d.to} (${d.how})`).join(', ') : '—'}
        </dd>
        {report.kept.length > 0 && (
          <>
            <dt>Kept</dt>
            <dd>{report.kept.join(', ')}</dd>
          </>
        )}
        <dt>Left out</dt>
        <dd data-testid="import-left-out">
          {report.leftOut.length ? (
            <details>
              <summary>{report.leftOut.length} input metrics not carried into the session</summary>
              {report.leftOut.join(', ')}
            </details>
          ) : (
            '—'
          )}
        </dd>
        {report.notes.length > 0 && (
          <>
            <dt>Notes</dt>
            <dd>{report.notes.join(' · ')}</dd>
          </>
        )}
      </dl>
    </details>
  );
}

/** What happened to each imported file: the import report, or why it was refused. */
export function ImportResults({
  progress,
  outcomes,
  onOpen,
  onClose,
}: {
  progress: string | null;
  outcomes: readonly ImportOutcome[];
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  if (!progress && !outcomes.length) return null;
  return (
    <section className="card import-result" data-testid="import-result" aria-live="polite">
      <div className="card-head">
        <h2>Import</h2>
        {progress && (
          <span className="hint" data-testid="import-progress">
            {progress}
          </span>
        )}
        {!progress && (
          <button type="button" className="btn close" onClick={onClose} aria-label="Dismiss import results">
            Dismiss
          </button>
        )}
      </div>
      {outcomes.map((o) => (
        <div key={o.name} className={`import-item ${o.error ? 'failed' : 'ok'}`}>
          {o.error ? (
            <div className="banner error" role="alert">
              <strong>{o.name}</strong> was not imported: {o.error}
            </div>
          ) : (
            <>
              <div className="import-line">
                <strong>{o.name}</strong> imported as “{o.summary?.title || o.summary?.id}”
                {o.summary && (
                  <button type="button" className="btn" onClick={() => o.summary && onOpen(o.summary.id)}>
                    Open
                  </button>
                )}
              </div>
              {o.report ? (
                <ReportDetails report={o.report} />
              ) : (
                <span className="hint">A Tidegauge session file: copied as it is.</span>
              )}
            </>
          )}
        </div>
      ))}
    </section>
  );
}

/**
 * Files dropped anywhere in the window go to the importer. While something is dragged over
 * the window an overlay says so; the results are shown by the caller (onResults).
 */
export function useDropImport(
  onStart: () => void,
  onProgress: (text: string | null) => void,
  onResults: (o: ImportOutcome[]) => void,
) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const handlers = useRef({ onStart, onProgress, onResults });
  handlers.current = { onStart, onProgress, onResults };
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!files.length) return;
      const h = handlers.current;
      h.onStart();
      void importFiles(files, (t) => handlers.current.onProgress(t)).then((o) => {
        handlers.current.onProgress(null);
        handlers.current.onResults(o);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}

export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div>
        <strong>Drop to import into the library</strong>
        <span>CSV, irontide NDJSON counter dumps, libtorrent session-stats logs, Tidegauge .arrow sessions</span>
      </div>
    </div>
  );
}
