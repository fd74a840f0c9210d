import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOwnedDir } from '../../src/main/lifetime/ownedTempDir';
import { descendants, ensureBuilt, killAllClis, killSurvivors, runCli } from '../helpers/processes';

/*
 * The engine's download folder outlives a `serve` killed with SIGKILL (nothing can remove it
 * then); the next `serve` with the engine removes it, and leaves the folder of a process that
 * runs. The serves' temporary folder is one of this test's own ($TMPDIR), so everything they
 * leave is seen and nothing of anyone else's is touched.
 */

let work = '';
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'tidegauge-leftovers-'));
}, 320_000);
afterAll(() => {
  killAllClis();
  rmSync(work, { recursive: true, force: true });
});

it('the next serve removes the engine folder a killed serve left, never a running process’s', async () => {
  const tmp = join(work, 'tmp');
  const data = join(work, 'data');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const env = { TMPDIR: tmp };
  const serve = () => runCli(['serve', '--port', '0', '--data-dir', data, '--no-record'], env);

  const killed = serve();
  await killed.waitFor(/Tidegauge is serving/);
  const members = descendants(killed.pid);
  killed.child.kill('SIGKILL');
  await killed.exited;
  await new Promise((r) => setTimeout(r, 2000));
  expect(killSurvivors(members)).toEqual([]);
  const left = readdirSync(tmp);
  console.log(`a killed serve left in its TMPDIR: ${left.join(', ') || 'nothing'}`);
  const stale = left.filter((n) => n.startsWith(`tidegauge-engine-${killed.pid}-`));
  expect(stale).toHaveLength(1);

  // A folder of the same kind whose owner (this process) runs.
  const live = makeOwnedDir('engine', tmp);
  const next = serve();
  await next.waitFor(/Tidegauge is serving/);
  expect(existsSync(join(tmp, stale[0] as string))).toBe(false);
  expect(existsSync(live)).toBe(true);
  expect(readdirSync(tmp).filter((n) => n.startsWith(`tidegauge-engine-${next.pid}-`))).toHaveLength(1);

  next.child.kill('SIGTERM');
  expect(await next.exited, next.output()).toBe(0);
  // The serve that stopped removed its own; what is left is the running process's alone.
  expect(readdirSync(tmp)).toEqual([live.slice(tmp.length + 1)]);
}, 300_000);
