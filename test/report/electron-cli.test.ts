import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli/index';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { writeShaped } from './sessions';

// `tidegauge report --renderer`: argument errors exit 2, a missing engine exits 1 with a message
// that says what to do, and nothing is written either way.

describe('tidegauge report --renderer', () => {
  let dir: string;
  let file: string;
  let noDist: string;
  let out: string;
  let err: string[];
  beforeAll(async () => {
    dir = tempDir();
    noDist = tempDir();
    file = await writeShaped(dir, { rows: 30, id: 'small', title: 'Small' });
  });
  afterAll(() => cleanTempDirs());
  beforeEach(() => {
    err = [];
    out = join(dir, `r-${Math.random().toString(36).slice(2)}.png`);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    // No Electron on any machine: no TIDEGAUGE_ELECTRON, and the electron package's binary
    // looked for in an empty folder (ELECTRON_OVERRIDE_DIST_PATH, as the package itself honours).
    vi.stubEnv('TIDEGAUGE_ELECTRON', '');
    vi.stubEnv('ELECTRON_OVERRIDE_DIST_PATH', noDist);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('--renderer electron without Electron exits 1 naming TIDEGAUGE_ELECTRON and --renderer chromium; writes nothing', async () => {
    expect(await main(['report', file, '-o', out, '--renderer', 'electron'])).toBe(1);
    const said = err.join('\n');
    expect(said).toContain('--renderer electron: the Electron binary is not installed');
    expect(said).toContain('TIDEGAUGE_ELECTRON');
    expect(said).toContain('--renderer chromium');
    expect(existsSync(out)).toBe(false);
  });

  it('TIDEGAUGE_ELECTRON naming a missing file exits 1 naming it, with --renderer electron or auto', async () => {
    const missing = join(dir, 'no-electron-here');
    vi.stubEnv('TIDEGAUGE_ELECTRON', missing);
    expect(await main(['report', file, '-o', out, '--renderer', 'electron'])).toBe(1);
    expect(await main(['report', file, '-o', out])).toBe(1);
    expect(err.filter((l) => l.includes(`TIDEGAUGE_ELECTRON=${missing}: no such file`))).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--renderer', 'bogus'], '--renderer must be auto, electron or chromium, got "bogus"'],
    [['--renderer', 'electron', '--chromium', '/usr/bin/chromium'], 'does not go with --renderer electron'],
  ])('%j exits 2: %s', async (extra, message) => {
    expect(await main(['report', file, '-o', out, ...extra])).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(err.join('\n')).toContain('tidegauge report --help');
    expect(existsSync(out)).toBe(false);
  });

  it('--renderer chromium with a missing --chromium exits 1 naming it', async () => {
    expect(await main(['report', file, '-o', out, '--renderer', 'chromium', '--chromium', join(dir, 'nope')])).toBe(1);
    expect(err.join('\n')).toContain(`--chromium ${join(dir, 'nope')}: no such file`);
    expect(existsSync(out)).toBe(false);
  });

  it('--help describes the renderers and their environment variables', async () => {
    const log: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a) => void log.push(a.join(' ')));
    expect(await main(['report', '--help'])).toBe(0);
    const help = log.join('\n');
    expect(help).toContain('--renderer E');
    expect(help).toContain('TIDEGAUGE_ELECTRON');
    expect(help).toContain('TIDEGAUGE_CHROMIUM');
  });
});
