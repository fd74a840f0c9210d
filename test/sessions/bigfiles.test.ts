import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, tempDir } from './helpers';

/*
 * A 1 GiB file is told from its first bytes: one that is no session and no text log is refused
 * before the rest is read, by every reader. Sparse files (no disk used); the process's peak
 * memory must not grow by anything like the file's size.
 */

const { err } = captureConsole();
afterAll(cleanTempDirs);

const GIB = 2 ** 30;

describe('big files are judged by their first bytes', () => {
  it('info, import, export and compare refuse a 1 GiB file that is neither, without reading it whole', async () => {
    const dir = tempDir();
    const zeros = join(dir, 'zeros.arrow');
    writeFileSync(zeros, '');
    truncateSync(zeros, GIB - 1);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, 'time,a\n1,1\n');
    truncateSync(csv, GIB - 1);
    const peak = process.resourceUsage().maxRSS * 1024;
    const runs: [string[], RegExp][] = [
      [['info', zeros], /zeros\.arrow: binary data \(a NUL byte at byte 0\)/],
      [['export', zeros, '--format', 'csv', '-o', join(dir, 'x.csv')], /zeros\.arrow: not an Arrow IPC stream/],
      [['compare', zeros, zeros], /zeros\.arrow: not an Arrow IPC stream/],
      [['import', zeros, '-o', join(dir, 'x.arrow')], /zeros\.arrow: binary data \(a NUL byte at byte 0\)/],
      [['import', csv, '-o', join(dir, 'y.arrow')], /big\.csv: binary data \(a NUL byte at byte 11\)/],
      [
        ['import', csv, '--format', 'csv', '-o', join(dir, 'y.arrow')],
        /big\.csv: csv: line 3: binary data \(a NUL byte at byte 11\)/,
      ],
    ];
    for (const [argv, message] of runs) {
      err.length = 0;
      expect(await main(argv), argv.join(' ')).toBe(1);
      expect(err.join('\n'), argv.join(' ')).toMatch(message);
    }
    expect(process.resourceUsage().maxRSS * 1024 - peak).toBeLessThan(256 * 2 ** 20);
  });
});
