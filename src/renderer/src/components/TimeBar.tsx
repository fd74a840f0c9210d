import { formatClock } from '../../../shared/time-axis';
import { useDashboard } from '../context';
import { PRESETS } from '../time/TimeState';

/** Window presets, pause/live and zoom reset, with a line that says what the charts show. */
export function TimeBar() {
  const { store, time, dispatchTime } = useDashboard();
  const live = time.pausedAt === null && time.zoom === null;
  const status = time.zoom
    ? `Zoomed: ${formatClock(time.zoom.from)} – ${formatClock(time.zoom.to)}`
    : time.pausedAt !== null
      ? `Paused at ${formatClock(time.pausedAt)}`
      : 'Live';
  return (
    <div className="timebar" title="Drag across a chart to zoom; Esc resets">
      {/* biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group */}
      <div className="seg" role="group" aria-label="Time window">
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            aria-pressed={time.zoom === null && time.windowMs === p.ms}
            onClick={() => dispatchTime({ type: 'window', ms: p.ms })}
            title={`Show ${p.ms === null ? 'everything since the start' : `the last ${p.label}`} (key ${p.key})`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className={live ? 'btn' : 'btn primary'}
        onClick={() => dispatchTime(live ? { type: 'pause', at: store.series.endT } : { type: 'resume' })}
        title="Pause or resume following the newest samples (key P)"
      >
        {live ? 'Pause' : 'Go live'}
      </button>
      {time.zoom && (
        <button
          type="button"
          className="btn"
          onClick={() => dispatchTime({ type: 'resetZoom' })}
          title="Back to the time window (Esc)"
        >
          Reset zoom
        </button>
      )}
      <span className={`time-status ${live ? 'live' : ''}`} data-testid="time-status">
        {live && <span className="dot ok" />}
        {status}
      </span>
    </div>
  );
}
