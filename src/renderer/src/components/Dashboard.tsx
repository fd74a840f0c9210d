import type { ReactNode } from 'react';
import { type PanelDef, panelsOf, type SectionDef } from '../../../shared/panels';
import { DashboardPanel } from '../panels/DashboardPanel';

/**
 * One section of the dashboards: its panels in a dense grid, or why there is nothing to show.
 * The panels read the view's series source (DashboardContext); a panel's menu, if any, is the
 * view's to give.
 */
export function Dashboard({
  section,
  ready,
  diagnostics,
  onDiagnostics,
  panelMenu,
}: {
  section: SectionDef;
  /** Whether the source is there (false: still waiting for the host). */
  ready: boolean;
  /** Whether the source counts diagnostics (a session: whether it was recorded with them on). */
  diagnostics: boolean;
  /** Turns diagnostics on; none for a saved session, which cannot be changed. */
  onDiagnostics?: (on: boolean) => void;
  panelMenu?: (panel: PanelDef) => ReactNode;
}) {
  if (!ready) return <div className="section-note">Waiting for the host…</div>;
  if (section.diagnostic && !diagnostics)
    return (
      <div className="section-note diag-off" data-testid="diagnostics-off" role="status">
        <strong>Diagnostics are off.</strong>
        {onDiagnostics ? (
          <>
            <span>
              The engine is not counting these metrics now, so there is nothing current to show. Turning them on costs
              the engine a little time on every piece request.
            </span>
            <button type="button" className="primary" onClick={() => onDiagnostics(true)}>
              Turn diagnostics on <kbd>D</kbd>
            </button>
          </>
        ) : (
          <span>This session was recorded with diagnostics off, so it has none of these metrics.</span>
        )}
      </div>
    );
  return (
    <div className="grid" data-testid={`section-${section.id}`}>
      {panelsOf(section.id).map((p) => (
        <DashboardPanel key={p.id} panel={p} menu={panelMenu?.(p)} />
      ))}
    </div>
  );
}
