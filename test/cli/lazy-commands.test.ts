import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_VERSION } from '../../src/main/version';
import { ensureBuilt, ROOT } from '../helpers/processes';
import { FIXTURES } from '../sessions/helpers';

/*
 * The built CLI loads a command's modules only when that command runs: `--version` and
 * `--help` load no package from node_modules (apache-arrow, ws, webtorrent, zod…) and no
 * command's chunk. What is loaded is recorded by a loader hook in the CLI's own process
 * (test/fixtures/record-loads.mjs), not guessed from how long it took.
 */

const dir = mkdtempSync(join(tmpdir(), 'tidegauge-lazy-'));
let n = 0;

beforeAll(() => ensureBuilt(), 320_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI; what it printed, its exit code and every module URL it loaded. */
function run(args: string[]): { code: number | null; out: string; loaded: string[] } {
  const log = join(dir, `loads-${n++}.txt`);
  const r = spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'test', 'fixtures', 'record-loads.mjs'), join(ROOT, 'bin', 'tidegauge.js'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TIDEGAUGE_LOAD_LOG: log }, timeout: 60_000 },
  );
  let loaded: string[] = [];
  try {
    loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    // nothing recorded: the assertions below say so
  }
  return { code: r.status, out: r.stdout + r.stderr, loaded };
}

const packages = (loaded: string[]) => loaded.filter((u) => u.includes('/node_modules/'));
const commandChunks = (loaded: string[]) =>
  loaded.filter((u) => /\/out\/main\/chunks\/(serve|info|import|export|compare|report|totals)-/.test(u));

it.each([['--version'], ['--help'], ['-h'], []])('`tidegauge %s` loads no package and no command', (...args) => {
  const r = run(args.filter(Boolean));
  expect(
    r.loaded.some((u) => u.endsWith('/out/main/cli.js')),
    'the loader hook saw the CLI',
  ).toBe(true);
  expect(packages(r.loaded)).toEqual([]);
  expect(commandChunks(r.loaded)).toEqual([]);
  if (args[0] === '--version') expect(r.out.trim()).toBe(APP_VERSION);
  else expect(r.out).toMatch(/serve\s+run the headless host/);
});

it('an unknown command is refused as before, without loading any', () => {
  const r = run(['frobnicate']);
  expect(r.code).toBe(2);
  expect(r.out).toContain(
    'unknown command "frobnicate". Commands: serve, info, import, export, compare, report, totals',
  );
  expect(packages(r.loaded)).toEqual([]);
});

it('a command that runs loads what it needs (the hook would see a package)', () => {
  const r = run(['info', join(FIXTURES, 'no-checksums-v1.arrow')]);
  expect(r.code, r.out).toBe(0);
  expect(r.loaded.some((u) => u.includes('/node_modules/apache-arrow/'))).toBe(true);
  expect(commandChunks(r.loaded).some((u) => u.includes('/chunks/info-'))).toBe(true);
  // …and not the others (the chunks named after one command alone; "import-" names a shared one too).
  expect(r.loaded.filter((u) => /\/chunks\/(serve|export|compare|report|totals)-/.test(u))).toEqual([]);
});

it('`serve --help` prints the same help, and a usage error keeps its message and exit code', () => {
  const help = run(['serve', '--help']);
  expect(help.code).toBe(0);
  expect(help.out).toContain('--port N');
  const bad = run(['serve', '--port', 'abc']);
  expect(bad.code).toBe(2);
  expect(bad.out).toContain('tidegauge serve: --port must be a whole number from 0 to 65535, got "abc"');
  expect(bad.out).toContain('Run `tidegauge serve --help` for usage.');
});
