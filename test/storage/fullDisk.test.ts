import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmdirSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { libraryHandlers } from '../../src/main/dispatch/libraryHandlers';
import { wireRecorder } from '../../src/main/live/commands';
import { Recorder, type RecordingInfo } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { rowNotes } from '../../src/renderer/src/library/model';
import { FakeSource } from '../sessions/helpers';

/*
 * A real full disk: a 2 MiB tmpfs mounted by the test (root can here), filled with ballast
 * but for a little room, then recorded onto until a write fails.
 */
const mnt = mkdtempSync(join(tmpdir(), 'tg-full-disk-'));
let cannotMount: string | null = null;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'pipe' });
} catch (e) {
  cannotMount = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim() || 'mount failed';
}
afterAll(() => {
  if (!cannotMount) execFileSync('umount', [mnt]);
  rmdirSync(mnt);
});
// Each test starts with an empty disk (whatever the one before left).
beforeEach(() => {
  for (const f of readdirSync(mnt)) rmSync(join(mnt, f), { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Room left on the disk for the recording: a few batches and a journal's worth. */
const ROOM = 256 * 1024;

const free = () => {
  const s = statfsSync(mnt);
  return s.bavail * s.bsize;
};

/** Fill the disk but for `room` bytes. */
function fill(room: number): string {
  const ballast = join(mnt, `ballast-${Date.now()}`);
  writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - room)));
  return ballast;
}

/** Every file in the sessions folder: no temporary (ours start with "." or end in .tmp) and no empty file. */
function expectNoLeftovers(dir: string): void {
  for (const f of readdirSync(dir)) {
    expect(f, 'a temporary left behind').not.toMatch(/^\.|\.tmp$|\.recover$/);
    expect(statSync(join(dir, f)).size, `${f} is empty`).toBeGreaterThan(0);
  }
}

interface Run {
  readonly host: StatsHost;
  readonly recorder: Recorder;
  readonly seen: Map<number, Float64Array>;
  readonly errors: Error[];
  readonly started: RecordingInfo[];
  readonly stopped: RecordingInfo[];
}

/** Start recording `lib` onto a disk left with ROOM bytes; resolves once a write has failed. */
async function recordUntilFull(lib: SessionLibrary, retryMs: number) {
  const run = record(lib, retryMs);
  await run.recorder.start();
  const ballast = fill(ROOM);
  await run.host.start();
  await until('the disk to fill', () => run.errors.length > 0);
  return { run, ballast, failed: run.stopped.at(-1) as RecordingInfo };
}

function record(lib: SessionLibrary, retryMs: number): Run {
  const host = new StatsHost({ intervalMs: 10, source: new FakeSource(3) });
  // Small batches and a flush every sample: many writes, so the one that fails comes soon.
  const recorder = new Recorder(host, { dir: lib.dir, batchRows: 25, flushMs: 10, retryMs });
  wireRecorder(host, recorder);
  const run: Run = { host, recorder, seen: new Map(), errors: [], started: [], stopped: [] };
  host.on('snapshot', (s) => run.seen.set(s.t, Float64Array.from(s.values)));
  recorder.on('error', (e) => run.errors.push(e));
  recorder.on('started', (i) => run.started.push(i));
  recorder.on('stopped', (i) => run.stopped.push(i));
  return run;
}

/** The session file holds `atLeast` samples, each exactly the snapshot taken at its time, none skipped. */
async function expectSamplesBack(run: Run, path: string, atLeast: number): Promise<number> {
  const d = (await readSessionFile(path)).data;
  expect(d.length).toBeGreaterThanOrEqual(atLeast);
  const times = [...run.seen.keys()];
  const first = times.indexOf(d.t[0] as number);
  expect(first).toBeGreaterThanOrEqual(0);
  for (let r = 0; r < d.length; r++) {
    expect(d.t[r]).toBe(times[first + r]);
    const want = run.seen.get(d.t[r] as number) as Float64Array;
    for (const i of [0, 1, 13, 69]) expect(d.columns[i]?.[r]).toBe(want[i]);
  }
  return d.length;
}

describe.skipIf(cannotMount !== null)(
  `recording onto a full disk${cannotMount ? ` (skipped: cannot mount a tmpfs here: ${cannotMount})` : ''}`,
  () => {
    it('stops with "disk full" and the path, loses nothing written, leaves no temporary, can be deleted, resumes when switched on', async () => {
      const lib = new SessionLibrary(mnt);
      const handlers = libraryHandlers(lib, null);
      // No periodic retry here: switching recording on again is what resumes it.
      const { run, ballast, failed } = await recordUntilFull(lib, 60_000);
      expect(failed.id).toBe(run.started[0]?.id);

      // What the user is told: the status (header) and the Library row, with the file.
      const error = run.errors[0]?.message as string;
      expect(error).toMatch(
        new RegExp(
          `^disk full writing ${lib.dir}/${failed.id}\\.(arrow|wal) \\(${failed.rows} samples of ${failed.id} are saved; trying again every 60 s\\)$`,
        ),
      );
      expect(run.host.state().recording).toEqual({ available: true, enabled: true, id: null, error });
      expect(run.recorder.stopped).toEqual([{ id: failed.id, error }]);
      const listing = await libraryHandlers(lib, run.recorder).list({ op: 'list' });
      expect(listing.stopped).toEqual([{ id: failed.id, error }]);
      const row = listing.sessions.find((s) => s.id === failed.id);
      expect(row?.state).toBe('interrupted');
      expect(rowNotes(row!, error).map((n) => n.text)).toContain(`recording stopped: ${error}`);
      // The library could not fold the journal in on a full disk: it says so and keeps both files.
      expect(row?.warnings.join('\n')).toMatch(/the journal could not be folded in yet \(the disk is full\)/);

      // Every sample that reached the disk reads back, in order, none skipped.
      expect(failed.rows).toBeGreaterThan(25);
      await expectSamplesBack(run, failed.path, failed.rows);
      expectNoLeftovers(lib.dir);
      // A retry before the disk has room does not leave a session of a few samples behind.
      await run.recorder.start();
      await sleep(200);
      expect(run.started).toHaveLength(1);
      expectNoLeftovers(lib.dir);

      // The failed session is no longer "being recorded": it can be deleted, without a restart.
      await handlers.remove({ op: 'remove', id: failed.id });
      expect(readdirSync(lib.dir)).toEqual([]);

      // Space comes back and recording is switched on again: a new file records.
      unlinkSync(ballast);
      await run.recorder.start();
      await until('a new file', () => run.started.length === 2);
      await until('samples in it', () => (run.recorder.current?.rows ?? 0) > 30);
      expect(run.host.state().recording).toMatchObject({ enabled: true, id: run.started[1]?.id, error: null });
      await run.recorder.stop();
      await run.host.stop();
      const again = await lib.get(run.started[1]?.id as string);
      expect(again.state).toBe('complete');
      await expectSamplesBack(run, (run.started[1] as RecordingInfo).path, 30);
      await lib.delete(again.id);
    }, 120_000);

    it('resumes by itself once the disk has room again, and the stopped session is folded then', async () => {
      const lib = new SessionLibrary(mnt);
      const { run, ballast, failed } = await recordUntilFull(lib, 200);
      expect(run.errors[0]?.message).toMatch(/^disk full writing .* trying again every 200 ms\)$/);
      // Retries while the disk is full say nothing new and open nothing.
      await sleep(600);
      expect(run.errors).toHaveLength(1);
      expect(run.started).toHaveLength(1);

      unlinkSync(ballast);
      await until('a new file', () => run.started.length === 2);
      expect(run.host.state().recording.error).toBeNull();
      await run.recorder.stop();
      await run.host.stop();
      // With room on the disk the journal of the stopped session is folded in: nothing lost.
      const s = await lib.get(failed.id);
      expect(s).toMatchObject({ state: 'complete', kept: [] });
      expect(s.samples).toBeGreaterThanOrEqual(failed.rows);
      await expectSamplesBack(run, failed.path, failed.rows);
      expectNoLeftovers(lib.dir);
      for (const i of run.started) await lib.delete(i.id);
    }, 120_000);
  },
);
