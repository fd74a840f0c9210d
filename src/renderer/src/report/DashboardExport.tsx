import { useEffect, useMemo, useState } from 'react';
import { panelsOf, type SectionId } from '../../../shared/panels';
import { useDashboard } from '../context';
import type { HostStore } from '../store';
import { resolveRange } from '../time/TimeState';
import { ExportHost, type ExportSubject } from './ExportHost';
import { requestExport } from './exportBus';
import { liveSession } from './live';

export { requestExport } from './exportBus';

/**
 * Export PNG of the live dashboard: the current window of the live stream as a report, while
 * the live view is shown (`active`). Also answers the desktop menu's File > Export report, for
 * whichever view is shown (the export bus).
 */
export function DashboardExport({
  store,
  section,
  active = true,
}: {
  store: HostStore;
  section: SectionId | null;
  active?: boolean;
}) {
  const { time } = useDashboard();
  useEffect(
    () =>
      store.subscribeRequests((e) => {
        if (e.type === 'menu' && e.action === 'export-report') requestExport();
      }),
    [store],
  );
  const subject = useMemo(
    (): ExportSubject => ({
      what: (one) =>
        one ? 'One panel of the live session, current window' : 'The live session, current dashboard window',
      panels: () => (section ? panelsOf(section).map((p) => p.id) : undefined),
      load: () => {
        const view = store.getView();
        const series = store.series;
        if (series.empty) return 'Nothing to export yet: no samples have arrived.';
        const range = resolveRange(time, series.startT, series.endT);
        const session = liveSession(series, view.registry, view.host, range, view.appVersion);
        return {
          kind: 'live',
          sessions: [session],
          appVersion: view.appVersion,
          title: session.title,
        };
      },
    }),
    [store, section, time],
  );
  return <ExportHost subject={subject} active={active} />;
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
