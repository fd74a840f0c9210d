import { useEffect, useRef } from 'react';
import { PANELS, type PanelDef, SECTIONS } from '../../../shared/panels';
import { useShortcuts } from '../keys/shortcuts';
import { ExportPreview, type PreviewProps } from './ExportPreview';
import { MAX_WIDTH, MIN_WIDTH, type ReportOptions, type ReportTheme } from './model';

/** Pick panels, theme and width for a report; the caller renders and exports. */
export function ExportOptions({
  options,
  onChange,
  sessions = 1,
  onEnter,
  offered = PANELS,
}: {
  options: ReportOptions;
  onChange: (o: ReportOptions) => void;
  sessions?: number;
  /** The panels the sessions can show (no libtorrent panels for a source without its counters). */
  offered?: readonly PanelDef[];
  /** Enter in the width field (a text field, so not the shortcut hub's). */
  onEnter?: () => void;
}) {
  const toggle = (ids: readonly string[], on: boolean) => {
    const set = new Set(options.panels);
    for (const id of ids)
      if (on) set.add(id);
      else set.delete(id);
    onChange({ ...options, panels: offered.filter((p) => set.has(p.id)).map((p) => p.id) });
  };
  return (
    <div className="export-options">
      <fieldset>
        <legend>Theme</legend>
        {(['light', 'dark'] as const).map((t: ReportTheme) => (
          <label key={t}>
            <input
              type="radio"
              name="report-theme"
              checked={options.theme === t}
              onChange={() => onChange({ ...options, theme: t })}
            />
            {t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <label className="export-width">
        Width (px)
        <input
          type="number"
          min={MIN_WIDTH}
          max={MAX_WIDTH}
          step={10}
          value={options.width}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && onEnter) {
              e.preventDefault();
              onEnter();
            }
          }}
          onChange={(e) => {
            const w = Number(e.target.value);
            if (Number.isFinite(w)) onChange({ ...options, width: Math.round(w) });
          }}
        />
        <small>PNG: {options.width * 2} px wide</small>
      </label>
      {sessions > 1 && (
        <label className="export-width">
          Baseline
          <select value={options.baseline} onChange={(e) => onChange({ ...options, baseline: Number(e.target.value) })}>
            {Array.from({ length: sessions }, (_, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: session numbers
              <option key={k} value={k}>
                Session {k + 1}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="export-panels">
        <legend>
          Panels ({options.panels.length} of {offered.length}){' '}
          <AllNone ids={offered.map((p) => p.id)} toggle={toggle} all="All panels" none="No panels" />
        </legend>
        {SECTIONS.filter((s) => offered.some((p) => p.section === s.id)).map((s) => {
          const ids = offered.filter((p) => p.section === s.id).map((p) => p.id);
          return (
            <div key={s.id} className="export-section" data-testid={`export-section-${s.id}`}>
              <div className="export-section-head">
                <strong>{s.title}</strong>
                <AllNone ids={ids} toggle={toggle} all={`All of ${s.title}`} none={`None of ${s.title}`} />
              </div>
              {offered
                .filter((p) => p.section === s.id)
                .map((p) => (
                  <label key={p.id}>
                    <input
                      type="checkbox"
                      checked={options.panels.includes(p.id)}
                      onChange={(e) => toggle([p.id], e.target.checked)}
                    />
                    {p.title}
                  </label>
                ))}
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** Check or uncheck a set of panels; the labels name the set for a screen reader. */
function AllNone(p: {
  ids: readonly string[];
  toggle: (ids: readonly string[], on: boolean) => void;
  all: string;
  none: string;
}) {
  return (
    <>
      <button type="button" className="link" onClick={() => p.toggle(p.ids, true)} aria-label={p.all}>
        All
      </button>{' '}
      <button type="button" className="link" onClick={() => p.toggle(p.ids, false)} aria-label={p.none}>
        None
      </button>
    </>
  );
}

/** A modal around ExportOptions and the live preview, with Export / Close (Enter / Esc). */
export function ExportDialog({
  title,
  options,
  onChange,
  onExport,
  onClose,
  busy,
  message,
  ready,
  preview,
  offered,
}: {
  title: string;
  options: ReportOptions;
  onChange: (o: ReportOptions) => void;
  onExport: () => void;
  onClose: () => void;
  busy: boolean;
  message: string | null;
  /** Whether there is a report to export (the sessions are read and the options valid). */
  ready: boolean;
  /** The report as it will be saved, or why there is none yet. */
  preview: PreviewProps | string | null;
  /** The panels the sessions can show; every panel when not given. */
  offered?: readonly PanelDef[];
}) {
  const valid = options.width >= MIN_WIDTH && options.width <= MAX_WIDTH;
  const can = valid && ready && !busy;
  const box = useRef<HTMLDivElement>(null);
  // Focus into the dialog, so Enter and Esc are its keys from the start.
  useEffect(() => box.current?.focus(), []);
  useShortcuts(
    [
      { key: 'Escape', what: 'Close the export dialog', run: () => void onClose() },
      {
        key: 'Enter',
        what: 'Export the PNG shown in the preview',
        // A focused button, link or list does what Enter does to it.
        run: () => (isControl(document.activeElement) ? false : can ? void onExport() : undefined),
      },
    ],
    50,
  );
  // Title and buttons stay in view at any window height: only the options and the preview
  // scroll. Errors and messages sit beside the buttons, so they never push them out.
  return (
    <div className="modal-backdrop">
      <div
        ref={box}
        tabIndex={-1}
        className="modal export-dialog export-png-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export PNG"
      >
        <h2>Export PNG</h2>
        <p className="export-what" data-testid="export-what">
          {title}
        </p>
        <div className="export-body">
          <div className="export-choices">
            <ExportOptions options={options} onChange={onChange} onEnter={() => can && onExport()} offered={offered} />
          </div>
          <section className="export-preview-col" aria-label="Preview">
            <h3>Preview</h3>
            {preview && typeof preview === 'object' ? (
              <ExportPreview {...preview} />
            ) : (
              <p className="export-preview-note">{preview ?? 'Nothing to preview.'}</p>
            )}
          </section>
        </div>
        <div className="export-actions">
          {!valid && (
            <p className="export-message" role="alert">
              Width must be from {MIN_WIDTH} to {MAX_WIDTH} px.
            </p>
          )}
          {message && (
            <p className="export-message" role="status">
              {message}
            </p>
          )}
          <span className="hint export-keys">
            <kbd>Enter</kbd> export · <kbd>Esc</kbd> close
          </span>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="button" className="primary" disabled={!can} onClick={onExport}>
            {busy ? 'Exporting…' : 'Export PNG'}
          </button>
        </div>
      </div>
    </div>
  );
}

function isControl(el: Element | null): boolean {
  return el instanceof HTMLElement && ['BUTTON', 'A', 'SELECT', 'TEXTAREA'].includes(el.tagName);
}
