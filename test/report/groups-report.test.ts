import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { pngSize, readPngText } from '../../src/shared/pngText';
import { captureConsole } from '../helpers/console';
import { KiB, runsAt, writeRuns } from '../helpers/groupRuns';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/*
 * `tidegauge report A1 A2 A3 --vs B1 B2 B3 -o out.png`: a real PNG drawn by the system Chromium,
 * whose headline figures (stamped in its text chunks, and read in its text) are the ones
 * `compare A… --vs B… --json` prints for the same files. Ground truth: B's runs download at
 * twice A's rate.
 */

const CHROMIUM = process.env.TIDEGAUGE_CHROMIUM ?? '/usr/bin/chromium';
const A = runsAt('a', 100 * KiB, 3, 60);
const B = runsAt('b', 200 * KiB, 3, 60);
let dir: string;
let files: Map<string, string>;
const { out, err } = captureConsole();

beforeAll(async () => {
  dir = tempDir();
  files = await writeRuns(dir, [...A, ...B]);
});
afterAll(() => cleanTempDirs());

const paths = (runs: readonly { id: string }[]) => runs.map((r) => files.get(r.id) as string);

describe.skipIf(!existsSync(CHROMIUM))('a group report', () => {
  it('writes a PNG whose headline figures are the CLI JSON’s, verdicts first', { timeout: 240_000 }, async () => {
    const png = join(dir, 'groups.png');
    const code = await main([
      'report',
      ...paths(A),
      '--vs',
      ...paths(B),
      '-o',
      png,
      '--renderer',
      'chromium',
      '--chromium',
      CHROMIUM,
      '--theme',
      'dark',
    ]);
    expect([code, err.join('\n')]).toEqual([0, expect.stringContaining('report: wrote')]);
    const bytes = new Uint8Array(readFileSync(png));
    expect(pngSize(bytes).width).toBe(2400);
    const text = readPngText(bytes);
    expect(text['tidegauge.kind']).toBe('groups');

    out.length = 0;
    expect(await main(['compare', ...paths(A), '--vs', ...paths(B), '--json'])).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(JSON.parse(text['tidegauge.headline'] as string)).toEqual(json.headline);

    // What the image says, in order: the headline figures with their verdicts come first.
    const said = text.Description as string;
    const latin = (s: string) => s.replace(/–/g, '-');
    const rate = json.headline.find((h: { figure: string }) => h.figure === 'payload_down_active');
    expect(rate.text).toMatch(/^faster by \d+ %/);
    expect(rate.change.relLow).toBeLessThanOrEqual(1);
    expect(rate.change.relHigh).toBeGreaterThanOrEqual(1);
    for (const h of json.headline) expect(said).toContain(latin(h.text));
    const lower = said.toLowerCase(); // headings may be drawn in capitals (CSS), and innerText says them so
    expect(lower.indexOf('headline figures')).toBeGreaterThan(-1);
    expect(lower.indexOf('headline figures')).toBeLessThan(lower.indexOf('the runs'));
    expect(said).toMatch(/A3\s+a3 100 KiB\/s/);
  });

  it('says what is wrong with its arguments', async () => {
    expect(await main(['report', ...paths(A), '--vs', '-o', join(dir, 'x.png')])).toBe(2);
    expect(err.join('\n')).toContain('give at least one file on each side of --vs');
    expect(await main(['report', ...paths(A), '--vs', ...paths(B), '--compare', '-o', join(dir, 'x.png')])).toBe(2);
    expect(err.join('\n')).toContain('--vs reports groups of runs');
    expect(await main(['report', ...paths(A), '--vs', ...paths(B), '--span', 'half', '-o', join(dir, 'x.png')])).toBe(
      2,
    );
    expect(err.join('\n')).toContain('--span must be full or common, got "half"');
  });
});
