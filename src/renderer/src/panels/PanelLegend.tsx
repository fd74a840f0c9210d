import { memo, useSyncExternalStore } from 'react';
import { formatChartValue } from '../../../shared/format';
import type { BoundPanel } from '../../../shared/panel-data';
import { seriesColor } from './colors';
import { LegendFeed } from './legendFeed';

/** The legend's numbers per bound series (NaN: none; null: a dash each), or a live feed of them. */
export type LegendValues = readonly number[] | null | LegendFeed;

const NO_SUBSCRIPTION = () => () => {};

/**
 * A panel's legend: one button per series (a click hides or shows it), the annotations'
 * "Events" entry and the smoothing note. Memoised, and the only part of a live panel that
 * follows its feed: new numbers re-render this list, not the card or the chart.
 */
export const PanelLegend = memo(function PanelLegend(p: {
  series: BoundPanel['series'];
  values: LegendValues;
  unit: string;
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  /** How many markers, alerts and outages the chart has; null: no "Events" entry. */
  events: number | null;
  eventsShown: boolean;
  onEvents: () => void;
  smoothMs: number;
}) {
  const feed = p.values instanceof LegendFeed ? p.values : null;
  const fixed = p.values instanceof LegendFeed ? null : p.values;
  const values = useSyncExternalStore(feed?.subscribe ?? NO_SUBSCRIPTION, feed?.get ?? (() => fixed));
  return (
    <ul className="legend">
      {p.series.map((s, i) => (
        <li key={s.key} data-series={s.label} className={p.hidden.has(s.key) ? 'off' : undefined}>
          <button
            type="button"
            aria-pressed={!p.hidden.has(s.key)}
            title={p.hidden.has(s.key) ? `Show ${s.label}` : `Hide ${s.label}`}
            onClick={() => p.onToggle(s.key)}
          >
            <span className="swatch" style={{ background: seriesColor(s.slot) }} />
            <span className="legend-label">{s.label}</span>
            <span className="legend-value" data-testid="legend-value">
              {values ? formatChartValue(values[i] ?? Number.NaN, p.unit) : '—'}
            </span>
          </button>
        </li>
      ))}
      {p.events !== null && (
        <li className={p.eventsShown ? 'legend-events' : 'legend-events off'}>
          <button
            type="button"
            aria-pressed={p.eventsShown}
            title={p.eventsShown ? 'Hide markers, alerts and outages' : 'Show markers, alerts and outages'}
            onClick={p.onEvents}
            data-testid="legend-events"
          >
            <span className="swatch annotation-swatch" />
            <span className="legend-label">Events</span>
            <span className="legend-value">{p.events}</span>
          </button>
        </li>
      )}
      {p.smoothMs > 0 && (
        <li className="legend-note" data-testid="smoothing-note">
          {formatSmoothing(p.smoothMs)} moving average
        </li>
      )}
    </ul>
  );
});

function formatSmoothing(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
