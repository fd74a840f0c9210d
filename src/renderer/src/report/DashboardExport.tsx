import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { panelsOf, type SectionId } from '../../../shared/panels';
import { useDashboard } from '../context';
import type { HostStore } from '../store';
import { resolveRange } from '../time/TimeState';
import { ExportDialog } from './ExportDialog';
import { exportReport, reportFileName } from './exportPng';
import { liveSession } from './live';
import { buildReportModel, defaultOptions, provenance, type ReportModel, type ReportOptions } from './model';
import { ReportView } from './ReportView';
import './export.css';

/*
 * The toolbar button and every panel's menu ask for an export through this module rather than
 * a React context, so the dashboard mounts DashboardExport once beside its content.
 */
const requests = new Set<(panels?: readonly string[]) => void>();

/** Open the export dialog, preset to these panels (a panel's menu) or the current section's. */
export function requestExport(panels?: readonly string[]): void {
  for (const r of requests) r(panels);
}

/**
 * Export PNG of the live dashboard: the button for the toolbar, the dialog, and an off-screen
 * ReportView of the current window that is rasterised and saved. Also answers the desktop
 * menu's File > Export report.
 */
export function DashboardExport({ store, section }: { store: HostStore; section: SectionId | null }) {
  const { time } = useDashboard();
  const [options, setOptions] = useState<ReportOptions | null>(null);
  const [panelOnly, setPanelOnly] = useState(false);
  const [model, setModel] = useState<ReportModel | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const node = useRef<HTMLDivElement>(null);
  const sectionRef = useRef(section);
  sectionRef.current = section;

  const open = useCallback((panels?: readonly string[]) => {
    const sec = sectionRef.current;
    setPanelOnly(panels !== undefined);
    setMessage(null);
    setOptions(
      defaultOptions({
        panels: panels ?? (sec ? panelsOf(sec).map((p) => p.id) : undefined),
        width: panels?.length === 1 ? 900 : undefined,
      }),
    );
  }, []);
  useEffect(() => {
    requests.add(open);
    return () => {
      requests.delete(open);
    };
  }, [open]);

  useEffect(
    () =>
      store.subscribeRequests((e) => {
        if (e.type === 'menu' && e.action === 'export-report') open();
      }),
    [store, open],
  );

  const start = () => {
    if (!options) return;
    const view = store.getView();
    const series = store.series;
    if (series.empty) {
      setMessage('Nothing to export yet: no samples have arrived.');
      return;
    }
    const range = resolveRange(time, series.startT, series.endT);
    const session = liveSession(series, view.registry, view.host, range, view.appVersion);
    setMessage(null);
    setModel(
      buildReportModel('live', [session], options, {
        generatedAt: Date.now(),
        appVersion: view.appVersion,
        title: panelOnly && options.panels.length === 1 ? `${session.title} · one panel` : session.title,
      }),
    );
  };

  const onReady = useCallback(() => {
    const el = node.current?.querySelector<HTMLElement>('.report');
    if (!el || !model) return;
    exportReport(el, reportFileName(model.title, model.generatedAt), provenance(model, 'tidegauge app (in-page)'))
      .then(
        (r) => setMessage(r.saved ? `Saved ${r.where}` : r.reason === 'cancelled' ? null : r.reason),
        (e: Error) => setMessage(`Export failed: ${e.message}`),
      )
      .finally(() => setModel(null));
  }, [model]);

  return (
    <>
      {options && (
        <ExportDialog
          title={
            panelOnly ? 'One panel of the live session, current window' : 'The live session, current dashboard window'
          }
          options={options}
          onChange={setOptions}
          onExport={start}
          onClose={() => setOptions(null)}
          busy={model !== null}
          message={message}
        />
      )}
      {model &&
        createPortal(
          <div className="report-offscreen" ref={node} aria-hidden="true">
            <ReportView model={model} onReady={onReady} />
          </div>,
          document.body,
        )}
    </>
  );
}

/** The toolbar's Export PNG button. */
export function ExportButton() {
  return (
    <button type="button" className="btn export-button" onClick={() => requestExport()} title="Export a PNG report">
      Export PNG
    </button>
  );
}

/** A panel's menu: Export PNG of just this panel. */
export function PanelMenu({ panelId, title }: { panelId: string; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="panel-menu">
      <button
        type="button"
        className="panel-menu-button"
        aria-label={`${title}: menu`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open && (
        <div className="panel-menu-list" role="menu">
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              requestExport([panelId]);
            }}
          >
            Export PNG
          </button>
        </div>
      )}
    </div>
  );
}
