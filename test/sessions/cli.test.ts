import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, LT, tempDir } from './helpers';

const { out, err } = captureConsole();
afterAll(cleanTempDirs);

const truth = JSON.parse(readFileSync(join(LT, 'truth.json'), 'utf8')) as { contentSize: number };

describe('tidegauge info / import / export', () => {
  it.each(['info', 'import', 'export'])('%s --help explains the command and exits 0', async (cmd) => {
    expect(await main([cmd, '--help'])).toBe(0);
    expect(out.join('\n')).toContain(`Usage: tidegauge ${cmd}`);
    expect(out.join('\n')).toContain('Exit codes');
  });

  it('import -> info -> export: exit 0, the report, the numbers, the files', async () => {
    const dir = tempDir();
    const log = join(LT, 'libtorrent-download.log');
    const before = readFileSync(log);
    const mtime = statSync(log).mtimeMs;
    const arrow = join(dir, 'dl.arrow');
    expect(await main(['import', log, '-o', arrow])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/mapped\s+33: net\.sent_bytes -> net\.bytes_sent/);
    expect(text).toMatch(/derived\s+8: bw\.upload_rate = per-second change of net\.sent_bytes/);
    expect(text).toMatch(/left out\s+25\d: peer\.error_peers/);
    expect(readFileSync(log).equals(before)).toBe(true);
    expect(statSync(log).mtimeMs).toBe(mtime);

    out.length = 0;
    expect(await main(['info', arrow])).toBe(0);
    const info = out.join('\n');
    expect(info).toMatch(/samples\s+15 \(interval 1000 ms\)/);
    expect(info).toMatch(/duration\s+14 s/);
    expect(info).toMatch(/bandwidth\s+10 \/\s+6 \/\s+4\s+bw\.total_downloaded \+2\.0 MiB/);

    out.length = 0;
    expect(await main(['info', arrow, '--json'])).toBe(0);
    const j = JSON.parse(out.join('\n'));
    const bw = j.categories.find((c: { category: string }) => c.category === 'bandwidth');
    expect(bw.items.find((m: { name: string }) => m.name === 'bw.total_downloaded').last).toBe(truth.contentSize);

    const csv = join(dir, 'part.csv');
    expect(await main(['export', arrow, '--format', 'csv', '-o', csv, '--from', '2', '--to', '5'])).toBe(0);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(5);
    const part = join(dir, 'part.arrow');
    expect(await main(['export', arrow, '--format', 'arrow', '-o', part, '--from', '10'])).toBe(0);
    const p = await readSessionFile(part);
    expect(p.data.length).toBe(5);
    expect(p.data.meta.origin.type).toBe('export');
  });

  it('info reads a CSV, NDJSON or log directly and shows the import report', async () => {
    expect(await main(['info', join(LT, 'irontide-dump.ndjson')])).toBe(0);
    expect(out.join('\n')).toMatch(/Import report \(irontide, 15 samples\)/);
  });

  it.each([
    [['info'], 'missing FILE'],
    [['info', 'a', 'b'], 'expected one FILE, got 2'],
    [['import', 'x.log'], 'missing -o OUT'],
    [
      ['import', 'x.log', '-o', 'y', '--format', 'xml'],
      '--format must be one of auto, csv, irontide, libtorrent, got "xml"',
    ],
    [['import', 'x.log', '-o', 'y', '--interval', '0'], '--interval must be a number of seconds above 0.001, got "0"'],
    [['import', 'x.log', '-o', 'y', '--start', 'soon'], '--start must be an ISO 8601 time or epoch ms, got "soon"'],
    [['import', 'x.log', '-o', 'x.log'], 'OUT is the input file'],
    [['export', 'a.arrow', '-o', 'b'], 'missing --format csv|arrow'],
    [['export', 'a.arrow', '--format', 'json', '-o', 'b'], '--format must be csv or arrow, got "json"'],
    [['export', 'a.arrow', '--format', 'csv'], 'missing -o OUT'],
    [['export', 'a.arrow', '--format', 'csv', '-o', 'b', '--from', '9', '--to', '3'], '--to (3) is before --from (9)'],
    [
      ['export', 'a.arrow', '--format', 'csv', '-o', 'b', '--from', 'x'],
      '--from must be a number of seconds (0 or more), got "x"',
    ],
    [['info', 'f', '--bogus'], "Unknown option '--bogus'"],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
  });

  it('bad input files exit 1 with the file named; outputs are never overwritten without --force', async () => {
    const dir = tempDir();
    const garbage = join(dir, 'garbage.arrow');
    writeFileSync(garbage, 'not a session');
    expect(await main(['info', garbage])).toBe(1);
    expect(err.join('\n')).toContain(`${garbage}:`);
    expect(await main(['export', garbage, '--format', 'csv', '-o', join(dir, 'o.csv')])).toBe(1);
    expect(existsSync(join(dir, 'o.csv'))).toBe(false);
    expect(await main(['import', join(dir, 'missing.log'), '-o', join(dir, 'o.arrow')])).toBe(1);
    expect(err.join('\n')).toContain('missing.log: no such file');

    const existing = join(dir, 'keep.arrow');
    writeFileSync(existing, 'precious');
    err.length = 0;
    expect(await main(['import', join(LT, 'user-export.csv'), '-o', existing])).toBe(1);
    expect(err.join('\n')).toContain('keep.arrow: already exists (use --force to replace it)');
    expect(readFileSync(existing, 'utf8')).toBe('precious');
    expect(await main(['import', join(LT, 'user-export.csv'), '-o', existing, '--force'])).toBe(0);
    expect((await readSessionFile(existing)).data.length).toBe(15);
  });
});
