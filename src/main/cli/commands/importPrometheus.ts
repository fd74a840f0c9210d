import { formatBytes } from '../../../shared/format';
import { MAX_INTERVAL_MS, MAX_TITLE } from '../../../shared/session/meta';
import { PromError } from '../../prometheus/promClient';
import { importFromPrometheus, parsePromTime } from '../../prometheus/promImport';
import { writeOutput } from '../../storage/outputFile';
import { encodeChecked } from '../../storage/sessionImport';
import { InputError, parseCommandArgs, UsageError } from '../args';
import { say } from '../output';
import { printReport } from './info';
import { asInputErrors, onePositional, secondsOption } from './sessionArgs';

export const PROMETHEUS_HELP = `Usage: tidegauge import prometheus://HOST:PORT -o OUT --from T --to T [options]

Read a range of one instance's series from a Prometheus server (or Thanos, Mimir,
VictoriaMetrics: the same query API) into a Tidegauge session file. query_range is paged
around the server's 11,000 points per series; a step without a sample is a gap in the
session, never a zero; counter resets are kept (rates count from zero after each). Our own
/metrics names (tidegauge_*, times exported in seconds) come back under our names and
units, as do the common exporters' (qbittorrent_*, transmission_*, deluge_libtorrent_*);
every other series is kept as an extra column under its own name. The file records the
server, the query and the instance; a user:password in the address is sent, never recorded.

  --match M     label matchers or a selector, e.g. 'instance="box1:7420"' or '{job="seedbox"}';
                it must select one instance (prometheus://HOST:PORT?instance=I also does)
  --from T      start: epoch seconds, ISO 8601 (2026-12-02T13:00:00Z), now, now-6h
  --to T        end (default now)
  --step S      seconds between samples (default 15: Prometheus' default scrape interval)
  -o, --output OUT   the session file to write (never overwritten without --force)
  --title T     title of the new session
  --force       replace OUT if it exists

Exit codes: 0 ok, 1 the server cannot be read or has no such series, 2 bad arguments.`;

export async function importPrometheus(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      output: { type: 'string', short: 'o' },
      match: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      step: { type: 'string' },
      title: { type: 'string' },
      force: { type: 'boolean' },
    },
    true,
  );
  const address = onePositional(positionals, 'prometheus://HOST:PORT to import from');
  const out = values.output;
  if (!out) throw new UsageError('missing -o OUT (the session file to write)');
  if (values.from === undefined) throw new UsageError('missing --from T (the start of the range)');
  if (values.title !== undefined && values.title.length > MAX_TITLE)
    throw new UsageError(`--title must be at most ${MAX_TITLE} characters, got ${values.title.length}`);
  const stepS = secondsOption(values.step?.replace(/s$/, ''), 'step', 0.001, MAX_INTERVAL_MS / 1000) ?? 15;
  let from: number;
  let to: number;
  try {
    from = parsePromTime(values.from);
    to = values.to === undefined ? Date.now() / 1000 : parsePromTime(values.to);
  } catch (e) {
    throw new UsageError(`--from/--to: ${(e as Error).message}`);
  }
  if (to < from) throw new UsageError('--to is before --from');
  return asInputErrors(async () => {
    try {
      const r = await importFromPrometheus({ address, match: values.match, from, to, stepS, title: values.title });
      const bytes = await encodeChecked(
        r.data,
        r.data.meta.origin.type === 'import' ? r.data.meta.origin.file : address,
      );
      const size = await writeOutput(out, [bytes], { force: values.force });
      printReport(r.report, say);
      say(`Wrote ${out}: ${r.data.length} samples x ${r.data.meta.registry.length} metrics, ${formatBytes(size)}`);
      return 0;
    } catch (e) {
      if (e instanceof PromError) throw new InputError(e.message);
      throw e;
    }
  });
}
