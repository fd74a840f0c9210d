import { DEFAULT_RATE_WINDOW } from '../invariants';
import { type InvariantTally, tallyInvariants } from '../invariantTally';
import type { SessionData } from './data';

/**
 * The invariants over every sample of a saved session, as the host checked them live: a
 * recording holds the very samples that broke one, so every reader (replay, `info`, a report)
 * finds the same violations at the same times without trusting a stored verdict. Rates are
 * checked against counters only for the embedded engine, whose rate window is known; an
 * outside engine's rate gauges use a window of its own.
 */
export function sessionInvariants(data: SessionData): InvariantTally {
  const engine = data.meta.source?.kind === 'engine';
  return tallyInvariants(data.meta.registry, data, { rateWindow: engine ? DEFAULT_RATE_WINDOW : null });
}
