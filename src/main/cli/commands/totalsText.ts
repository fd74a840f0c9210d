import { formatBytes, formatDuration, formatPercent } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import type { Budget } from '../../../shared/totals/budget';
import { dateKey, localDate } from '../../../shared/totals/calendar';
import type { TotalsReport } from '../../../shared/totals/report';
import { table } from './compareOutput';

/** The totals table and budget as `tidegauge totals` prints them (the numbers are --json's). */

const rate = (bps: number) => (bps > 0 ? `${formatBytes(bps)}/s` : '-');

function localTime(t: number, tz: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
  return `${dateKey(localDate(t, tz))} ${f.format(new Date(t))}`;
}

export function budgetText(b: Budget, tz: string): string {
  const dirs = b.counts === 'both' ? 'down + up' : b.counts;
  const head = `Budget ${formatBytes(b.capBytes)} a ${b.period} (${b.key}, ${dirs}): used ${formatBytes(b.usedBytes)} (${formatPercent(b.usedShare)}) by ${localTime(b.asOf, tz)}, ${formatBytes(b.remainingBytes)} left.`;
  if (b.projectedBytes === null || b.projectedShare === null) return head;
  const reach =
    b.usedBytes >= b.capBytes
      ? ' The cap is used up.'
      : b.reachedAt === null
        ? ' At this pace the cap holds.'
        : ` At this pace the cap is reached on ${localTime(b.reachedAt, tz)}.`;
  return `${head}\nAt this pace ${formatBytes(b.projectedBytes)} (${formatPercent(b.projectedShare)}) by the ${b.period}'s end (${localTime(b.end, tz)}).${reach}`;
}

export function totalsText(r: TotalsReport): string {
  const out: string[] = [];
  out.push(`Totals by ${r.by}, ${r.tz}: ${r.sessions.length} session${r.sessions.length === 1 ? '' : 's'}.`);
  const body = r.rows.map((x) => [
    x.key,
    formatBytes(x.downloaded),
    formatBytes(x.uploaded),
    formatDuration(x.coveredMs / 1000),
    x.gapMs ? formatDuration(x.gapMs / 1000) : '-',
    String(x.sessions),
    rate(x.peakDownloadRate),
    rate(x.peakUploadRate),
  ]);
  body.push([
    'total',
    formatBytes(r.total.downloaded),
    formatBytes(r.total.uploaded),
    formatDuration(r.total.coveredMs / 1000),
    '',
    '',
    '',
    '',
  ]);
  out.push(table(['bucket', 'downloaded', 'uploaded', 'covered', 'gaps', 'sessions', 'peak down', 'peak up'], body));
  for (const u of r.unattributed)
    out.push(
      `In a gap across a boundary (${localTime(u.from, r.tz)} - ${localTime(u.to, r.tz)}): ${formatBytes(u.downloaded)} down, ${formatBytes(u.uploaded)} up, in no ${r.by}.`,
    );
  if (r.budget) out.push('', budgetText(r.budget, r.tz));
  for (const n of r.notes) out.push(`note: ${printable(n)}`);
  return out.join('\n');
}
