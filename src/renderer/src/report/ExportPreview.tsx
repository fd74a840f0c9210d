import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import type { ReportModel } from './model';
import { ReportView } from './ReportView';

export interface PreviewProps {
  readonly model: ReportModel;
  /** The unscaled report's parent: the exporter rasterises the `.report` in it. */
  readonly frame: RefObject<HTMLDivElement | null>;
  readonly onReady: () => void;
  /** Changes when the layout does (a fresh ReportView, ready again). */
  readonly previewKey: string;
}

/**
 * The report itself at its real width, scaled down to the dialog's column. A CSS transform
 * leaves the layout (and what html-to-image clones) at full size, so the PNG is this report,
 * pixel for pixel at twice its CSS size.
 */
export function ExportPreview({ model, frame, onReady, previewKey }: PreviewProps) {
  const box = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const b = box.current;
    const f = frame.current;
    if (!b || !f) return;
    const measure = () => {
      setBoxWidth(b.clientWidth);
      setHeight(f.offsetHeight);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(b);
    ro.observe(f);
    return () => ro.disconnect();
  }, [frame]);
  const width = model.options.width;
  const scale = boxWidth > 0 ? Math.min(1, boxWidth / width) : 0.25;
  return (
    <div className="export-preview" ref={box} data-testid="export-preview" data-scale={scale.toFixed(4)}>
      <div className="export-preview-frame" style={{ height: Math.ceil(height * scale) }}>
        <div className="export-preview-scale" ref={frame} style={{ width, transform: `scale(${scale})` }}>
          <ReportView key={previewKey} model={model} onReady={onReady} />
        </div>
      </div>
    </div>
  );
}
