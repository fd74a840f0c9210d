import type { ReactNode, Ref } from 'react';
import type { PanelMode } from '../../../shared/panel-data';

/** The frame of every dashboard and compare panel: title (its description on hover), controls, menu, content. */
export function PanelCard(p: {
  ref?: Ref<HTMLElement>;
  testId: string;
  title: string;
  description?: string;
  className?: string;
  state?: string;
  controls?: ReactNode;
  menu?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className={p.className ? `panel ${p.className}` : 'panel'}
      data-testid={p.testId}
      data-state={p.state}
      ref={p.ref}
      aria-label={p.title}
    >
      <header className="panel-head">
        <h3 title={p.description}>{p.title}</h3>
        {p.controls}
        {p.menu}
      </header>
      {p.children}
    </section>
  );
}

/** A panel's "show as" switch: per-interval rates (or ratios), or running totals since the start. */
export function ModeSwitch(p: {
  title: string;
  mode: PanelMode;
  labels: readonly [string, string];
  hints?: boolean;
  onChange: (m: PanelMode) => void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group
    <div className="seg" role="group" aria-label={`${p.title}: show as`}>
      {(['rate', 'cumulative'] as const).map((m, i) => (
        <button
          key={m}
          type="button"
          aria-pressed={p.mode === m}
          onClick={() => p.onChange(m)}
          title={
            !p.hints
              ? undefined
              : m === 'rate'
                ? 'Per-second rates over each sample interval'
                : 'Running totals since the session started'
          }
        >
          {p.labels[i]}
        </button>
      ))}
    </div>
  );
}
