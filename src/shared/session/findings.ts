import { type Finding, findings, rateLimits } from '../findings';
import type { InvariantTally } from '../invariantTally';
import type { SessionData } from './data';
import { sessionInvariants } from './invariants';

/**
 * A saved session's findings, as every reader shows them (replay, compare, `info`, reports):
 * over every sample, with the caps the run was recorded with and the invariants checked over
 * the same samples. `invariants`: the tally when the caller has it already (replay's flags).
 */
export function sessionFindings(data: SessionData, invariants?: InvariantTally): Finding[] {
  return findings({
    ...data,
    registry: data.meta.registry,
    limits: rateLimits(data.meta.source?.settings),
    invariants: invariants ?? sessionInvariants(data),
  });
}
