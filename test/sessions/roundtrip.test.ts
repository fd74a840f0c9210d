import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { encodeChecked } from '../../src/main/storage/sessionImport';
import { firstInvalidUtf8, LineSplitter } from '../../src/shared/session/import/index';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, LT, makeData, makeMeta, tempDir } from './helpers';

/*
 * `tidegauge import` writes only what its own reader opens: text it cannot read faithfully is
 * refused with the line and column, what can be mapped is mapped and said so, and every file
 * it writes opens again with the same samples.
 */

const { out, err } = captureConsole();
afterAll(cleanTempDirs);

const dir = tempDir();
function file(name: string, content: string | Buffer): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** Import through the CLI; the exit code, what it printed, and whether it wrote OUT. */
async function importCli(input: string, ...args: string[]) {
  const output = join(dir, `${input.split('/').pop()}.${out.length}.${err.length}.arrow`);
  const code = await main(['import', input, '-o', output, ...args]);
  return { code, output, text: out.join('\n'), error: err.join('\n'), wrote: existsSync(output) };
}

describe('import refuses text it cannot read faithfully, with line and column', () => {
  it.each([
    [
      'inf.csv',
      'time,a,b\n1,1,2\n2,1,1e309\n',
      /inf\.csv: csv: line 3, column 3: "b" holds "1e309", too large for a number/,
    ],
    [
      'inf.ndjson',
      '[{"name":"a","kind":"counter","value":1}]\n[{"name":"a","kind":"counter","value":-1e309}]\n',
      /inf\.ndjson: irontide: line 2, column 39: counter 1 has a value too large for a number/,
    ],
    [
      'inf.log',
      'session stats header: a, b\nsession stats (2 values): 1, 2\nsession stats (2 values): 1e400, 2\n',
      /inf\.log: libtorrent: line 3, column 27: value 1 \(a\) is "1e400", too large for a number/,
    ],
    ['time.csv', 'time,a\n1e309,1\n', /line 2, column 1: time \(column "time"\) holds "1e309", too large/],
    ['future.csv', 'time,a\n1e16,1\n', /line 2, column 1: time "1e16" \(column "time"\) is outside the range of dates/],
    [
      'cut.ndjson',
      '[{"name":"a","kind":"counter","value":1}]\n[{"name":"a","kind":"counter","val',
      /cut\.ndjson: irontide: line 2, column 35: the last line has no line break and is not complete JSON/,
    ],
    [
      'yes.csv',
      'time,diagnostics,a\n1,1,1\n2,yes,1\n',
      /yes\.csv: csv: line 3, column 2: column "diagnostics" holds "yes": diagnostics must be 1, 0, true or false/,
    ],
    ['maybe.csv', 'time,a,Diagnostics\n1,1,maybe\n', /line 2, column 3: column "Diagnostics" holds "maybe"/],
    [
      'step.csv',
      'time,a\n0,1\n100000,2\n200000,3\n',
      /step\.csv: csv: the rows are 27\.8 h apart .*more than the 24 h/,
    ],
  ])('%s', async (name, content, message) => {
    const f = file(name, content);
    const r = await importCli(f);
    expect(r.code).toBe(1);
    expect(r.error).toMatch(message);
    expect(r.wrote).toBe(false);
    expect(readFileSync(f, 'utf8')).toBe(content);
  });

  it('invalid UTF-8: a CSV header, a CSV cell, an NDJSON name; a libtorrent log only where it matters', async () => {
    const bad = (s: string) =>
      Buffer.concat(
        s.split('\u00ff').flatMap((p, i) => (i ? [Buffer.from([0xff]), Buffer.from(p)] : [Buffer.from(p)])),
      );
    const cases: [string, Buffer, RegExp][] = [
      ['h.csv', bad('time,caf\u00ff\n1,1\n'), /h\.csv: csv: line 1, column 9: the text is not valid UTF-8/],
      ['c.csv', bad('time,a\n1,1\n2,\u00ff\n'), /c\.csv: csv: line 3, column 3: the text is not valid UTF-8/],
      [
        'n.ndjson',
        bad('[{"name":"\u00ff","kind":"counter","value":1}]\n'),
        /n\.ndjson: irontide: line 1, column 11: the text is not valid UTF-8/,
      ],
      [
        'v.log',
        bad('session stats header: a, b\u00ff\nsession stats (2 values): 1, 2\n'),
        /v\.log: libtorrent: line 1, column 27: the text is not valid UTF-8/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const r = await importCli(file(name, bytes));
      expect(r.code, name).toBe(1);
      expect(r.error, name).toMatch(message);
      expect(r.wrote, name).toBe(false);
    }
    // Other lines of a log (an alert naming a Latin-1 file) are skipped as before.
    const log = file(
      'other.log',
      bad('alert: file caf\u00ff.txt\nsession stats header: a, b\nsession stats (2 values): 1, 2\n'),
    );
    const r = await importCli(log);
    expect(r.code).toBe(0);
    expect(r.text).toContain('1 other log lines skipped');
  });

  it('a last line without its line break is left out (it may be cut off), the rest imported, the report says so', async () => {
    for (const [name, text, samples] of [
      ['cut.csv', 'time,a\n1,1\n2,3\n3,234', 2],
      ['cut.log', 'session stats header: a, b\nsession stats (2 values): 1, 2\nsession stats (2 values): 1, 23', 1],
    ] as const) {
      const r = await importCli(file(name, text));
      expect(r.code, name).toBe(0);
      expect(r.text, name).toMatch(/line 3|line 4/);
      expect(r.text, name).toContain('has no line break after it, so it may be cut off');
      expect((await readSessionFile(r.output)).data.length, name).toBe(samples);
    }
  });

  it('--interval over a day, --start outside the dates, a --title too long: exit 2 before reading', async () => {
    const log = join(LT, 'libtorrent-download.log');
    for (const [args, message] of [
      [['--interval', '86401'], '--interval must be at most 86400 seconds (24 h), got "86401"'],
      [['--start', '1e16'], '--start must be an ISO 8601 time or epoch ms, got "1e16"'],
      [['--title', 't'.repeat(501)], '--title must be at most 500 characters, got 501'],
    ] as const) {
      const r = await importCli(log, ...args);
      expect(r.code, args[0]).toBe(2);
      expect(r.error).toContain(message);
      expect(r.wrote).toBe(false);
    }
    // Inside the range at the start, beyond it after a few samples: refused, not wrapped.
    const r = await importCli(log, '--start', String(8.64e15 - 5000));
    expect(r.code).toBe(1);
    expect(r.error).toMatch(/sample 7 would be at 8640000000001000 ms, outside the range of dates/);
  });
});

describe('import maps what it can, says so, and the file opens with the same samples', () => {
  it('a column named t or diagnostics is renamed; a name over 200 characters is shortened', async () => {
    const long = `x${'y'.repeat(260)}`;
    // The first column named diagnostics in any case is the flag; a later one is a metric.
    const f = file('names.csv', `time,t,Diagnostics,diagnostics,${long},${long}z\n1,5,1,7,1,2\n2,6,0,8,3,4\n`);
    const r = await importCli(f);
    expect(r.error).toBe('');
    expect(r.code).toBe(0);
    expect(r.text).toContain(
      'note: metric "t" renamed to "t_": "t" and "diagnostics" are the session file\'s own columns',
    );
    expect(r.text).toMatch(
      /note: metric "xyyy+…yyyyyyyyyyyy" \(261 characters\) renamed to "xyyy+…y+~[0-9a-f]{8}" \(199 characters\): a metric name may be at most 200 characters/,
    );
    const opened = await readSessionFile(r.output);
    const names = opened.data.meta.registry.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['t_', 'diagnostics_']);
    expect(names[2]).toMatch(/^xy{189}~[0-9a-f]{8}$/);
    expect(names[3]).not.toBe(names[2]);
    expect(Array.from(opened.data.columns[0] as Float64Array)).toEqual([5, 6]);
    expect(Array.from(opened.data.diagnostics)).toEqual([1, 0]);
    expect(Array.from(opened.data.columns[1] as Float64Array)).toEqual([7, 8]);
  });

  it('irontide counters named t and diagnostics are renamed the same way', async () => {
    const line = '[{"name":"t","kind":"counter","value":1},{"name":"diagnostics","kind":"gauge","value":2}]\n';
    const r = await importCli(file('reserved.ndjson', line + line));
    expect(r.code).toBe(0);
    expect(r.text).toContain('renamed to "diagnostics_"');
    const opened = await readSessionFile(r.output);
    expect(opened.data.meta.registry.map((e) => e.name)).toEqual(['t_', 'diagnostics_']);
  });

  it.each(['libtorrent-download.log', 'libtorrent-seed.log', 'irontide-dump.ndjson', 'user-export.csv'])(
    '%s round-trips: every sample of the import opens again',
    async (name) => {
      const r = await importCli(join(LT, name), '--keep-unmapped');
      expect(r.code).toBe(0);
      const samples = Number(/(\d+) samples x/.exec(r.text)?.[1]);
      const opened = await readSessionFile(r.output);
      expect(opened.data.length).toBe(samples);
      expect(opened.warnings).toEqual([]);
    },
  );

  it('a session the reader would refuse is never written: the check decodes the bytes first', async () => {
    // Built by hand past the importers' checks: a metric named like the time column.
    const meta = makeMeta([{ name: 't', kind: 'counter', unit: '' }], { notReported: {} });
    await expect(encodeChecked(makeData(3, meta), 'in.csv')).rejects.toThrow(
      /in\.csv: the imported session (cannot be encoded|does not read back) \(.*\); nothing was written/,
    );
  });
});

describe('lines: UTF-8 checked across chunk boundaries, the last line marked', () => {
  it('finds the first invalid byte, and accepts a character split between chunks', () => {
    const enc = new TextEncoder();
    expect(firstInvalidUtf8(enc.encode('plain ascii, é, 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
    const seen: [string, number, boolean, number | null][] = [];
    const s = new LineSplitter((line, n, info) => seen.push([line, n, info.unterminated, info.invalidUtf8At]));
    const bytes = enc.encode('a,é\r\nb,😀\nc,\u00e9');
    for (let i = 0; i < bytes.length; i++) s.push(bytes.subarray(i, i + 1));
    s.end();
    expect(seen).toEqual([
      ['a,é', 1, false, null],
      ['b,😀', 2, false, null],
      ['c,é', 3, true, null],
    ]);
  });
});
