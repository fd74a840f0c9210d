import { useMemo } from 'react';
import { derivedById, derivedInputs } from '../../../shared/derived';
import { type InvariantTally, violationsOf } from '../../../shared/invariantTally';
import type { PanelDef } from '../../../shared/panels';
import { formatClock } from '../../../shared/time-axis';

/** Every metric a panel draws, by name, including the inputs of its derived series. */
function metricsOf(panel: PanelDef): Set<string> {
  const out = new Set<string>();
  for (const s of panel.series) {
    if ('metric' in s) out.add(s.metric);
    else {
      const d = derivedById(s.derived);
      if (d) for (const n of derivedInputs(d)) out.add(n);
    }
  }
  return out;
}

/**
 * A warning on a panel whose metrics broke an invariant (payload above wire, a counter that went
 * backwards…): the numbers it draws contradict each other, and the user should know before
 * trusting them. Hover or focus lists the violations; nothing is drawn when there are none.
 */
export function InvariantFlag({ panel, tally }: { panel: PanelDef; tally: InvariantTally | undefined }) {
  const names = useMemo(() => metricsOf(panel), [panel]);
  const mine = useMemo(() => (tally ? violationsOf(names, tally) : null), [names, tally]);
  if (!mine || mine.count === 0) return null;
  const lines = mine.recent.slice(-5).map((v) => `${formatClock(v.t)} ${v.detail}`);
  const shown = Math.min(5, mine.recent.length);
  const more = mine.count > shown ? `\n… and ${mine.count - shown} earlier` : '';
  return (
    <span
      className="invariant-flag"
      data-testid={`invariant-flag-${panel.id}`}
      role="img"
      aria-label={`${mine.count} invariant violation${mine.count === 1 ? '' : 's'}: ${lines.join('; ')}`}
      title={`These numbers contradict each other:\n${lines.join('\n')}${more}`}
    >
      ⚠ {mine.count}
    </span>
  );
}
