import { formatDuration } from '../format';
import type { InvariantTally } from '../invariantTally';
import { addSpans } from '../invariantTally';
import { total } from './scan';
import { SpanScan } from './stream';
import { THRESHOLDS } from './thresholds';
import type { Finding, Rule, TimeSpan } from './types';

/* Rules on the session's own health: its disk, and numbers that contradict each other. */

/** Disk jobs piling up: the disk (or the store above it) does not keep up with the transfer. */
export const diskQueue: Rule = () => {
  const scan = new SpanScan(5_000, THRESHOLDS.sustainedMs);
  let peak = 0;
  return {
    feed(c, col) {
      const depth = col('disk.queue_depth');
      if (!depth) return;
      for (let k = c.start; k < c.length; k++) peak = Math.max(peak, (depth[k] as number) || 0);
      for (let k = Math.max(1, c.start); k < c.length; k++)
        scan.step((depth[k] as number) >= THRESHOLDS.diskQueueDepth, c.t[k - 1] as number, c.t[k] as number);
    },
    finish(end) {
      if (!end.reported('disk.queue_depth')) return null;
      scan.close();
      const ranges = scan.out;
      if (ranges.length === 0) return null;
      return {
        rule: 'disk-queue',
        severity: 'warning',
        title: 'Disk queue saturated',
        measured: `At least ${THRESHOLDS.diskQueueDepth} disk jobs were waiting for ${formatDuration(total(ranges) / 1000)} (at most ${peak.toLocaleString('en-US')}).`,
        why: 'Blocks wait in memory for the disk: downloads slow to its pace and peers waiting for our uploads time out.',
        metrics: ['disk.queue_depth'],
        value: peak,
        threshold: THRESHOLDS.diskQueueDepth,
        ranges,
      };
    },
  };
};

/**
 * Samples that broke an invariant (src/shared/invariants.ts): payload above wire bytes, a counter
 * going back, a rate gauge its counter contradicts. Read from the tally the caller checked over
 * the same samples, so the finding and the panels' flags count the same violations.
 */
export const invariantViolations: Rule = () => ({ feed() {}, finish: (end) => violationsFinding(end.invariants) });

function violationsFinding(tally: InvariantTally | undefined): Finding | null {
  if (!tally || tally.violations === 0) return null;
  const worst = Object.entries(tally.byMetrics).sort((a, b) => b[1] - a[1])[0];
  const ranges: readonly TimeSpan[] =
    tally.spans ??
    addSpans(
      [],
      tally.recent.map((v) => v.t),
    );
  const n = tally.violations;
  return {
    rule: 'invariant-violations',
    severity: 'warning',
    title: 'Numbers that contradict each other',
    measured: `${n.toLocaleString('en-US')} violation${n === 1 ? '' : 's'} of the invariants in ${tally.checked.toLocaleString('en-US')} samples${worst ? `, most in ${worst[0].split(',').join(' against ')} (${worst[1].toLocaleString('en-US')})` : ''}.`,
    why: 'Two figures of the same thing disagree: the source (or this tool) counts something twice or not at all, and every chart built on them is suspect.',
    metrics: worst ? worst[0].split(',') : [],
    value: n,
    threshold: 0,
    ranges,
  };
}
