import { memo } from 'react';
import { type Annotations, annotationsIn } from '../../../shared/annotations';
import type { PlotArea } from './geometry';
import './annotations.css';

/*
 * Annotations drawn over a chart's plot: outages as shaded bands, instants as thin vertical
 * lines with a short label at the top. The hover text is the SVG <title> (the browser's own
 * tooltip), on a wider transparent line so a 1-px line can be pointed at. Labels closer than
 * LABEL_GAP_PX to the one before are left out (the line and its tooltip stay): a burst of
 * alerts must not turn into a smear of text.
 */

const LABEL_GAP_PX = 56;

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
  let lastLabel = Number.NEGATIVE_INFINITY;
  return (
    <g className="annotations" data-testid="annotations">
      {shown.bands.map((b) => (
        <rect
          key={`band-${b.from}-${b.label}`}
          className="annotation-band"
          data-testid="annotation-band"
          data-label={b.label}
          x={sx(b.from)}
          y={area.y}
          width={Math.max(1, sx(b.to) - sx(b.from))}
          height={area.height}
        >
          <title>{b.title}</title>
        </rect>
      ))}
      {shown.lines.map((l) => {
        const x = Math.round(sx(l.t)) + 0.5;
        const labelled = x - lastLabel >= LABEL_GAP_PX;
        if (labelled) lastLabel = x;
        return (
          <g
            key={`${l.t}-${l.kind}-${l.title}`}
            className={`annotation annotation-${l.kind}`}
            data-testid="annotation-line"
            data-kind={l.kind}
            data-label={l.label}
          >
            <title>{l.title}</title>
            <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} className="annotation-line" />
            <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} className="annotation-hit" />
            {labelled && (
              <text x={x + 3} y={area.y + 9} className="annotation-label">
                {l.label.length > 14 ? `${l.label.slice(0, 13)}…` : l.label}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
});
