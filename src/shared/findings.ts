import type { SessionFigures } from './compare/compareSessions';
import { chokedByPeers } from './findingRules/chokes';
import { diskQueue, invariantViolations } from './findingRules/health';
import { limitedByCap } from './findingRules/limits';
import { connectFailures, fewPeers, limitedBySeeders, longStalls, silentPeers } from './findingRules/peers';
import { columnsByName } from './findingRules/scan';
import { hashfailShare, overhead, trackerErrors, wasteShare } from './findingRules/transfer';
import type { Finding, FindingsInput, Rule } from './findingRules/types';

/*
 * Findings: what the charts say, read for the user. Each rule reads a few metrics by name
 * (a session of another registry simply lacks them and gets no finding from that rule), has a
 * threshold, and gives the time ranges where it holds, what it measured and why it matters.
 * A rule stays silent unless its evidence holds for a while: a false alarm costs trust, so an
 * honest run must give no finding at all. Pure: live, replay, compare, reports and the CLI
 * call the same code on the same columns.
 */

export { rateLimits } from './findingRules/limits';
export { THRESHOLDS } from './findingRules/thresholds';
export type { Finding, FindingsInput, RateLimits, TimeSpan } from './findingRules/types';

const RULES: readonly Rule[] = [
  invariantViolations,
  hashfailShare,
  wasteShare,
  diskQueue,
  limitedBySeeders,
  limitedByCap('down'),
  limitedByCap('up'),
  longStalls,
  silentPeers,
  chokedByPeers,
  trackerErrors,
  fewPeers,
  connectFailures,
  overhead('down'),
  overhead('up'),
];

/** Every finding of a session (or a window of it), warnings first. */
export function findings(input: FindingsInput): Finding[] {
  if (input.length < 2) return [];
  const col = columnsByName(input);
  const out = RULES.map((r) => r(input, col)).filter((f): f is Finding => f !== null);
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
}

/** A finding as JSON for the CLI (`info --json`, `compare --json`): ranges as ISO times. */
export function findingJson(f: Finding) {
  return {
    ...f,
    ranges: f.ranges.map((r) => ({ from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() })),
  };
}

/** A session's figures as the host sends them for a report: with the findings over every sample. */
export type FiguresWithFindings = SessionFigures & { readonly findings?: readonly Finding[] };
