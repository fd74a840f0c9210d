import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { printable, printableJson, printableText } from '../../src/shared/printable';
import { builtinRegistry } from '../../src/shared/registry';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, makeData, makeMeta, tempDir } from '../sessions/helpers';

/*
 * Titles, labels, notes and names come from files: the CLI's file commands print control
 * characters and terminal escape sequences in them as visible escapes, never raw.
 */

const { out, err } = captureConsole();
afterAll(cleanTempDirs);

const ESC = '\u001b';
const RLO = '\u202e';
/** Any character a terminal would act on or hide: C0 (but a line break), DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const printed = () => [...out, ...err].join('\n');

describe('printable', () => {
  it.each([
    ['plain text, é, 😀', 'plain text, é, 😀'],
    [`${ESC}[31mred${ESC}[0m`, '\\x1b[31mred\\x1b[0m'],
    [`${ESC}]0;title\u0007`, '\\x1b]0;title\\x07'],
    [`evil${RLO}gnp.exe`, 'evil\\u202egnp.exe'],
    ['a\nb\tc\u0000', 'a\\x0ab\\x09c\\x00'],
    ['zero\u200bwidth\ufeff', 'zero\\u200bwidth\\ufeff'],
    ['\u0085next line\u2028', '\\u0085next line\\u2028'],
    ['lone \ud800 surrogate', 'lone \\ud800 surrogate'],
  ])('%j -> %s', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('keeps line breaks where lines are meant, and keeps JSON readable as the same text', () => {
    expect(printableText(`one\ntwo${ESC}`)).toBe('one\ntwo\\x1b');
    const json = printableJson(JSON.stringify({ t: `a${RLO}b${ESC}\u0085` }));
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual({ t: `a${RLO}b${ESC}\u0085` });
  });
});

describe('info, compare, export and import print what files hold escaped', () => {
  const dir = tempDir();
  const a = join(dir, 'a.arrow');
  const b = join(dir, 'b.arrow');
  beforeAll(async () => {
    const registry = builtinRegistry().slice(0, 5);
    registry[4] = { name: `${ESC}[2Jwiped`, kind: 'counter', unit: '' };
    const meta = makeMeta(registry, {
      title: `${ESC}]0;pwned\u0007 run`,
      source: { kind: 'test', label: `label${RLO}txt.exe`, detail: `detail${ESC}[1A` },
      notReported: {},
    });
    await writeSessionFile(makeData(20, meta), a);
    copyFileSync(a, b);
  });

  it('info (text and JSON)', async () => {
    expect(await main(['info', a, '--registry'])).toBe(0);
    expect(printed()).not.toMatch(RAW);
    expect(printed()).toContain('title      \\x1b]0;pwned\\x07 run');
    expect(printed()).toContain('source     label\\u202etxt.exe (detail\\x1b[1A)');
    expect(printed()).toContain('\\x1b[2Jwiped');
    out.length = 0;
    expect(await main(['info', a, '--json'])).toBe(0);
    expect(printed()).not.toMatch(RAW);
    expect(JSON.parse(out.join('\n')).source.label).toBe(`label${RLO}txt.exe`);
  });

  it('compare (text and JSON)', async () => {
    expect(await main(['compare', a, b])).toBe(0);
    expect(printed()).not.toMatch(RAW);
    expect(printed()).toContain('"\\x1b]0;pwned\\x07 run"');
    expect(printed()).toContain('\\x1b[2Jwiped');
    out.length = 0;
    expect(await main(['compare', a, b, '--json'])).toBe(0);
    expect(printed()).not.toMatch(RAW);
  });

  it('export, and import of a file whose header and cells hold escapes', async () => {
    expect(await main(['export', a, '--format', 'csv', '-o', join(dir, `${ESC}[31mout.csv`)])).toBe(0);
    expect(printed()).not.toMatch(RAW);
    expect(printed()).toContain('\\x1b[31mout.csv');
    const csv = join(dir, 'esc.csv');
    writeFileSync(csv, `time,${ESC}[31mred\n1,1\n2,2\n`);
    expect(await main(['import', csv, '-o', join(dir, 'esc.arrow')])).toBe(0);
    expect(printed()).toContain('kept      1 under their own names: \\x1b[31mred');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `time,a\n1,${ESC}]0;x\u0007\n`);
    expect(await main(['import', bad, '-o', join(dir, 'bad.arrow')])).toBe(1);
    expect(printed()).toContain('"a" holds "\\x1b]0;x\\x07", not a number');
    expect(printed()).not.toMatch(RAW);
  });
});
