import type { SpanMode } from '../../../shared/compare/span';

/** Full span | Common span: over which span the figures of a comparison are taken (span.ts). */
export function SpanSwitch({ span, onChange }: { span: SpanMode; onChange: (s: SpanMode) => void }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
    <div className="seg" role="group" aria-label="Span">
      <button
        type="button"
        aria-pressed={span === 'full'}
        onClick={() => onChange('full')}
        title="Each run over its own span"
      >
        Full span
      </button>
      <button
        type="button"
        aria-pressed={span === 'common'}
        onClick={() => onChange('common')}
        title="Every run cut to the shortest one’s span (C)"
      >
        Common span
      </button>
    </div>
  );
}
