import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli/index';
import { findChromium } from '../../src/main/report/chromium';
import { findElectron } from '../../src/main/report/electron';
import { decodePng, distinctColours } from '../../src/main/report/png';
import { pngSize, readPngText } from '../../src/shared/pngText';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { writeShaped } from './sessions';

// The real Electron capture: `tidegauge report --renderer electron` through the Electron binary's
// offscreen window. It needs the binary, which cannot be downloaded on the CI machines: where it
// is missing these tests are reported skipped, with why, in their titles.

function electronOrWhy(): { path: string | null; why: string } {
  try {
    const e = findElectron();
    return e
      ? { path: e.path, why: '' }
      : {
          path: null,
          why: 'Electron binary not installed (node_modules/electron/dist is missing; downloads are blocked on this machine; TIDEGAUGE_ELECTRON can name one)',
        };
  } catch (e) {
    return { path: null, why: (e as Error).message };
  }
}

const electron = electronOrWhy();
const title = (t: string) => (electron.path ? t : `${t} (skipped: ${electron.why})`);

describe.skipIf(!electron.path)('Electron offscreen capture', () => {
  let dir: string;
  let a: string;
  let b: string;
  beforeAll(async () => {
    // The capture script runs from out/main: build it from the current sources.
    execFileSync(process.execPath, [join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      stdio: 'ignore',
      timeout: 240_000,
    });
    dir = tempDir();
    a = await writeShaped(dir, { rows: 600, id: 'el-a', title: 'Electron A', tags: ['electron'] });
    b = await writeShaped(dir, { rows: 600, id: 'el-b', title: 'Electron B', rate: 6e6, seed: 4 });
    vi.spyOn(console, 'error').mockImplementation(() => {});
  }, 300_000);
  afterAll(() => {
    vi.restoreAllMocks();
    cleanTempDirs();
  });

  it(title('writes the report at device pixel ratio 2, saying Electron drew it'), async () => {
    const out = join(dir, 'electron.png');
    expect(await main(['report', a, '-o', out, '--renderer', 'electron'])).toBe(0);
    const png = new Uint8Array(readFileSync(out));
    expect(pngSize(png).width).toBe(2400);
    expect(distinctColours(decodePng(png))).toBeGreaterThan(200);
    const text = readPngText(png);
    expect(text['tidegauge.tool']).toMatch(/^tidegauge report \(headless Electron \d+\.\d+\.\d+ offscreen, /);
    expect(text['tidegauge.sessions']).toBe('el-a');
    expect(text.Description).toContain('Electron A');
  });

  it(
    title('a report taller than the window (narrow comparison, many panels): whole, as tall as Chromium draws it'),
    async () => {
      const args = [
        a,
        b,
        '--compare',
        '--width',
        '480',
        '--panels',
        'bw.rate,bw.totals,peers.connections,disk.throughput',
      ];
      const out = join(dir, 'tall-electron.png');
      expect(await main(['report', ...args, '-o', out, '--renderer', 'electron'])).toBe(0);
      const png = new Uint8Array(readFileSync(out));
      const size = pngSize(png);
      expect(size.width).toBe(960);
      expect(size.height).toBeGreaterThan(2 * 900);
      expect(readPngText(png).Title).toBe('Comparison: Electron A vs Electron B');
      if (findChromium()) {
        const ref = join(dir, 'tall-chromium.png');
        expect(await main(['report', ...args, '-o', ref, '--renderer', 'chromium'])).toBe(0);
        expect(size).toEqual(pngSize(new Uint8Array(readFileSync(ref))));
      }
    },
  );
});
