import type { InvariantTally } from '../../../shared/invariantTally';
import { printable } from '../../../shared/printable';
import { formatClock } from '../../../shared/time-axis';

/**
 * Says, above the dashboards, that the source's numbers contradicted each other (each panel
 * concerned carries a ⚠ too). For an outside engine this is the engine's inconsistency shown,
 * not hidden; nothing is shown while every sample checks out.
 */
export function InvariantBanner({ tally }: { tally: InvariantTally | undefined }) {
  if (!tally || tally.violations === 0) return null;
  const last = tally.recent[tally.recent.length - 1];
  return (
    <div className="banner warn" role="status" data-testid="invariant-banner">
      <strong>
        {tally.violations} invariant violation{tally.violations === 1 ? '' : 's'} in {tally.checked} samples checked.
      </strong>{' '}
      {last && (
        <span>
          Latest at {formatClock(last.t)}: {printable(last.detail)}
        </span>
      )}
    </div>
  );
}
