import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Comparison } from '../../../shared/compare/compareSessions';
import { panelsShownIn } from '../../../shared/panels-shown';
import { ExportDialog } from './ExportDialog';
import { registerExporter } from './exportBus';
import { exportDrawnReport } from './exportPng';
import {
  buildReportModel,
  defaultOptions,
  MAX_WIDTH,
  MIN_WIDTH,
  type ReportModel,
  type ReportOptions,
  type ReportSession,
} from './model';
import './export.css';

/** What a view exports: its sessions as a report reads them. */
export interface ExportContent {
  readonly kind: ReportModel['kind'];
  readonly sessions: readonly ReportSession[];
  readonly appVersion: string;
  readonly title: string;
  /** A comparison's summary as the view computed it (its alignment, nudges and baseline). */
  readonly comparison?: Comparison | null;
}

/** A view's side of Export PNG. */
export interface ExportSubject {
  /** What the dialog says it exports (one panel from a panel's menu, or the dialog's choice). */
  readonly what: (panelOnly: boolean) => string;
  /** The panels preset when no panel's menu asked (the section shown). */
  readonly panels: () => readonly string[] | undefined;
  /**
   * The sessions, read once when the dialog opens (the preview and the PNG are of that
   * moment), or a sentence saying why there is nothing to export.
   */
  readonly load: (panelOnly: boolean) => ExportContent | string | Promise<ExportContent | string>;
}

/**
 * The export dialog of one view: registers with the export bus while `active`, reads the
 * view's sessions when asked, previews the report and rasterises that very preview, so the PNG
 * is what the preview shows.
 */
export function ExportHost({ subject, active = true }: { subject: ExportSubject; active?: boolean }) {
  const subjectRef = useRef(subject);
  subjectRef.current = subject;
  const [options, setOptions] = useState<ReportOptions | null>(null);
  const [panelOnly, setPanelOnly] = useState(false);
  const [content, setContent] = useState<ExportContent | string | null>(null);
  const [openedAt, setOpenedAt] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const [readyKey, setReadyKey] = useState<string | null>(null);
  const seq = useRef(0);
  const preview = useRef<HTMLDivElement>(null);

  const open = useCallback((panels?: readonly string[]) => {
    const s = subjectRef.current;
    const only = panels !== undefined;
    const token = ++seq.current;
    setPanelOnly(only);
    setMessage(null);
    setContent(null);
    setPending(false);
    setOpenedAt(Date.now());
    setOptions(defaultOptions({ panels: panels ?? s.panels(), width: panels?.length === 1 ? 900 : undefined }));
    Promise.resolve()
      .then(() => s.load(only))
      .then(
        (c) => token === seq.current && setContent(c),
        (e: Error) => token === seq.current && setContent(`Cannot read what to export: ${e.message}`),
      );
  }, []);
  useEffect(() => (active ? registerExporter(open) : undefined), [active, open]);

  const close = useCallback(() => {
    seq.current++;
    setOptions(null);
    setContent(null);
  }, []);

  const built = useMemo((): ReportModel | string | null => {
    if (!options || content === null) return null;
    if (typeof content === 'string') return content;
    if (options.width < MIN_WIDTH || options.width > MAX_WIDTH) return null;
    try {
      return buildReportModel(
        content.kind,
        content.sessions,
        { ...options, baseline: content.comparison?.baseline ?? options.baseline },
        {
          generatedAt: openedAt,
          appVersion: content.appVersion,
          title: panelOnly && options.panels.length === 1 ? `${content.title} · one panel` : content.title,
        },
        { comparison: content.comparison ?? null },
      );
    } catch (e) {
      return `Cannot lay out the report: ${(e as Error).message}`;
    }
  }, [options, content, openedAt, panelOnly]);
  const model = typeof built === 'object' ? built : null;
  const key = model ? previewKey(model.options) : '';

  const save = useCallback(() => {
    if (!model || !preview.current?.querySelector('.report')) return;
    setPending(false);
    setBusy(true);
    setMessage(null);
    exportDrawnReport(preview.current, model)
      .then(setMessage)
      .finally(() => setBusy(false));
  }, [model]);
  // Export as soon as the preview is laid out (Enter right after a checkbox is fine).
  useEffect(() => {
    if (pending && model && readyKey === key) save();
  }, [pending, model, readyKey, key, save]);
  const onReady = useCallback(() => setReadyKey(key), [key]);

  if (!options) return null;
  return (
    <ExportDialog
      title={subject.what(panelOnly)}
      options={options}
      onChange={setOptions}
      onExport={() => model && setPending(true)}
      onClose={close}
      busy={busy || pending}
      message={message ?? (typeof built === 'string' ? built : null)}
      ready={model !== null}
      offered={
        typeof content === 'object' && content
          ? panelsShownIn(content.sessions.map((x) => x.data.meta.registry))
          : undefined
      }
      preview={
        model ? { model, frame: preview, onReady, previewKey: key } : content === null ? 'Reading the sessions…' : null
      }
    />
  );
}

/** The preview is laid out again when what changes the layout changes. */
function previewKey(o: ReportOptions): string {
  return `${o.width}/${o.theme}/${o.baseline}/${o.panels.join(',')}`;
}
