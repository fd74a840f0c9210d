import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli/index';
import { builtMainFile, rendererDir } from '../../src/main/paths';
import { renderReport } from '../../src/main/report/capture';
import { findChromium } from '../../src/main/report/chromium';
import { electronDriver } from '../../src/main/report/electron';
import { decodePng, distinctColours } from '../../src/main/report/png';
import { pngSize, readPngText } from '../../src/shared/pngText';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { writeShaped } from './sessions';

// The CLI side of the Electron engine against a stand-in binary (electron-fake.ts: the same job,
// the same capture steps in a system Chromium, the same reply file): spawning, the job, reading
// the reply among stderr noise, errors, crashes and hangs. Electron itself: electron-capture.test.ts.

const HAVE = Boolean(findChromium()) && existsSync(join(rendererDir(), 'report.html'));
const WHY = 'needs a system Chromium and the built renderer (npm run build)';

let dir: string;
let file: string;
let fake: string;
let argsLog: string;
const fakeMain = resolve('test/report/electron-fake.ts');

beforeAll(async () => {
  dir = tempDir();
  file = await writeShaped(dir, { rows: 120, id: 'fake-run', title: 'Fake Run' });
  fake = join(dir, 'electron');
  // What spawn runs: a binary path; here a script that runs the stand-in under tsx.
  writeFileSync(fake, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${fakeMain}" "$@"\n`, { mode: 0o755 });
  argsLog = join(dir, 'args.log');
});
afterAll(() => cleanTempDirs());
beforeEach(() => {
  vi.stubEnv('FAKE_ELECTRON_ARGS', argsLog);
  writeFileSync(argsLog, '');
});
afterEach(() => vi.unstubAllEnvs());

const lastArgs = (): string[] => JSON.parse(readFileSync(argsLog, 'utf8').trim().split('\n').pop() ?? '[]');

describe.skipIf(!HAVE)(`Electron driver with a stand-in binary${HAVE ? '' : ` (skipped: ${WHY})`}`, () => {
  it('spawns the binary on the capture script with its switches and reads the reply', async () => {
    const r = await renderReport({ files: [file], driver: electronDriver({ path: fake }, { script: fakeMain }) });
    expect(r.renderer).toBe('electron');
    expect(r.browser).toBe(fake);
    expect(pngSize(r.png).width).toBe(2400);
    expect(distinctColours(decodePng(r.png))).toBeGreaterThan(200);
    const text = readPngText(r.png);
    expect(text['tidegauge.tool']).toBe(`tidegauge report (headless Electron 0.0.0-fake offscreen, ${fake})`);
    expect(text['tidegauge.sessions']).toBe('fake-run');
    expect(text.Description).toContain('Fake Run');
    expect(Object.keys(r.timings).sort()).toEqual(['capture', 'import', 'launch', 'render']);
    for (const ms of Object.values(r.timings)) expect(ms).toBeGreaterThanOrEqual(0);
    const args = lastArgs();
    expect(args.at(-1)).toBe(fakeMain);
    expect(args).toContain('--force-device-scale-factor=2');
    expect(args).toContain('--disable-gpu');
  });

  it('a window capped below the report: sliced and stacked into the same picture as a whole capture', async () => {
    const render = () =>
      renderReport({ files: [file], width: 700, driver: electronDriver({ path: fake }, { script: fakeMain }) });
    const whole = decodePng((await render()).png);
    vi.stubEnv('FAKE_ELECTRON_MAX_HEIGHT', '500');
    const sliced = decodePng((await render()).png);
    expect(sliced.width).toBe(1400);
    expect(sliced.height).toBe(whole.height);
    expect(sliced.height).toBeGreaterThan(3 * 1000);
    // The same pixels but for the footer's generation time (the page is loaded twice).
    let differ = 0;
    const rows = new Set<number>();
    const a = Buffer.from(whole.pixels);
    const b = Buffer.from(sliced.pixels);
    for (let o = 0; o < a.length; o += 4)
      if (a.readUInt32BE(o) !== b.readUInt32BE(o)) {
        differ++;
        rows.add(Math.floor(o / 4 / whole.width));
      }
    expect(differ).toBeLessThan(2000);
    for (const y of rows) expect(y).toBeGreaterThan(whole.height - 150);
  });

  it("an error reply, a crash (with its stderr's last lines), a hang, no binary, no build: each says so", async () => {
    const drive = (mode: string, opts: Parameters<typeof electronDriver>[1] = {}, path = fake) => {
      vi.stubEnv('FAKE_ELECTRON_MODE', mode);
      return renderReport({ files: [file], driver: electronDriver({ path }, { script: fakeMain, ...opts }) });
    };
    await expect(drive('error')).rejects.toThrow(/^Electron: the report page was not ready within 120 s/);
    await expect(drive('crash')).rejects.toThrow(
      /^Electron exited with code 3 before writing the report; it said:\n.*noise\nsomething went badly wrong$/,
    );
    await expect(drive('hang', { killAfterMs: 3000 })).rejects.toThrow('Electron did not finish the report within 3 s');
    await expect(drive('ok', {}, join(dir, 'no-such-electron'))).rejects.toThrow(/^cannot start Electron/);
    await expect(drive('ok', { script: join(dir, 'missing.js') })).rejects.toThrow(/the build is missing/);
  });
});

describe.skipIf(!HAVE || !existsSync(builtMainFile('report-capture')))(
  `tidegauge report --renderer electron with TIDEGAUGE_ELECTRON${HAVE ? '' : ` (skipped: ${WHY})`}`,
  () => {
    it('runs the named binary on out/main/report-capture.js and writes the PNG', async () => {
      const err: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
      vi.stubEnv('TIDEGAUGE_ELECTRON', fake);
      const out = join(dir, 'electron.png');
      expect(await main(['report', file, '-o', out, '--renderer', 'electron', '--theme', 'dark'])).toBe(0);
      vi.restoreAllMocks();
      expect(err.join('\n')).toContain(`report: rendering in Electron offscreen (${fake})`);
      const png = new Uint8Array(readFileSync(out));
      expect(readPngText(png)['tidegauge.tool']).toContain('headless Electron');
      expect(lastArgs().at(-1)).toBe(builtMainFile('report-capture'));
    });
  },
);
