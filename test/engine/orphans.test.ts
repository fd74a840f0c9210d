import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Cli,
  descendants,
  ensureBuilt,
  killAllClis,
  killSurvivors,
  type Proc,
  runCli,
} from '../helpers/processes';

/*
 * Children die with their parent: `serve` (the built CLI, as a user runs it) with its loopback
 * swarm is killed with SIGKILL, which it cannot catch; 2 s later none of the processes it had
 * started may be alive. Descendants are collected from /proc before the kill (a process id with
 * its start time, so a reused id is not mistaken for a survivor).
 */

let dataDir = '';

beforeAll(() => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'tidegauge-orphans-'));
}, 320_000);

afterAll(() => {
  killAllClis();
  rmSync(dataDir, { recursive: true, force: true });
});

function startServe(): Cli {
  return runCli(['serve', '--port', '0', '--data-dir', dataDir, '--no-record']);
}

async function until(what: string, cond: () => boolean, serve: Cli): Promise<void> {
  const end = Date.now() + 120_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} within 120 s:\n${serve.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** SIGKILL serve, wait 2 s, and return which of `before` are still running (killing them then). */
async function killAndCount(s: Cli, before: Proc[]): Promise<string[]> {
  s.child.kill('SIGKILL');
  await s.exited;
  await new Promise((r) => setTimeout(r, 2000));
  return killSurvivors(before);
}

// 3 seeders and 2 leechers in the default swarm.
const MEMBERS = 5;

it('kill -9 of serve while its swarm members are still starting leaves none of them 2 s later', async () => {
  const s = startServe();
  let before: Proc[] = [];
  // The members are forked one after another; kill as soon as all exist (they are loading webtorrent).
  const all = () => {
    before = descendants(s.pid);
    return before.length >= MEMBERS;
  };
  await until('the swarm members did not start', all, s);
  expect(await killAndCount(s, before)).toEqual([]);
}, 180_000);

it('kill -9 of serve once it is live with its swarm leaves no process it started 2 s later', async () => {
  const s = startServe();
  // The line comes once the host runs its source, i.e. the swarm's members have all started.
  await s.waitFor(/Tidegauge is serving/);
  const before = descendants(s.pid);
  expect(before.length, s.output()).toBeGreaterThanOrEqual(MEMBERS);
  expect(await killAndCount(s, before)).toEqual([]);
}, 180_000);
