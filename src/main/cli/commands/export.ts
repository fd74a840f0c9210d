import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format';
import { exportSession } from '../../storage/sessionExport';
import { readSessionFile } from '../../storage/sessionFiles';
import { type Command, parseCommandArgs, UsageError } from '../args';
import { say, warn } from '../output';
import { asInputErrors, onePositional, secondsOption } from './sessionArgs';

const HELP = `Usage: tidegauge export FILE --format csv|arrow -o OUT [--from S] [--to S]

Write a saved session (or a time range of it) as CSV or as an Arrow session file.

  csv    header row: time (ISO 8601), elapsed_s, diagnostics, then one column per metric
         name; an empty cell is a value the source did not report
  arrow  the Tidegauge session format (Arrow IPC stream, ZSTD), title/notes/tags included

Options:
  --format F       csv | arrow (required)
  -o, --output OUT the file to write (never overwritten without --force)
  --from S         start of the range, seconds from the session's first sample
  --to S           end of the range (inclusive), seconds from the first sample
  --force          replace OUT if it exists
  -h, --help       show this help

FILE is only read. Exit codes: 0 ok, 1 FILE cannot be read or OUT cannot be written,
2 bad arguments.`;

export const exportCommand: Command = {
  name: 'export',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        from: { type: 'string' },
        to: { type: 'string' },
        force: { type: 'boolean' },
      },
      true,
    );
    const file = onePositional(positionals, 'FILE to export');
    const format = values.format;
    if (format !== 'csv' && format !== 'arrow')
      throw new UsageError(
        format === undefined ? 'missing --format csv|arrow' : `--format must be csv or arrow, got "${format}"`,
      );
    const out = values.output;
    if (!out) throw new UsageError('missing -o OUT (the file to write)');
    if (resolve(out) === resolve(file)) throw new UsageError('OUT is the input file; choose another output');
    const fromS = secondsOption(values.from, 'from', 0);
    const toS = secondsOption(values.to, 'to', 0);
    if (fromS !== undefined && toS !== undefined && toS < fromS)
      throw new UsageError(`--to (${toS}) is before --from (${fromS})`);
    return asInputErrors(async () => {
      const opened = await readSessionFile(file);
      for (const w of opened.warnings) warn(`tidegauge export: warning: ${file}: ${w}`);
      const range = fromS !== undefined || toS !== undefined ? { fromS: fromS ?? null, toS: toS ?? null } : undefined;
      const r = await exportSession(opened.data, out, { format, range, force: values.force, inputs: [file] });
      say(`Wrote ${out}: ${r.samples} samples, ${formatBytes(r.bytes)}`);
      return 0;
    });
  },
};
