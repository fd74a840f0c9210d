import type { SessionMarker } from '../../../shared/library';
import { formatElapsed } from '../../../shared/time-axis';
import { trackPercent } from './model';

/** The replay's position: a range input over the session, with its markers on the track. */
export function TimeSlider({
  start,
  end,
  value,
  markers,
  onChange,
  onRemoveMarker,
}: {
  start: number;
  end: number;
  value: number;
  markers: readonly SessionMarker[];
  onChange: (t: number) => void;
  onRemoveMarker: (m: SessionMarker) => void;
}) {
  const step = Math.max(1, Math.round((end - start) / 2000));
  return (
    <div className="slider">
      <input
        type="range"
        min={start}
        max={end}
        step={step}
        value={value}
        aria-label="Replay position"
        aria-valuetext={formatElapsed(value - start)}
        data-testid="replay-slider"
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <div className="slider-markers" data-testid="markers">
        {markers.map((m) => (
          <span
            key={`${m.name}@${m.t}`}
            className="marker"
            style={{ left: `${trackPercent(m.t, start, end)}%` }}
            data-testid="marker"
          >
            <button
              type="button"
              className="marker-flag"
              title={`${m.name} at ${formatElapsed(m.t - start)}: click to jump there`}
              onClick={() => onChange(m.t)}
            >
              {m.name}
            </button>
            <button
              type="button"
              className="marker-remove"
              aria-label={`Remove marker ${m.name}`}
              title="Remove this marker"
              onClick={() => onRemoveMarker(m)}
            >
              ×
            </button>
          </span>
        ))}
      </div>
    </div>
  );
}
