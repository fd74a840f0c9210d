import { encodeSession } from '../../shared/session/arrow';
import { type SessionData, sliceByTime, type TimeRange } from '../../shared/session/data';
import { csvLines } from '../../shared/session/import/index';
import { writeOutput } from './outputFile';
import { SessionFileError } from './sessionFiles';
import { ensureZstd } from './zstd';

/** Write a session as an Arrow session file (ZSTD batches of up to 4096 samples). */
export async function writeSessionFile(
  data: SessionData,
  out: string,
  options: { force?: boolean; inputs?: string[] } = {},
): Promise<number> {
  await ensureZstd();
  return writeOutput(out, [encodeSession(data, { batchRows: 4096 })], options);
}

export type ExportFormat = 'csv' | 'arrow';

/** Export a whole session or a time range of it as CSV or Arrow. */
export async function exportSession(
  data: SessionData,
  out: string,
  options: {
    format: ExportFormat;
    range?: TimeRange;
    force?: boolean;
    inputs?: string[];
    user?: { title?: string; notes?: string; tags?: string[] };
  },
): Promise<{ bytes: number; samples: number }> {
  let sliced = options.range ? sliceByTime(data, options.range) : data;
  if (options.range && sliced.length === 0)
    throw new SessionFileError(
      out,
      `the range ${options.range.fromS ?? 0}..${options.range.toS ?? 'end'} s holds no samples`,
    );
  if (options.format === 'csv') {
    const bytes = await writeOutput(
      out,
      (function* () {
        for (const line of csvLines(sliced)) yield `${line}\n`;
      })(),
      options,
    );
    return { bytes, samples: sliced.length };
  }
  const range = options.range;
  sliced = {
    ...sliced,
    meta: {
      ...sliced.meta,
      ...options.user,
      startedAt: sliced.length ? (sliced.t[0] as number) : sliced.meta.startedAt,
      origin: range
        ? { type: 'export', from: data.meta.id, range: { fromS: range.fromS ?? null, toS: range.toS ?? null } }
        : sliced.meta.origin,
    },
  };
  const bytes = await writeSessionFile(sliced, out, options);
  return { bytes, samples: sliced.length };
}
