import { type ReactNode, useMemo, useRef, useState } from 'react';
import type { PanelDef, SectionDef } from '../../../shared/panels';
import { panelsFor } from '../../../shared/panels-shown';
import { useDashboard } from '../context';
import { useGridLayout } from '../hooks/useGridLayout';
import { useShortcuts } from '../keys/shortcuts';
import { DashboardPanel } from '../panels/DashboardPanel';
import { chartHeight } from '../panels/panelHeight';

/**
 * One section of the dashboards: its panels in a grid whose rows fill the window, one panel
 * alone ("view", `v` over it or its ⤢ button; Esc returns), or why there is nothing to show.
 * The panels read the view's series source (DashboardContext); a panel's menu, if any, is the
 * view's to give.
 */
export function Dashboard({
  section,
  ready,
  diagnostics,
  onDiagnostics,
  panelMenu,
  keys = true,
}: {
  section: SectionDef;
  /** Whether the source is there (false: still waiting for the host). */
  ready: boolean;
  /** Whether the source counts diagnostics (a session: whether it was recorded with them on). */
  diagnostics: boolean;
  /** Turns diagnostics on; none for a saved session, which cannot be changed. */
  onDiagnostics?: (on: boolean) => void;
  panelMenu?: (panel: PanelDef) => ReactNode;
  /** Whether its keys (v, Esc) are on: false while another view covers it. */
  keys?: boolean;
}) {
  const grid = useRef<HTMLDivElement>(null);
  const hovered = useRef<string | null>(null);
  const [viewed, setViewed] = useState<string | null>(null);
  // A panel of an engine's own metrics only where the stream has them (libtorrent's: Deluge).
  const { registry } = useDashboard().source;
  const panels = useMemo(() => panelsFor(section.id, registry), [section.id, registry]);
  const alone = panels.find((p) => p.id === viewed) ?? null;
  const layout = useGridLayout(grid, `${section.id}/${alone?.id ?? ''}/${ready}/${diagnostics}`);
  const height = chartHeight({ ...layout, panels: panels.length, alone: alone !== null });
  const shown = keys && ready && !(section.diagnostic && !diagnostics);

  useShortcuts(
    [
      {
        key: 'v',
        what: 'View the panel under the pointer alone, or return to all panels',
        run: () => {
          if (alone) return void setViewed(null);
          if (!hovered.current) return false;
          setViewed(hovered.current);
        },
      },
    ],
    1,
    shown,
  );
  useShortcuts([{ key: 'Escape', what: 'Back to all panels', run: () => void setViewed(null) }], 2, shown && !!alone);

  if (!ready) return <div className="section-note">Waiting for the host…</div>;
  if (panels.length === 0)
    return (
      <div className="section-note" data-testid="section-absent" role="status">
        This source reports none of the metrics of this section ({section.description}).
      </div>
    );
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
  const viewButton = (p: PanelDef) => (
    <button
      type="button"
      className="panel-menu-button panel-view-button"
      aria-label={alone ? `${p.title}: back to all panels` : `${p.title}: view alone`}
      aria-pressed={alone !== null}
      title={alone ? 'Back to all panels (v or Esc)' : 'View this panel alone (v)'}
      onClick={() => setViewed(alone ? null : p.id)}
    >
      {alone ? '⤡' : '⤢'}
    </button>
  );
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only notes which panel `v` would view; the buttons do it by keyboard
    // biome-ignore lint/a11y/useKeyWithMouseEvents: as above, the panels' view buttons are the keyboard's way
    <div
      ref={grid}
      className={alone ? 'grid alone' : 'grid'}
      data-testid={`section-${section.id}`}
      data-viewed={alone?.id}
      onMouseOver={(e) => {
        const card = (e.target as Element).closest?.('section.panel');
        hovered.current = card?.getAttribute('data-testid')?.replace(/^panel-/, '') ?? null;
      }}
      onMouseLeave={() => {
        hovered.current = null;
      }}
    >
      {(alone ? [alone] : panels).map((p) => (
        <DashboardPanel
          key={p.id}
          panel={p}
          height={height}
          menu={
            <>
              {viewButton(p)}
              {panelMenu?.(p)}
            </>
          }
        />
      ))}
    </div>
  );
}
