import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronSwitches, findElectron } from '../../src/main/report/electron';
import { ElectronNotFoundError, EngineError, NoBrowserError } from '../../src/main/report/errors';
import { chooseRenderer } from '../../src/main/report/renderer';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/** A project folder with the electron package installed as npm lays it out; the binary only if asked. */
function project(opts: { binary?: boolean; pathTxt?: boolean } = {}): { root: string; bin: string } {
  const root = tempDir();
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0' }));
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), 'throw new Error("would download the binary");\n');
  if (opts.pathTxt !== false) writeFileSync(join(pkg, 'path.txt'), 'electron');
  const bin = join(pkg, 'dist', 'electron');
  if (opts.binary) {
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  }
  return { root, bin };
}

afterAll(() => cleanTempDirs());

describe('findElectron', () => {
  it('finds the binary of an installed electron package (path.txt under dist/)', () => {
    const { root, bin } = project({ binary: true });
    expect(findElectron({ env: {}, from: root })).toEqual({ path: bin, via: 'package' });
  });

  it('is null when the package is there without its binary, without path.txt, or not installed', () => {
    expect(findElectron({ env: {}, from: project().root })).toBeNull();
    expect(findElectron({ env: {}, from: project({ binary: true, pathTxt: false }).root })).toBeNull();
    const bare = tempDir();
    writeFileSync(join(bare, 'package.json'), '{"name":"bare"}');
    expect(findElectron({ env: {}, from: bare })).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the package does', () => {
    const { root } = project();
    const dist = tempDir();
    expect(findElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, from: root })).toBeNull();
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, from: root })).toEqual({
      path: join(dist, 'electron'),
      via: 'package',
    });
  });

  it('TIDEGAUGE_ELECTRON names the binary; a missing one is an error naming it', () => {
    const { root, bin } = project({ binary: true });
    const other = join(tempDir(), 'my-electron');
    writeFileSync(other, '');
    expect(findElectron({ env: { TIDEGAUGE_ELECTRON: other }, from: root })).toEqual({ path: other, via: 'env' });
    const missing = join(tempDir(), 'no-electron');
    expect(() => findElectron({ env: { TIDEGAUGE_ELECTRON: missing }, from: root })).toThrow(EngineError);
    expect(() => findElectron({ env: { TIDEGAUGE_ELECTRON: missing }, from: root })).toThrow(
      `TIDEGAUGE_ELECTRON=${missing}: no such file`,
    );
    expect(() => findElectron({ env: { TIDEGAUGE_ELECTRON: tempDir() }, from: root })).toThrow(/not a file/);
    // Set but empty: as if unset.
    expect(findElectron({ env: { TIDEGAUGE_ELECTRON: '' }, from: root })).toEqual({ path: bin, via: 'package' });
  });

  it("in this project: the electron package's binary exactly when it is on disk", () => {
    const dir = join(process.cwd(), 'node_modules', 'electron');
    const pathTxt = join(dir, 'path.txt');
    const bin = existsSync(pathTxt) ? join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim()) : null;
    const expected = bin && existsSync(bin) ? { path: bin, via: 'package' } : null;
    expect(findElectron({ env: {} })).toEqual(expected);
  });
});

describe('electronSwitches', () => {
  it('no GPU and the display pinned at scale 2; headless Ozone on Linux; no sandbox only as root', () => {
    const linuxRoot = electronSwitches('linux', 0);
    expect(linuxRoot).toEqual(expect.arrayContaining(['--disable-gpu', '--force-device-scale-factor=2']));
    expect(linuxRoot).toContain('--ozone-platform=headless');
    expect(linuxRoot).toContain('--no-sandbox');
    expect(electronSwitches('linux', 1000)).not.toContain('--no-sandbox');
    const mac = electronSwitches('darwin', 501);
    expect(mac).not.toContain('--ozone-platform=headless');
    expect(mac).not.toContain('--no-sandbox');
    expect(mac).toContain('--force-device-scale-factor=2');
  });
});

describe('chooseRenderer', () => {
  const withElectron = project({ binary: true });
  const withoutElectron = project();
  const chromiumFile = join(tempDir(), 'chromium');
  writeFileSync(chromiumFile, '');
  const system = [chromiumFile];
  const none: string[] = [];

  it('auto: Electron where installed, else a system Chromium, else one message naming both', () => {
    expect(
      chooseRenderer('auto', { env: {}, electronFrom: withElectron.root, chromiumCandidates: system }),
    ).toMatchObject({ renderer: 'electron', path: withElectron.bin });
    expect(chooseRenderer('auto', { env: {}, electronFrom: withoutElectron.root, chromiumCandidates: system })).toEqual(
      {
        renderer: 'chromium',
        path: chromiumFile,
        via: 'system',
      },
    );
    const neither = () =>
      chooseRenderer('auto', { env: {}, electronFrom: withoutElectron.root, chromiumCandidates: none });
    expect(neither).toThrow(NoBrowserError);
    expect(neither).toThrow(/Electron is not installed.*TIDEGAUGE_ELECTRON.*--chromium PATH.*TIDEGAUGE_CHROMIUM/);
  });

  it('auto: a Chromium you named (--chromium or $TIDEGAUGE_CHROMIUM) wins over Electron', () => {
    const look = { electronFrom: withElectron.root, chromiumCandidates: none };
    expect(chooseRenderer('auto', { ...look, env: {}, chromium: chromiumFile })).toMatchObject({
      renderer: 'chromium',
    });
    expect(chooseRenderer('auto', { ...look, env: { TIDEGAUGE_CHROMIUM: chromiumFile } })).toEqual({
      renderer: 'chromium',
      path: chromiumFile,
      via: 'env',
    });
    expect(() => chooseRenderer('auto', { ...look, env: { TIDEGAUGE_CHROMIUM: '/nowhere/chromium' } })).toThrow(
      'TIDEGAUGE_CHROMIUM=/nowhere/chromium: no such file',
    );
  });

  it('electron: an error naming TIDEGAUGE_ELECTRON and --renderer chromium when there is none', () => {
    const absent = () =>
      chooseRenderer('electron', { env: {}, electronFrom: withoutElectron.root, chromiumCandidates: system });
    expect(absent).toThrow(ElectronNotFoundError);
    expect(absent).toThrow(/TIDEGAUGE_ELECTRON/);
    expect(absent).toThrow(/--renderer chromium/);
    expect(chooseRenderer('electron', { env: {}, electronFrom: withElectron.root })).toMatchObject({
      renderer: 'electron',
      path: withElectron.bin,
    });
  });

  it('chromium: never Electron; no Chromium is an error about Chromium only', () => {
    expect(
      chooseRenderer('chromium', { env: {}, electronFrom: withElectron.root, chromiumCandidates: system }),
    ).toMatchObject({ renderer: 'chromium', path: chromiumFile });
    const absent = () =>
      chooseRenderer('chromium', { env: {}, electronFrom: withElectron.root, chromiumCandidates: none });
    expect(absent).toThrow(NoBrowserError);
    expect(absent).toThrow(/^no Chromium-family browser found.*--chromium PATH/);
  });

  it('here, auto uses what this machine has: Electron if its binary is installed, else the system Chromium', () => {
    const choice = chooseRenderer('auto', { env: {} });
    expect(choice.renderer).toBe(findElectron({ env: {} }) ? 'electron' : 'chromium');
  });
});
