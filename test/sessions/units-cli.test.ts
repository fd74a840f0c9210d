import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { formatRate, formatValue } from '../../src/shared/format';
import { builtinRegistry, M } from '../../src/shared/registry';
import { ColumnBuilder } from '../../src/shared/session/data';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, makeMeta, tempDir } from './helpers';

const { out } = captureConsole();
afterAll(cleanTempDirs);

/** 11 samples at 1 Hz: disk busy 6,435,513.1 µs per second, 3 reads per second, 2 MiB read per second. */
async function session(dir: string, name: string): Promise<string> {
  const meta = makeMeta(builtinRegistry(), { id: name, title: name, notReported: {} });
  const b = new ColumnBuilder(meta.registry.length);
  const v = new Float64Array(meta.registry.length);
  for (let s = 0; s <= 10; s++) {
    v[M.DISK_JOB_TIME_US] = s * 6_435_513.1;
    v[M.DISK_READ_COUNT] = s * 3;
    v[M.DISK_READ_BYTES] = s * 2 * 1024 * 1024;
    b.push(meta.startedAt + s * 1000, false, v);
  }
  const file = join(dir, `${name}.arrow`);
  await writeSessionFile(b.build(meta), file);
  return file;
}

describe('units on the command line are the ones the UI shows', () => {
  it('info prints counter totals with their unit: a µs total in seconds, not a bare 64,355,131', async () => {
    const file = await session(tempDir(), 'disk');
    out.length = 0;
    expect(await main(['info', file])).toBe(0);
    const line = out.find((l) => l.includes('disk.job_time_us')) ?? '';
    expect(line).toContain(`disk.job_time_us +${formatValue(64_355_131, 'us')}`);
    expect(line).toContain('disk.job_time_us +1 min 4 s');
    expect(line).toContain('disk.read_bytes +20.0 MiB');
    expect(line).toContain('disk.read_count +30');
  });

  it('compare prints rates as the UI does: µs counters by magnitude, "/s" spaced alike', async () => {
    const dir = tempDir();
    const a = await session(dir, 'a');
    const b = await session(dir, 'b');
    out.length = 0;
    expect(await main(['compare', a, b, '--stat', 'mean', '--filter', 'disk.'])).toBe(0);
    const row = (name: string) =>
      out
        .join('\n')
        .split('\n')
        .find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('disk.job_time_us')).toContain(formatRate(6_435_513.1, 'us'));
    expect(row('disk.job_time_us')).toContain('6.44 s/s');
    expect(row('disk.read_count')).toMatch(/ 3\/s\s+3\/s\s+=$/);
    expect(row('disk.read_bytes')).toContain('2.0 MiB/s');
  });
});
