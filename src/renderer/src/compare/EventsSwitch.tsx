import { useMemo, useState } from 'react';
import { type Annotations, NO_ANNOTATIONS } from '../../../shared/annotations';

/**
 * One switch for the events of a whole comparison (markers, alerts, outages): a panel's own
 * legend entry would hide them from one chart of many, and the point of hiding them is to read
 * the series under them everywhere at once.
 */
export function useEventsSwitch(all: readonly Annotations[]) {
  const [shown, setShown] = useState(true);
  const count = all.reduce((n, a) => n + a.lines.length + a.bands.length, 0);
  const annotations = useMemo(() => (shown ? all : all.map(() => NO_ANNOTATIONS)), [all, shown]);
  return { annotations, count, shown, toggle: () => setShown((v) => !v) };
}

export function EventsButton(p: { count: number; shown: boolean; onToggle: () => void }) {
  if (p.count === 0) return null;
  return (
    <button
      type="button"
      className={p.shown ? 'btn legend-events' : 'btn legend-events off'}
      aria-pressed={p.shown}
      title={`${p.shown ? 'Hide' : 'Show'} markers, alerts and outages on every chart (E)`}
      onClick={p.onToggle}
      data-testid="compare-events"
    >
      <span className="swatch annotation-swatch" /> Events ({p.count})
    </button>
  );
}
