import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format';
import type { ImportFormat } from '../../../shared/session/import/index';
import { writeSessionFile } from '../../storage/sessionExport';
import { importFile } from '../../storage/sessionImport';
import { type Command, parseCommandArgs, UsageError } from '../args';
import { printReport } from './info';
import { asInputErrors, onePositional, secondsOption } from './sessionArgs';

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
  --interval S         seconds between samples for inputs without times (default 1)
  --start TIME         time of the first sample for such inputs: ISO 8601 or epoch ms
                       (default: the file's modification time minus the duration)
  --title T            title of the new session
  --keep-unmapped      libtorrent: keep unmapped metrics as "libtorrent.<name>" columns
  --force              replace OUT if it exists
  -h, --help           show this help

The input file is only read. Exit codes: 0 ok, 1 the input cannot be imported or OUT cannot
be written, 2 bad arguments.`;

const FORMATS = ['auto', 'csv', 'irontide', 'libtorrent'];

export const importCommand: Command = {
  name: 'import',
  summary: 'convert a CSV, irontide dump or libtorrent log into a session file',
  help: HELP,
  async run(argv) {
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
    const intervalS = secondsOption(values.interval, 'interval', 0.001);
    let startMs: number | undefined;
    if (values.start !== undefined) {
      const n = Number(values.start);
      startMs = Number.isFinite(n) && values.start.trim() !== '' ? n : Date.parse(values.start);
      if (!Number.isFinite(startMs))
        throw new UsageError(`--start must be an ISO 8601 time or epoch ms, got "${values.start}"`);
    }
    if (resolve(out) === resolve(file)) throw new UsageError('OUT is the input file; choose another output');
    return asInputErrors(async () => {
      const { data, report } = await importFile(file, {
        format: format as ImportFormat | 'auto',
        intervalS,
        startMs,
        title: values.title,
        keepUnmapped: values['keep-unmapped'],
      });
      const bytes = await writeSessionFile(data, out, { force: values.force, inputs: [file] });
      printReport(report, (s) => console.log(s));
      console.log(`Wrote ${out}: ${data.length} samples x ${data.meta.registry.length} metrics, ${formatBytes(bytes)}`);
      return 0;
    });
  },
};
