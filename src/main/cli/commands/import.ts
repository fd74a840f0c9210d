import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format';
import type { ImportFormat } from '../../../shared/session/import/index';
import { MAX_TIME_MS, MAX_TITLE } from '../../../shared/session/meta';
import { writeOutput } from '../../storage/outputFile';
import { importToBytes } from '../../storage/sessionImport';
import { type Command, parseCommandArgs, UsageError } from '../args';
import { say } from '../output';
import { importPrometheus, PROMETHEUS_HELP } from './importPrometheus';
import { printReport } from './info';
import { asInputErrors, intervalOption, onePositional } from './sessionArgs';

const HELP = `Usage: tidegauge import FILE -o OUT [options]

Convert a CSV, an irontide counter dump or a libtorrent session-stats log into a Tidegauge
session file (Arrow), and print what was mapped, derived and left out.

  csv         a header row, a time column (ISO 8601 times, epoch seconds/ms, or seconds from
              the start) and one column per metric name
  irontide    one JSON array of {name, kind, value} per line (GET /api/v1/session/counters)
  libtorrent  "session stats header: ..." then "session stats (N values): ..." lines; names
              are mapped to ours where the meaning matches

Options:
  -o, --output OUT     the session file to write (never overwritten without --force)
  --format F           auto | csv | irontide | libtorrent (default auto: looks at the file)
  --interval S         seconds between samples for inputs without times (default 1, at
                       most 86400: a day)
  --start TIME         time of the first sample for such inputs: ISO 8601 or epoch ms
                       (default: the file's modification time minus the duration)
  --title T            title of the new session
  --keep-unmapped      libtorrent: keep unmapped metrics as "libtorrent.<name>" columns
  --force              replace OUT if it exists
  -h, --help           show this help

The new session is decoded again with the reader before it is written, so a file that would
not open is never written: what cannot be mapped (a time outside the range of dates, rows more
than 24 h apart, a number too large for a double, text that is not UTF-8, a last line cut off
without its line break, a diagnostics cell other than 1/0/true/false) is refused with its line
and column; a metric named "t" or "diagnostics" (the file's own columns) is renamed "t_" /
"diagnostics_", and a name over 200 characters is shortened, and the report says so.

tidegauge import prometheus://HOST:PORT reads a range from a Prometheus server instead (below).

The input file is only read. Exit codes: 0 ok, 1 the input cannot be imported or OUT cannot
be written, 2 bad arguments.`;

const FORMATS = ['auto', 'csv', 'irontide', 'libtorrent'];

export const importCommand: Command = {
  name: 'import',
  help: `${HELP}\n\n${PROMETHEUS_HELP}`,
  async run(argv) {
    if (argv.some((a) => /^prometheus(\+https?)?:\/\//i.test(a))) {
      return importPrometheus(argv);
    }
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        output: { type: 'string', short: 'o' },
        format: { type: 'string' },
        interval: { type: 'string' },
        start: { type: 'string' },
        title: { type: 'string' },
        'keep-unmapped': { type: 'boolean' },
        force: { type: 'boolean' },
      },
      true,
    );
    const file = onePositional(positionals, 'FILE to import');
    const out = values.output;
    if (!out) throw new UsageError('missing -o OUT (the session file to write)');
    const format = values.format ?? 'auto';
    if (!FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
    const intervalS = intervalOption(values.interval);
    let startMs: number | undefined;
    if (values.start !== undefined) {
      const n = Number(values.start);
      startMs = Number.isFinite(n) && values.start.trim() !== '' ? n : Date.parse(values.start);
      if (!Number.isFinite(startMs) || Math.abs(startMs) > MAX_TIME_MS)
        throw new UsageError(`--start must be an ISO 8601 time or epoch ms, got "${values.start}"`);
    }
    if (values.title !== undefined && values.title.length > MAX_TITLE)
      throw new UsageError(`--title must be at most ${MAX_TITLE} characters, got ${values.title.length}`);
    if (resolve(out) === resolve(file)) throw new UsageError('OUT is the input file; choose another output');
    return asInputErrors(async () => {
      // Checked by decoding it with the reader before a byte is written (see importToBytes).
      const imported = await importToBytes(file, {
        format: format as ImportFormat | 'auto',
        intervalS,
        startMs,
        title: values.title,
        keepUnmapped: values['keep-unmapped'],
      });
      const bytes = await writeOutput(out, [imported.bytes], { force: values.force, inputs: [file] });
      printReport(imported.report, say);
      say(`Wrote ${out}: ${imported.samples} samples x ${imported.metrics} metrics, ${formatBytes(bytes)}`);
      return 0;
    });
  },
};
