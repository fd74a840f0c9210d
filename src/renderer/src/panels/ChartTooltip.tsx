import { formatChartValue } from '../../../shared/format';
import { formatClock, formatElapsed } from '../../../shared/time-axis';
import { type Crosshair, useCrosshairState } from './crosshair';
import { type ChartFrame, valuesAt } from './frame';
import type { PlotArea } from './geometry';
import { scales } from './seriesLayer';

export type TimeAxis = 'clock' | 'elapsed';

/**
 * The tooltip box of the hovered chart (the others show only the crosshair): the instant, then
 * every series with its exact value in the chart's unit at its sample there, or why there is none.
 */
export function ChartTooltip(p: {
  crosshair: Crosshair;
  owner: string;
  frames: readonly ChartFrame[];
  unit: string;
  axis: TimeAxis;
  from: number;
  to: number;
  area: PlotArea;
}) {
  const state = useCrosshairState(p.crosshair);
  if (!state || state.owner !== p.owner || state.t < p.from || state.t > p.to) return null;
  const x = scales({ from: p.from, to: p.to, yMax: 1 }, p.area).sx(state.t);
  const stepMs = p.frames[0]?.points.stepMs ?? 0;
  // Beside the crosshair, on the side with more room.
  const right = x > p.area.x + p.area.width / 2;
  return (
    <div
      className="tooltip chart-tooltip"
      data-testid="tooltip"
      data-t={state.t}
      style={{ left: right ? undefined : x + 12, right: right ? `calc(100% - ${x - 12}px)` : undefined }}
    >
      <div className="tooltip-time">
        {p.axis === 'elapsed' ? `${formatElapsed(state.t)} from the aligned start` : formatClock(state.t, stepMs === 0)}
        {state.sampled && stepMs > 0 && <span className="muted"> · {stepMs / 1000} s mean</span>}
      </div>
      {valuesAt(p.frames, state.t).map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one row per series of the frames, in order
        <div key={i} className="tooltip-row" data-series={v.style.label}>
          <span className="swatch" style={{ background: v.style.color }} />
          <span className="tooltip-label">{v.style.label}</span>
          <span className="tooltip-value">
            {v.at.value === null ? v.at.missing : formatChartValue(v.at.value, p.unit)}
          </span>
        </div>
      ))}
    </div>
  );
}
