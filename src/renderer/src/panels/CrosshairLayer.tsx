import { type Crosshair, useCrosshairState } from './crosshair';
import { type ChartFrame, valuesAt } from './frame';
import type { PlotArea } from './geometry';
import { scales } from './seriesLayer';

/**
 * The crosshair in one chart: a line at the view's one instant and a dot on every series at
 * its sample there. Its own component, so a pointer move redraws only this.
 */
export function CrosshairLayer(p: {
  crosshair: Crosshair;
  frames: readonly ChartFrame[];
  from: number;
  to: number;
  yMax: number;
  stacked: boolean;
  area: PlotArea;
}) {
  const state = useCrosshairState(p.crosshair);
  if (!state || state.t < p.from || state.t > p.to) return null;
  const { sx, sy, bottom } = scales(p, p.area);
  const x = sx(state.t);
  // A stack's dots sit on the running total of their frame, in series order.
  const dots = p.frames.flatMap((f, j) => {
    let base = 0;
    return valuesAt([f], state.t).map((v, i) => {
      if (v.at.value === null) return null;
      base += v.at.value;
      return (
        <circle
          // biome-ignore lint/suspicious/noArrayIndexKey: one dot per series of a frame, in order
          key={`${j}/${i}`}
          cx={sx(v.at.t)}
          cy={sy(p.stacked ? base : v.at.value)}
          r={3}
          fill={v.style.color}
          stroke="var(--panel)"
        />
      );
    });
  });
  return (
    <g className="crosshair">
      <line
        data-testid="crosshair"
        data-t={state.t}
        x1={x}
        x2={x}
        y1={p.area.y}
        y2={bottom}
        stroke="var(--muted)"
        strokeWidth={1}
      />
      {dots}
    </g>
  );
}
