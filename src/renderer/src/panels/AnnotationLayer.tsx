import { memo } from 'react';
import { type Annotations, annotationsIn } from '../../../shared/annotations';
import type { PlotArea } from './geometry';
import './annotations.css';

/*
 * Annotations drawn over a chart's plot: outages as shaded bands, instants as thin vertical
 * lines with a short label at the top. The hover text is the SVG <title> (the browser's own
 * tooltip), on a wider transparent line so a 1-px line can be pointed at. A label too close
 * to the one before goes one row down; with both rows taken it is left out (the line and its
 * tooltip stay): a burst of alerts must not turn into a smear of text. In a comparison each
 * annotation has an owner: its session's colour replaces the kind's (the dash still says the
 * kind), so whose outage or marker it is shows on the chart and not only in the tooltip.
 */

const LABEL_GAP_PX = 64;
const ROWS = 2;
/** Short names of outage causes, for the band's label (the tooltip says it all). */
const BAND_LABEL: Record<string, string> = { 'source unreachable': 'unreachable', 'no connections': 'no peers' };

export const AnnotationLayer = memo(function AnnotationLayer(p: {
  readonly annotations: Annotations;
  readonly from: number;
  readonly to: number;
  readonly area: PlotArea;
}) {
  const { area } = p;
  const shown = annotationsIn(p.annotations, p.from, p.to);
  if (shown.lines.length === 0 && shown.bands.length === 0) return null;
  const span = p.to - p.from || 1;
  const sx = (t: number) => area.x + ((t - p.from) / span) * area.width;
  const lastLabel = Array<number>(ROWS).fill(Number.NEGATIVE_INFINITY);
  return (
    <g className="annotations" data-testid="annotations">
      {shown.bands.map((b) => (
        <rect
          key={`band-${b.from}-${b.label}-${b.who?.title}`}
          className="annotation-band"
          data-testid="annotation-band"
          data-label={b.label}
          data-session={b.who?.title}
          style={b.who ? { fill: b.who.color } : undefined}
          x={sx(b.from)}
          y={area.y}
          width={Math.max(1, sx(b.to) - sx(b.from))}
          height={area.height}
        >
          <title>{b.title}</title>
        </rect>
      ))}
      {shown.bands.map((b) =>
        sx(b.to) - sx(b.from) >= 48 ? (
          <text
            key={`band-label-${b.from}-${b.label}-${b.who?.title}`}
            x={sx(b.from) + 3}
            y={area.y + area.height - 4}
            className="annotation-band-label"
            style={b.who ? { fill: b.who.color } : undefined}
          >
            {BAND_LABEL[b.label] ?? b.label}
          </text>
        ) : null,
      )}
      {shown.lines.map((l) => {
        const x = Math.round(sx(l.t)) + 0.5;
        const row = lastLabel.findIndex((at) => x - at >= LABEL_GAP_PX);
        if (row >= 0) lastLabel[row] = x;
        return (
          <g
            key={`${l.t}-${l.kind}-${l.title}`}
            className={`annotation annotation-${l.kind}`}
            data-testid="annotation-line"
            data-kind={l.kind}
            data-label={l.label}
            data-session={l.who?.title}
          >
            <title>{l.title}</title>
            <line
              x1={x}
              x2={x}
              y1={area.y}
              y2={area.y + area.height}
              className="annotation-line"
              style={l.who ? { stroke: l.who.color } : undefined}
            />
            <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} className="annotation-hit" />
            {row >= 0 && (
              <text
                x={x + 3}
                y={area.y + 9 + 11 * row}
                className="annotation-label"
                style={l.who ? { fill: l.who.color } : undefined}
              >
                {l.label.length > 14 ? `${l.label.slice(0, 13)}…` : l.label}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
});
