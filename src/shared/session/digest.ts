import type { Finding } from '../findings';
import type { InvariantTally } from '../invariantTally';
import { type CategorySummary, durationMs, type SessionData, summarize } from './data';
import { sessionFindings } from './findings';
import { sessionInvariants } from './invariants';

/*
 * What `info` prints of a session file beyond its metadata, and what replay's findings panel
 * and a report's first page read: worked out from one decode of the file, where its levels are
 * built, and kept beside it (src/main/storage/digestFile.ts), so a month-long session is not
 * decoded again to say what it holds.
 */

export const DIGEST_VERSION = 1;

export interface SessionDigest {
  readonly samples: number;
  /** First sample's time, ms (null: no samples). */
  readonly startedAt: number | null;
  readonly durationMs: number;
  /** Samples taken with diagnostics on. */
  readonly diagnosticsOn: number;
  /** Whether the file has its end marker. */
  readonly closed: boolean;
  /** The decode's warnings (a damaged batch skipped, a cut-off tail...). */
  readonly warnings: readonly string[];
  readonly categories: readonly CategorySummary[];
  readonly invariants: InvariantTally;
  readonly findings: readonly Finding[];
}

/** The digest of a decoded file: the same functions `info` runs on every sample. */
export function digestOf(data: SessionData, closed: boolean, warnings: readonly string[]): SessionDigest {
  const invariants = sessionInvariants(data);
  let diagnosticsOn = 0;
  for (let k = 0; k < data.length; k++) diagnosticsOn += data.diagnostics[k] as number;
  return {
    samples: data.length,
    startedAt: data.length ? (data.t[0] as number) : null,
    durationMs: durationMs(data),
    diagnosticsOn,
    closed,
    warnings: [...warnings],
    categories: summarize(data),
    invariants,
    findings: sessionFindings(data, invariants),
  };
}
