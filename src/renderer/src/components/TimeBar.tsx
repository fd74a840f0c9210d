import type { Dispatch } from 'react';
import { SMOOTHING } from '../../../shared/smooth';
import { formatClock } from '../../../shared/time-axis';
import { useDashboard } from '../context';
import { PRESETS, type TimeAction, type TimeState } from '../time/TimeState';

/** The time window presets (1 min … All), pressed while no zoom overrides them. */
export function WindowPresets(p: {
  time: Pick<TimeState, 'windowMs' | 'zoom'>;
  dispatch: Dispatch<TimeAction>;
  title: (preset: (typeof PRESETS)[number]) => string;
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
    <div className={p.className ? `seg ${p.className}` : 'seg'} role="group" aria-label="Time window">
      {PRESETS.map((preset) => (
        <button
          key={preset.label}
          type="button"
          aria-pressed={p.time.zoom === null && p.time.windowMs === preset.ms}
          onClick={() => p.dispatch({ type: 'window', ms: preset.ms })}
          title={p.title(preset)}
        >
          {preset.label}
        </button>
      ))}
    </div>
  );
}

/** Smoothing of every panel's lines (a moving average, labelled in each legend). */
export function SmoothingSwitch(p: { time: Pick<TimeState, 'smoothMs'>; dispatch: Dispatch<TimeAction> }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
    <div className="seg smoothing" role="group" aria-label="Smoothing">
      <span className="seg-label">Smooth</span>
      {SMOOTHING.map((s) => (
        <button
          key={s.ms}
          type="button"
          aria-pressed={(p.time.smoothMs ?? 0) === s.ms}
          onClick={() => p.dispatch({ type: 'smooth', ms: s.ms })}
          title={s.ms === 0 ? 'Draw every point' : `Draw a ${s.label} moving average (the tooltip gives it too)`}
        >
          {s.label}
        </button>
      ))}
    </div>
  );
}

/** Window presets, pause/live and zoom reset, with a line that says what the charts show. */
export function TimeBar() {
  const { source, time, dispatchTime } = useDashboard();
  const live = time.pausedAt === null && time.zoom === null;
  // Short, so the toolbar keeps its width whatever the state (the full range is in the title).
  const status = time.zoom
    ? `Zoomed ${formatClock(time.zoom.from)}–${formatClock(time.zoom.to)}`
    : time.pausedAt !== null
      ? `Paused at ${formatClock(time.pausedAt)}`
      : 'Live';
  return (
    <div className="timebar" title="Drag across a chart to zoom; Esc resets">
      <WindowPresets
        time={time}
        dispatch={dispatchTime}
        title={(p) => `Show ${p.ms === null ? 'everything since the start' : `the last ${p.label}`} (key ${p.key})`}
      />
      <SmoothingSwitch time={time} dispatch={dispatchTime} />
      <button
        type="button"
        className={live ? 'btn pause' : 'btn pause primary'}
        onClick={() => dispatchTime(live ? { type: 'pause', at: source.end } : { type: 'resume' })}
        title="Pause or resume following the newest samples (key P)"
      >
        {live ? 'Pause' : 'Go live'}
      </button>
      {/* Always there (disabled without a zoom), so the toolbar does not jump when one starts. */}
      <button
        type="button"
        className="btn"
        disabled={!time.zoom}
        onClick={() => dispatchTime({ type: 'resetZoom' })}
        title="Back to the time window (Esc)"
      >
        Reset zoom
      </button>
      <span className={`time-status ${live ? 'live' : ''}`} data-testid="time-status" title={status}>
        {live && <span className="dot ok" />}
        {status}
      </span>
    </div>
  );
}
