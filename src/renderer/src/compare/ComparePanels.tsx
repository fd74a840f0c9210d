import { useMemo, useRef, useState } from 'react';
import type { CompareSessionInfo } from '../../../shared/compare/compareSessions';
import { type BoundPanel, bindPanel, buildPanelData, type ChartRow, type PanelMode } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { useWidth } from '../hooks/useWidth';
import { seriesColor } from '../panels/colors';
import { CompareChart, type CompareSeries } from './CompareChart';
import type { CompareSession } from './load';
import { mergeOverlay, SESSION_DASH, sessionColor } from './model';

export type CompareMode = 'overlay' | 'side';

const CHART_HEIGHT = 170;
const SIDE_HEIGHT = 110;

/** One dashboard panel across the compared sessions: overlaid, or stacked on one time axis. */
export function ComparePanel({
  panel,
  sessions,
  infos,
  mode,
  range,
  onZoom,
}: {
  panel: PanelDef;
  sessions: readonly CompareSession[];
  infos: readonly CompareSessionInfo[];
  mode: CompareMode;
  range: { from: number; to: number };
  onZoom: (from: number, to: number) => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const bound: BoundPanel[] = useMemo(
    () => sessions.map((s) => bindPanel(panel, s.data.meta.registry, s.notReported)),
    [panel, sessions],
  );
  // Slots any session can draw, in panel order.
  const slots = useMemo(() => {
    const seen = new Set<number>();
    for (const b of bound) for (const s of b.series) seen.add(s.slot);
    return [...seen].sort((a, b) => a - b);
  }, [bound]);
  const [slot, setSlot] = useState<number | null>(null);
  const shownSlot = slot !== null && slots.includes(slot) ? slot : (slots[0] ?? null);
  const canCumulate = bound.some((b) => b.canCumulate);
  const [mode2, setMode2] = useState<PanelMode>(panel.defaultMode ?? 'rate');
  const dataMode: PanelMode = canCumulate ? mode2 : 'rate';

  const chartWidth = Math.max(0, width);
  const plotPx = Math.max(50, chartWidth - 74);
  // Per session: rows on the aligned axis (t - origin), from the panel pipeline the live view uses.
  const perSession = useMemo(() => {
    if (chartWidth === 0) return null;
    return sessions.map((s, k) => {
      const b = bound[k] as BoundPanel;
      if (b.series.length === 0 || s.series.empty) return null;
      const origin = (infos[k] as CompareSessionInfo).origin;
      const view = s.series.window({ from: origin + range.from, to: origin + range.to, maxPoints: plotPx });
      const built = buildPanelData(b, view, dataMode, plotPx);
      return { unit: built.unit, rows: built.rows.map((r) => ({ ...r, t: r.t - origin })) as ChartRow[] };
    });
  }, [sessions, bound, infos, range, plotPx, dataMode, chartWidth]);

  const unit = perSession?.find((p) => p)?.unit ?? panel.unit;
  const maxGap = Math.max(...sessions.map((s) => s.data.meta.intervalMs)) * 3;
  const slotLabel = shownSlot === null ? '' : (panel.series[shownSlot]?.label ?? '');
  const nothing = slots.length === 0;

  let body: React.ReactNode;
  if (nothing) {
    body = (
      <div className="empty-state" data-testid="panel-empty">
        <strong>No session can draw this panel</strong>
        {bound.flatMap((b, k) =>
          b.unavailable.slice(0, 2).map((u) => (
            <span key={`${sessions[k]?.detail.id}-${u.slot}`}>
              {sessions[k]?.detail.title || sessions[k]?.detail.id}: {u.label}: {u.reason}
            </span>
          )),
        )}
      </div>
    );
  } else if (!perSession) {
    body = <div style={{ height: CHART_HEIGHT }} />;
  } else if (mode === 'overlay') {
    const key = `s${shownSlot}`;
    const rows = mergeOverlay(
      perSession.map((p) => p?.rows ?? null),
      key,
    );
    const series: CompareSeries[] = sessions.map((s, k) => ({
      key: `k${k}`,
      label: s.detail.title || s.detail.id,
      color: sessionColor(k),
      dash: SESSION_DASH[k],
    }));
    body = (
      <div className="panel-body" style={{ height: CHART_HEIGHT }} data-series-shown={slotLabel}>
        <CompareChart
          rows={rows}
          series={series}
          unit={unit}
          from={range.from}
          to={range.to}
          width={chartWidth}
          height={CHART_HEIGHT}
          onZoom={onZoom}
          maxGap={maxGap}
        />
      </div>
    );
  } else {
    body = (
      <div className="side-stack">
        {sessions.map((s, k) => {
          const p = perSession[k];
          const b = bound[k] as BoundPanel;
          const series: CompareSeries[] = b.series.map((x) => ({
            key: x.key,
            label: x.label,
            color: seriesColor(x.slot),
          }));
          return (
            <div key={s.detail.id} className="side-row" data-testid="side-row">
              <div className="side-label">
                <span className="swatch" style={{ background: sessionColor(k) }} />
                {s.detail.title || s.detail.id}
              </div>
              {p ? (
                <CompareChart
                  rows={p.rows}
                  series={series}
                  unit={unit}
                  from={range.from}
                  to={range.to}
                  width={chartWidth}
                  height={SIDE_HEIGHT}
                  onZoom={onZoom}
                  maxGap={maxGap}
                />
              ) : (
                <div className="empty-state" style={{ height: SIDE_HEIGHT }}>
                  {b.unavailable.map((u) => `${u.label}: ${u.reason}`).join(' · ') || 'Nothing to draw'}
                </div>
              )}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <section className="panel compare-panel" data-testid={`cpanel-${panel.id}`} ref={ref} aria-label={panel.title}>
      <header className="panel-head">
        <h3 title={panel.description}>{panel.title}</h3>
        {canCumulate && (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
          <div className="seg" role="group" aria-label={`${panel.title}: show as`}>
            {(['rate', 'cumulative'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={dataMode === m} onClick={() => setMode2(m)}>
                {m === 'rate' ? 'Rate' : 'Total'}
              </button>
            ))}
          </div>
        )}
      </header>
      {mode === 'overlay' && slots.length > 1 && (
        // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
        <div className="seg series-pick" role="group" aria-label={`${panel.title}: series`}>
          {slots.map((s) => (
            <button key={s} type="button" aria-pressed={s === shownSlot} onClick={() => setSlot(s)}>
              {panel.series[s]?.label}
            </button>
          ))}
        </div>
      )}
      {mode === 'overlay' && !nothing && (
        <ul className="legend" data-testid="compare-legend">
          {sessions.map((s, k) => (
            <li key={s.detail.id} data-session={s.detail.title || s.detail.id}>
              <span className="swatch" style={{ background: sessionColor(k) }} />
              <span className="legend-label">
                {s.detail.title || s.detail.id}
                {(bound[k] as BoundPanel).series.every((x) => x.slot !== shownSlot) && (
                  <span className="muted"> (not drawn: {slotLabel} unavailable)</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mode === 'side' && !nothing && (
        <ul className="legend" data-testid="side-legend">
          {slots.map((s) => (
            <li key={s}>
              <span className="swatch" style={{ background: seriesColor(s) }} />
              <span className="legend-label">{panel.series[s]?.label}</span>
            </li>
          ))}
        </ul>
      )}
      {body}
    </section>
  );
}
