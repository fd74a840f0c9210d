import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alive, descendants, ensureBuilt, killAllClis, killSurvivors, type Proc, runCli } from '../helpers/processes';
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

it('kill -9 of `report` while Chromium draws leaves no browser process', async () => {
  const report = runCli(
    ['report', join(FIXTURES, 'no-checksums-v1.arrow'), '-o', join(out, 'r.png'), '--renderer', 'chromium'],
    { TIDEGAUGE_CHROMIUM: CHROMIUM },
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
  report.child.kill('SIGKILL');
  await report.exited;
  // A generous bound: the browser notices the closed pipe and takes its children down.
  const until = Date.now() + 10_000;
  while (before.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(killSurvivors(before)).toEqual([]);
}, 120_000);
