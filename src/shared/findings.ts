import type { SessionFigures } from './compare/compareSessions';
import { chokedByPeers } from './findingRules/chokes';
import { diskQueue, invariantViolations } from './findingRules/health';
import { limitedByCap } from './findingRules/limits';
import { connectFailures, fewPeers, limitedBySeeders, longStalls, silentPeers } from './findingRules/peers';
import { type Chunk, chunkColumns } from './findingRules/stream';
import { hashfailShare, overhead, trackerErrors, wasteShare } from './findingRules/transfer';
import type { Finding, FindingsInput, RateLimits, Rule, RuleRun } from './findingRules/types';
import type { InvariantTally } from './invariantTally';
import type { RegistryEntry } from './registry-types';

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

/** Samples handed to a FindingsStream: the next rows of the session, in time order. */
export interface FindingsRows {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly columns: readonly ArrayLike<number>[];
}

/**
 * The findings of a session fed to it in pieces (a file's record batches), with the memory of
 * one piece: the last row of each piece is kept for the intervals that cross into the next.
 * Fed once with every sample, it is findings() itself.
 */
export class FindingsStream {
  private readonly runs: RuleRun[];
  private readonly col: ReturnType<typeof chunkColumns>;
  private last: { t: number; values: Float64Array } | null = null;
  private length = 0;

  constructor(
    private readonly registry: readonly RegistryEntry[],
    limits?: RateLimits,
  ) {
    this.runs = RULES.map((r) => r(limits));
    this.col = chunkColumns(registry);
  }

  feed(rows: FindingsRows): void {
    const n = rows.length;
    if (n === 0) return;
    let chunk: Chunk;
    const prev = this.last;
    if (!prev) chunk = { length: n, t: rows.t, columns: rows.columns, start: 0 };
    else {
      const t = new Float64Array(n + 1);
      t[0] = prev.t;
      for (let k = 0; k < n; k++) t[k + 1] = rows.t[k] as number;
      const columns = rows.columns.map((c, i) => {
        const a = new Float64Array(n + 1);
        a[0] = prev.values[i] as number;
        for (let k = 0; k < n; k++) a[k + 1] = c[k] as number;
        return a;
      });
      chunk = { length: n + 1, t, columns, start: 1 };
    }
    const col = this.col(chunk);
    for (const run of this.runs) run.feed(chunk, col);
    const values = new Float64Array(this.registry.length);
    rows.columns.forEach((c, i) => {
      values[i] = c[n - 1] as number;
    });
    this.last = { t: rows.t[n - 1] as number, values };
    this.length += n;
  }

  /** Every finding, warnings first; `invariants`: the tally checked over the same samples. */
  finish(invariants?: InvariantTally): Finding[] {
    if (this.length < 2) return [];
    const index = new Map(this.registry.map((e, i) => [e.name, i]));
    const last = this.last;
    const reported = (name: string) => {
      const i = index.get(name);
      return i !== undefined && last !== null && !Number.isNaN(last.values[i] as number);
    };
    const end = { length: this.length, reported, invariants };
    const out = this.runs.map((r) => r.finish(end)).filter((f): f is Finding => f !== null);
    return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
  }
}

/** Every finding of a session (or a window of it), warnings first. */
export function findings(input: FindingsInput): Finding[] {
  if (input.length < 2) return [];
  const s = new FindingsStream(input.registry, input.limits);
  s.feed(input);
  return s.finish(input.invariants);
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
