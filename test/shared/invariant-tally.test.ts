import { describe, expect, it } from 'vitest';
import { checkInvariants, samplesFromRows } from '../../src/shared/invariants';
import {
  addSpans,
  countByMetrics,
  type InvariantTally,
  MAX_RECENT_VIOLATIONS,
  tallyInvariants,
} from '../../src/shared/invariantTally';
import { builtinRegistry, NUM_METRICS } from '../../src/shared/registry';
import { M } from '../../src/shared/registry-data';

/*
 * A file's tally keeps only counts, times and the latest few violations (issue 21: a source
 * that breaks a rule at every sample made opening a comparison of two days take seconds of
 * garbage collection). It must say exactly what the whole list of violations says.
 */

const REG = builtinRegistry();

/** The tally as it was computed from the whole list (before issue 21). */
function fromList(v: ReturnType<typeof checkInvariants>, checked: number): InvariantTally {
  const sorted = [...v].sort((a, b) => a.t - b.t);
  return {
    checked,
    violations: v.length,
    recent: sorted.slice(-MAX_RECENT_VIOLATIONS),
    byMetrics: countByMetrics({}, v),
    spans: addSpans(
      [],
      sorted.map((x) => x.t),
    ),
  };
}

/** `n` samples 1 s apart (with gaps) in which several rules break, some at every sample, some now and then. */
function broken(n: number) {
  const t: number[] = [];
  for (let j = 0, at = 1_000_000; j < n; j++) {
    t.push(at);
    at += j % 97 === 0 ? 30_000 : 1000; // gaps longer than a span's
  }
  const rows = t.map((_, j) => {
    const row = new Float64Array(NUM_METRICS);
    const total = 1000 * j;
    row[M.NET_BYTES_SENT] = row[M.NET_BYTES_RECV] = total;
    // TCP + uTP never add up to the total (every sample but the first) …
    row[M.NET_TCP_BYTES_SENT] = total / 2;
    // … payload above wire now and then, at the same instants as the above (ties in time) …
    row[M.BW_TOTAL_DOWNLOADED] = j % 13 === 0 ? total + 5 : total / 2;
    // … and a counter that goes down once in a while.
    row[M.DHT_LOOKUPS] = j % 50 === 49 ? 0 : j;
    return row;
  });
  return samplesFromRows(t, rows, NUM_METRICS);
}

describe('tallyInvariants', () => {
  it('counts, spans and keeps the latest violations exactly as the whole list says', () => {
    for (const n of [0, 1, 5, 60, 3000]) {
      const s = broken(n);
      const list = checkInvariants(REG, s, { rateWindow: null });
      const tally = tallyInvariants(REG, s, { rateWindow: null });
      expect(tally).toEqual(fromList(list, n));
      if (n === 3000) {
        expect(tally.violations).toBeGreaterThan(3000);
        expect(Object.keys(tally.byMetrics).length).toBeGreaterThanOrEqual(3);
        expect(tally.recent).toHaveLength(MAX_RECENT_VIOLATIONS);
        expect(tally.recent.at(-1)?.detail).toMatch(/net\.tcp_bytes_|bw\.total_downloaded|went down/);
      }
    }
  });

  it('an honest stretch has no violation', () => {
    const t = [1000, 2000, 3000];
    const s = samplesFromRows(
      t,
      t.map(() => new Float64Array(NUM_METRICS)),
      NUM_METRICS,
    );
    expect(tallyInvariants(REG, s, { rateWindow: null })).toEqual({
      checked: 3,
      violations: 0,
      recent: [],
      byMetrics: {},
      spans: [],
    });
  });
});
