import { parseBytes } from '../../../shared/totals/budget';
import {
  addDays,
  CALENDAR_UNITS,
  type CalendarUnit,
  isTimeZone,
  localTimeZone,
  parseDate,
  startOfDate,
} from '../../../shared/totals/calendar';
import { totalsCsv } from '../../../shared/totals/csv';
import { type TotalsQuery, totalsReport } from '../../../shared/totals/report';
import { resolveDataDir } from '../../storage/dataDir';
import { writeOutput } from '../../storage/outputFile';
import { type Command, parseCommandArgs, UsageError } from '../args';
import { say, sayJson, sayLines, warn } from '../output';
import { asInputErrors } from './sessionArgs';
import { readTotalsInput } from './totalsInput';
import { totalsText } from './totalsText';

const HELP = `Usage: tidegauge totals [--by day|week|month] [options] [DIR | FILE ...]

Downloaded and uploaded bytes (net.bytes_recv, net.bytes_sent: payload and protocol) per
calendar day, ISO week (from Monday) or month in local time, over saved sessions: a session
that runs past midnight is split there, a counter that went down (an engine restart) counts
from zero, and the time no session was read is left uncovered, never filled in. Each row says
how long it was covered, its gaps (readings more than 3 intervals apart: their bytes count,
their time does not; a gap across a boundary is listed apart), and its peak rates over one
sample interval. DIR is a data folder (with sessions/ in it) or a folder of .arrow files;
default: the library (--data-dir, $TIDEGAUGE_DATA_DIR, or the platform's data folder).

Options:
  --by UNIT          day (default) | week | month
  --tz ZONE          IANA time zone for the calendar, e.g. Europe/Berlin (default: this machine's)
  --from DATE        first day counted: YYYY-MM-DD (local) or an ISO 8601 time
  --to DATE          last day counted (inclusive): YYYY-MM-DD, or an ISO time (exclusive)
  --cap SIZE         a data cap, e.g. 1TiB, 750GB: what the current period used and where
                     its pace leads by the period's end
  --period UNIT      the cap's period: day | week | month (default month)
  --cap-counts DIR   what the cap counts: both (default) | down | up
  --as-of TIME       the budget as of this ISO 8601 time (default: now)
  --json             print the table, budget and notes as JSON
  --csv FILE         also write the table as CSV to FILE (never overwritten without --force)
  --force            replace the --csv FILE if it exists
  --data-dir DIR     the data folder when no DIR or FILE is given
  -h, --help         show this help

Files are only read. Exit codes: 0 ok, 1 a named file cannot be read or FILE not written,
2 bad arguments or no sessions to count.`;

function unit(value: string | undefined, name: string, fallback: CalendarUnit): CalendarUnit {
  if (value === undefined) return fallback;
  const u = CALENDAR_UNITS.find((x) => x === value);
  if (!u) throw new UsageError(`--${name} must be day, week or month, got "${value}"`);
  return u;
}

/** --from/--to: a local date (the day's first instant; --to: the next day's) or an ISO time. */
function instant(value: string | undefined, name: 'from' | 'to', tz: string): number | undefined {
  if (value === undefined) return undefined;
  const d = parseDate(value);
  if (d) return startOfDate(name === 'to' ? addDays(d, 1) : d, tz);
  const t = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(t))
    throw new UsageError(`--${name} must be a date (YYYY-MM-DD) or an ISO 8601 time, got "${value}"`);
  return t;
}

export const totalsCommand: Command = {
  name: 'totals',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        by: { type: 'string' },
        tz: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        cap: { type: 'string' },
        period: { type: 'string' },
        'cap-counts': { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'string' },
        force: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
      true,
    );
    const by = unit(values.by, 'by', 'day');
    const tz = values.tz ?? localTimeZone();
    if (!isTimeZone(tz))
      throw new UsageError(`--tz must be an IANA time zone such as Europe/Berlin or UTC, got "${tz}"`);
    const from = instant(values.from, 'from', tz);
    const to = instant(values.to, 'to', tz);
    if (from !== undefined && to !== undefined && from >= to)
      throw new UsageError(`--to (${values.to}) is not after --from (${values.from})`);
    let cap: number | undefined;
    if (values.cap !== undefined) {
      cap = parseBytes(values.cap) ?? undefined;
      if (cap === undefined)
        throw new UsageError(`--cap must be a size such as 1TiB, 750GB or 5e11, got "${values.cap}"`);
    } else if (values.period !== undefined || values['cap-counts'] !== undefined || values['as-of'] !== undefined)
      throw new UsageError('--period, --cap-counts and --as-of go with --cap SIZE');
    const asOf = values['as-of'] === undefined ? undefined : Date.parse(values['as-of']);
    if (asOf !== undefined && !Number.isFinite(asOf))
      throw new UsageError(`--as-of must be an ISO 8601 time, got "${values['as-of']}"`);
    const period = unit(values.period, 'period', 'month');
    const counts = values['cap-counts'];
    if (counts !== undefined && !['both', 'down', 'up'].includes(counts))
      throw new UsageError(`--cap-counts must be both, down or up, got "${counts}"`);
    if (values.force && !values.csv) throw new UsageError('--force goes with --csv FILE');
    const paths = positionals.length ? positionals : [resolveDataDir(values['data-dir'])];
    const input = await asInputErrors(() => readTotalsInput(paths, { from, to }));
    for (const w of input.warnings) warn(`tidegauge totals: warning: ${w}`);
    if (input.slots.length === 0)
      throw new UsageError(
        input.outside
          ? `no session in ${paths.join(' ')} meets the range (${input.outside} outside it)`
          : `no sessions to count in ${paths.join(' ')} (give a data folder, a folder of .arrow files, or session files)`,
      );
    const query: TotalsQuery = {
      by,
      tz,
      from,
      to,
      cap,
      period: cap === undefined ? undefined : period,
      capCounts: counts as TotalsQuery['capCounts'],
      asOf,
    };
    const report = totalsReport(input.slots, query, Date.now());
    if (values.csv) {
      const file = values.csv;
      await asInputErrors(() => writeOutput(file, [totalsCsv(report)], { force: values.force }));
    }
    if (values.json) sayJson(report);
    else {
      sayLines(totalsText(report));
      if (values.csv) say(`CSV written to ${values.csv}`);
    }
    return 0;
  },
};
