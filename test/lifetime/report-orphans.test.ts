import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOwnedDir } from '../../src/main/lifetime/ownedTempDir';
import {
  alive,
  type Cli,
  descendants,
  ensureBuilt,
  killAllClis,
  killSurvivors,
  type Proc,
  runCli,
} from '../helpers/processes';
import { FIXTURES } from '../sessions/helpers';

/*
 * Chromium started for a report dies with the command that started it: `tidegauge report` is
 * killed with SIGKILL while Chromium draws, and a bounded wait later none of the processes
 * below it (the browser, its zygotes, renderers, GPU and utility processes) may be alive. The
 * browser is driven over a pipe (--remote-debugging-pipe): the pipe closing is its signal.
 */

const CHROMIUM = process.env.TIDEGAUGE_CHROMIUM ?? '/usr/bin/chromium';
let out = '';

beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'tidegauge-report-orphans-'));
}, 320_000);
afterAll(() => {
  killAllClis();
  rmSync(out, { recursive: true, force: true });
});

/** Start a report with Chromium; resolves once the browser and a few of its processes run. */
async function reportDrawing(env: NodeJS.ProcessEnv = {}): Promise<{ report: Cli; before: Proc[] }> {
  const report = runCli(
    ['report', join(FIXTURES, 'no-checksums-v1.arrow'), '-o', join(out, 'r.png'), '--renderer', 'chromium'],
    { TIDEGAUGE_CHROMIUM: CHROMIUM, ...env },
  );
  await report.waitFor(/rendering in/);
  // The browser and the processes it forks (zygote, renderer…): wait until there are a few.
  const end = Date.now() + 60_000;
  let before: Proc[] = descendants(report.pid);
  while (before.length < 3 && Date.now() < end && report.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 20));
    before = descendants(report.pid);
  }
  expect(before.length, report.output()).toBeGreaterThan(0);
  return { report, before };
}

/** SIGKILL `report`, then wait (bounded) until none of `before` runs; which still did. */
async function killDuringDraw(report: Cli, before: Proc[]): Promise<string[]> {
  report.child.kill('SIGKILL');
  await report.exited;
  // A generous bound: the browser notices the closed pipe and takes its children down.
  const until = Date.now() + 10_000;
  while (before.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return killSurvivors(before);
}

it('kill -9 of `report` while Chromium draws leaves no browser process', async () => {
  const { report, before } = await reportDrawing();
  expect(await killDuringDraw(report, before)).toEqual([]);
}, 120_000);

it("the next report removes the folders a killed one left, and never a running process's", async () => {
  // The reports' temporary folder is one of this test's own: all they leave is seen, nothing else is touched.
  const tmp = join(out, 'tmp');
  mkdirSync(tmp);
  const { report, before } = await reportDrawing({ TMPDIR: tmp });
  expect(await killDuringDraw(report, before)).toEqual([]);
  const left = readdirSync(tmp);
  // The session copies and the browser's profile (with Chromium's own temporary folder inside).
  expect(left.filter((n) => n.startsWith(`tidegauge-report-${report.pid}-`))).toHaveLength(1);
  expect(left.filter((n) => n.startsWith(`tidegauge-chromium-${report.pid}-`))).toHaveLength(1);
  // Besides them at most the folder of Chromium's singleton socket, which the profile names.
  expect(left.filter((n) => !n.includes(`-${report.pid}-`) && !/^org\.chromium\.Chromium\./.test(n))).toEqual([]);
  console.log(`a killed report left ${left.length} folders in its TMPDIR: ${left.join(', ')}`);
  // Folders of a process that runs (this one) of both kinds.
  const live = [makeOwnedDir('report', tmp), makeOwnedDir('chromium', tmp)];

  const next = runCli(
    ['report', join(FIXTURES, 'no-checksums-v1.arrow'), '-o', join(out, 'r2.png'), '--renderer', 'chromium'],
    { TIDEGAUGE_CHROMIUM: CHROMIUM, TMPDIR: tmp },
  );
  expect(await next.exited, next.output()).toBe(0);
  // The killed report's folders are gone, the running process's stay, the finished one left nothing.
  expect(readdirSync(tmp).sort()).toEqual(live.map((d) => d.slice(tmp.length + 1)).sort());
}, 180_000);
