import { useMemo, useRef, useState } from 'react';
import { type Annotations, NO_ANNOTATIONS } from '../../../shared/annotations';
import { mergeAnnotations } from '../../../shared/compare/annotations';
import type { CompareSessionInfo } from '../../../shared/compare/compareSessions';
import { type BoundPanel, bindPanel, type PanelData, type PanelMode } from '../../../shared/panel-data';
import type { PanelDef } from '../../../shared/panels';
import { isEmpty, shiftedSource } from '../../../shared/series-source';
import { useWidth } from '../hooks/useWidth';
import type { OpenedSession } from '../library/openSession';
import { seriesColor } from '../panels/colors';
import { type ChartFrame, rowsMax } from '../panels/frame';
import { CHART_HEIGHT, plotPoints } from '../panels/geometry';
import { ModeSwitch, PanelCard } from '../panels/PanelCard';
import { PanelChart } from '../panels/PanelChart';
import { PanelMenu } from '../report/DashboardExport';
import { SESSION_DASH, sessionColor } from './model';

export type CompareMode = 'overlay' | 'side';

const title = (s: OpenedSession) => s.detail.title || s.detail.id;

/** One dashboard panel across the compared sessions: overlaid, or stacked on one time axis. */
export function ComparePanel({
  panel,
  sessions,
  infos,
  annotations,
  mode,
  range,
  onZoom,
}: {
  panel: PanelDef;
  sessions: readonly OpenedSession[];
  infos: readonly CompareSessionInfo[];
  /** Each session's events and markers, on the aligned axis. */
  annotations: readonly Annotations[];
  mode: CompareMode;
  range: { from: number; to: number };
  onZoom: (from: number, to: number) => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const bound: BoundPanel[] = useMemo(
    () => sessions.map((s) => bindPanel(panel, s.source.registry, s.source.notReported)),
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
  const plotPx = plotPoints(chartWidth);
  // Per session: its rows on the aligned axis (0 = its origin), from the source the dashboards read.
  const perSession = useMemo((): (PanelData | null)[] | null => {
    if (chartWidth === 0) return null;
    return sessions.map((s, k) => {
      const b = bound[k] as BoundPanel;
      const source = shiftedSource(s.source, (infos[k] as CompareSessionInfo).origin);
      if (b.series.length === 0 || isEmpty(source)) return null;
      return source.rows(b, { from: range.from, to: range.to, mode: dataMode, maxPoints: plotPx });
    });
  }, [sessions, bound, infos, range, plotPx, dataMode, chartWidth]);

  // Overlay: one frame per session that draws the slot picked, in the session's colour and dash.
  const key = `s${shownSlot}`;
  const overlay = useMemo(
    (): ChartFrame[] =>
      (perSession ?? []).flatMap((d, k) => {
        const s = sessions[k] as OpenedSession;
        if (!d || !(bound[k] as BoundPanel).series.some((x) => x.key === key)) return [];
        const style = { key, label: title(s), color: sessionColor(k), dash: SESSION_DASH[k] };
        return [{ rows: d.rows, points: d.points, series: [style], intervalMs: s.source.intervalMs }];
      }),
    [perSession, sessions, bound, key],
  );
  // Side by side: each session's own frame, every series it can draw.
  const side = useMemo(
    (): (ChartFrame | null)[] =>
      (perSession ?? []).map((d, k) => {
        const b = bound[k] as BoundPanel;
        if (!d) return null;
        const series = b.series.map((x) => ({ key: x.key, label: x.label, color: seriesColor(x.slot) }));
        return { rows: d.rows, points: d.points, series, intervalMs: (sessions[k] as OpenedSession).source.intervalMs };
      }),
    [perSession, sessions, bound],
  );

  // Overlay: every session's on the one chart, each in its colour; side by side: each its own.
  const merged = useMemo(() => mergeAnnotations(annotations), [annotations]);

  const unit = perSession?.find((p) => p)?.unit ?? panel.unit;
  const slotLabel = shownSlot === null ? '' : (panel.series[shownSlot]?.label ?? '');
  const nothing = slots.length === 0;
  const chart = (frames: readonly ChartFrame[], height: number, events: Annotations) => (
    <PanelChart
      frames={frames}
      unit={unit}
      max={rowsMax(frames, range.from, range.to)}
      from={range.from}
      to={range.to}
      width={chartWidth}
      height={height}
      stacked={false}
      axis="elapsed"
      onZoom={onZoom}
      annotations={events}
    />
  );

  let body: React.ReactNode;
  if (nothing) {
    body = (
      <div className="empty-state" data-testid="panel-empty">
        <strong>No session can draw this panel</strong>
        {bound.flatMap((b, k) =>
          b.unavailable.slice(0, 2).map((u) => (
            <span key={`${sessions[k]?.detail.id}-${u.slot}`}>
              {title(sessions[k] as OpenedSession)}: {u.label}: {u.reason}
            </span>
          )),
        )}
      </div>
    );
  } else if (!perSession) {
    body = <div style={{ height: CHART_HEIGHT.compare }} />;
  } else if (mode === 'overlay') {
    body = (
      <div className="panel-body" style={{ height: CHART_HEIGHT.compare }} data-series-shown={slotLabel}>
        {chart(overlay, CHART_HEIGHT.compare, merged)}
      </div>
    );
  } else {
    body = (
      <div className="side-stack">
        {sessions.map((s, k) => {
          const frame = side[k];
          const b = bound[k] as BoundPanel;
          return (
            <div key={s.detail.id} className="side-row" data-testid="side-row">
              <div className="side-label">
                <span className="swatch" style={{ background: sessionColor(k) }} />
                {title(s)}
              </div>
              {frame ? (
                chart([frame], CHART_HEIGHT.side, annotations[k] ?? NO_ANNOTATIONS)
              ) : (
                <div className="empty-state" style={{ height: CHART_HEIGHT.side }}>
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
    <PanelCard
      ref={ref}
      testId={`cpanel-${panel.id}`}
      className="compare-panel"
      title={panel.title}
      description={panel.description}
      controls={
        <>
          {canCumulate && (
            <ModeSwitch title={panel.title} mode={dataMode} labels={['Rate', 'Total']} onChange={setMode2} />
          )}
          <PanelMenu panelId={panel.id} title={panel.title} />
        </>
      }
    >
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
            <li key={s.detail.id} data-session={title(s)}>
              <span className="swatch" style={{ background: sessionColor(k) }} />
              <span className="legend-label">
                {title(s)}
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
    </PanelCard>
  );
}
