import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeOwnedDir, OWNER_MARKER, removeOwnedDir, sweepStaleDirs } from '../../src/main/lifetime/ownedTempDir';
import { chromiumSocketDir } from '../../src/main/report/cdp';
import { processStart } from '../../src/main/storage/journalOwner';
import { ROOT } from '../helpers/processes';

/*
 * Temporary folders that outlive their process are found by name and marker and removed by
 * the next process of their kind; a folder whose owner runs is never removed, a pid reused by
 * another process does not count as the owner. Owners here are real processes (a finished
 * one, a running one). Everything happens in a folder of this test's own, never in /tmp itself.
 */

const base = mkdtempSync(join(tmpdir(), 'tg-owned-'));
const running: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of running) c.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

/** A folder as another process would have made it: `tidegauge-<kind>-<pid>-XXXXXX`, marker as given. */
function folderOf(kind: string, pid: number, marker: object | null, suffix: string): string {
  const dir = join(base, `tidegauge-${kind}-${pid}-${suffix}`);
  mkdirSync(join(dir, 'profile'), { recursive: true });
  writeFileSync(join(dir, 'profile', 'data'), 'x');
  if (marker) writeFileSync(join(dir, OWNER_MARKER), JSON.stringify(marker));
  return dir;
}

it('removes the folders of processes that ended, keeps those of running ones and of other kinds', async () => {
  const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const deadPid = Number(ended.stdout.trim());
  const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  running.push(live);
  await new Promise((r) => live.once('spawn', r));
  const livePid = live.pid as number;
  const liveStart = processStart(livePid);
  expect(liveStart, 'Linux says when a process started').not.toBeNull();

  const dead = folderOf('chromium', deadPid, { pid: deadPid, procStart: 'x/1' }, 'aaaaaa');
  const deadNoMarker = folderOf('chromium', deadPid, null, 'bbbbbb');
  const alive = folderOf('chromium', livePid, { pid: livePid, procStart: liveStart }, 'cccccc');
  const aliveNoMarker = folderOf('chromium', livePid, null, 'dddddd');
  // The running process's pid, but the marker says another process had it then.
  const reused = folderOf('chromium', livePid, { pid: livePid, procStart: `${liveStart}9` }, 'eeeeee');
  const otherKind = folderOf('engine', deadPid, { pid: deadPid }, 'ffffff');
  const notOurs = join(base, `tidegauge-chromium-${deadPid}`);
  mkdirSync(notOurs);
  const mine = makeOwnedDir('chromium', base);

  const removed = sweepStaleDirs('chromium', base, true);
  expect(removed.sort()).toEqual([dead, deadNoMarker, reused].sort());
  for (const d of [alive, aliveNoMarker, otherKind, notOurs, mine]) expect(existsSync(d), d).toBe(true);
  for (const d of removed) expect(existsSync(d), d).toBe(false);
  removeOwnedDir(mine);
  expect(existsSync(mine)).toBe(false);
});

it("a killed browser's socket folder goes with its profile; a link elsewhere is not followed", () => {
  const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const pid = Number(ended.stdout.trim());
  const socketDir = join(base, 'org.chromium.Chromium.Ab12Cd');
  mkdirSync(socketDir);
  writeFileSync(join(socketDir, 'SingletonSocket'), '');
  const stale = folderOf('chromium', pid, { pid }, 'gggggg');
  symlinkSync(join(socketDir, 'SingletonSocket'), join(stale, 'profile', 'SingletonSocket'));
  // A profile whose link names some other folder: only the profile goes.
  const elsewhere = mkdtempSync(join(tmpdir(), 'tg-elsewhere-'));
  const odd = folderOf('chromium', pid, { pid }, 'hhhhhh');
  symlinkSync(join(elsewhere, 'SingletonSocket'), join(odd, 'profile', 'SingletonSocket'));

  const removed = sweepStaleDirs('chromium', base, true, chromiumSocketDir);
  expect(removed.sort()).toEqual([socketDir, stale, odd].sort());
  expect(existsSync(socketDir)).toBe(false);
  expect(existsSync(elsewhere)).toBe(true);
  rmSync(elsewhere, { recursive: true });
});

it('a shutdown whose deadline forces the exit still removes the folders the process held', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'fixtures', 'forced-exit.ts'), base], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const dir = r.stdout.trim();
  expect(r.status, r.stderr).toBe(1); // the forced exit's code
  expect(dir).toMatch(/tidegauge-engine-\d+-/);
  expect(existsSync(dir)).toBe(false);
  expect(readdirSync(base).filter((n) => n.includes(`-${r.pid}-`))).toEqual([]);
});
