import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStart } from '../../src/main/storage/journalOwner';
import { journalPath, readSessionFile } from '../../src/main/storage/sessionFiles';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { ensureZstd } from '../../src/main/storage/zstd';
import { rowNotes } from '../../src/renderer/src/library/model';
import type { SessionData } from '../../src/shared/session/data';
import { type MessageSpan, scanStream } from '../../src/shared/session/ipcStream';
import { encodeWalFrames, encodeWalHeader, walFrameSize } from '../../src/shared/session/wal';
import { cleanTempDirs, expectSameData, makeData, makeMeta, recordSession, tempDir } from '../sessions/helpers';

beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

/*
 * A recording killed after 122 samples, as the library finds it: 100 in the session file's one
 * batch, 22 in its journal. Each damaged journal goes through the library as a user's would
 * (listing it folds it); what could not be folded must still be on disk, byte for byte.
 */
const ROWS = 122;
const FRAMES = 22;
const FRAME = walFrameSize(99);

interface Killed {
  lib: SessionLibrary;
  id: string;
  path: string;
  wal: string;
  data: SessionData;
  file: Buffer;
  journal: Buffer;
  /** Offset of frame k in the journal. */
  frameAt: (k: number) => number;
}

/** A pid no process has (above any pid_max): a writer that is gone. */
const GONE = 2 ** 31 - 2;

let n = 0;
function killedRecording(rows = ROWS): Killed {
  const lib = new SessionLibrary(tempDir());
  mkdirSync(lib.dir, { recursive: true });
  const id = `killed-${++n}`;
  const path = join(lib.dir, `${id}.arrow`);
  const data = makeData(rows, makeMeta(undefined, { id }));
  const w = recordSession(path, data, { journal: true, batchRows: 100, batchMs: 1e9 });
  w.flush();
  // As if killed: no last batch, no end marker; no writer of this process holds the journal now.
  w.abandon();
  const journal = readFileSync(journalPath(path));
  const frames0 = journal.length - FRAMES * FRAME;
  return {
    lib,
    id,
    path,
    wal: journalPath(path),
    data,
    file: readFileSync(path),
    journal,
    frameAt: (k) => frames0 + k * FRAME,
  };
}

/** The session's samples must be the recording's, minus the rows named, in order. */
function expectRowsExcept(got: SessionData, data: SessionData, missing: number[]) {
  const keep = [...Array(ROWS).keys()].filter((r) => !missing.includes(r));
  expect(got.length).toBe(keep.length);
  keep.forEach((r, i) => {
    expect(got.t[i]).toBe(data.t[r]);
    expect(got.columns[7]?.[i]).toBe(data.columns[7]?.[r]);
  });
}

/** List the library (which folds), and check that a second listing changes nothing. */
async function listed(k: Killed) {
  const [s] = await k.lib.list();
  const files = readdirSync(k.lib.dir).sort();
  const again = await k.lib.list();
  expect(again[0]).toEqual(s);
  expect(readdirSync(k.lib.dir).sort()).toEqual(files);
  // No temporary of the fold is left behind.
  expect(files.filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
  return s!;
}

describe('the library folds a damaged journal as far as it goes and keeps the rest on disk', () => {
  it('one flipped bit in frame 5 of 22: 21 folded, the journal kept as .wal.damaged with the reason in the row', async () => {
    const k = killedRecording();
    const bad = Buffer.from(k.journal);
    bad[k.frameAt(5) + 100] = (bad[k.frameAt(5) + 100] as number) ^ 0x10;
    writeFileSync(k.wal, bad);
    const s = await listed(k);
    expect(s).toMatchObject({ state: 'complete', samples: 121 });
    expectRowsExcept((await readSessionFile(k.path)).data, k.data, [105]);
    expect(existsSync(k.wal)).toBe(false);
    const kept = join(k.lib.dir, `${k.id}.wal.damaged`);
    expect(readFileSync(kept).equals(bad)).toBe(true);
    expect(s.kept).toEqual([
      { file: `${k.id}.wal.damaged`, reason: '1 sample could not be recovered; the journal is kept' },
    ]);
    // What the Library row says.
    expect(rowNotes(s, null).map((x) => x.text)).toContain(
      `1 sample could not be recovered; the journal is kept (${k.id}.wal.damaged)`,
    );
  });

  it('two swapped frames: all 22 folded in order, so the journal (every frame now in the file) is deleted', async () => {
    const k = killedRecording();
    const b = Buffer.from(k.journal);
    b.set(k.journal.subarray(k.frameAt(2), k.frameAt(3)), k.frameAt(1));
    b.set(k.journal.subarray(k.frameAt(1), k.frameAt(2)), k.frameAt(2));
    writeFileSync(k.wal, b);
    const s = await listed(k);
    expect(s).toMatchObject({ state: 'complete', samples: ROWS, kept: [] });
    expectSameData((await readSessionFile(k.path)).data, k.data);
    expect(existsSync(k.wal)).toBe(false);
    expect(readdirSync(k.lib.dir).filter((f) => f.includes('damaged'))).toEqual([]);
  });

  const untouched: [string, (k: Killed) => Buffer, RegExp][] = [
    [
      'a journal of another session id',
      (k) =>
        Buffer.concat([
          encodeWalHeader(99, { id: 'someone-else', pid: GONE, startedAt: 0 }),
          k.journal.subarray(k.frameAt(0)),
        ]),
      /^killed-\d+\.wal belongs to another session \(someone-else\); nothing folded, the journal is kept$/,
    ],
    [
      'a header width of 98 against 99 metrics',
      (k) => {
        const frames = new Uint8Array(FRAMES * walFrameSize(98));
        const values = new Float64Array(FRAMES * 98).fill(1);
        encodeWalFrames(98, FRAMES, 100, k.data.t.subarray(100), k.data.diagnostics.subarray(100), values, frames);
        return Buffer.concat([encodeWalHeader(98, { id: k.id, pid: GONE, startedAt: 0 }), frames]);
      },
      /has 98 metrics, the session 99; nothing folded, the journal is kept$/,
    ],
    [
      'text in place of a journal',
      () => Buffer.from('these are not the frames you are looking for\n'.repeat(40)),
      /cannot be read \(not a Tidegauge journal\); nothing folded, the journal is kept$/,
    ],
  ];
  it.each(untouched)('%s: nothing folded, the file untouched, the journal kept byte for byte', async (_, make, why) => {
    const k = killedRecording();
    const journal = make(k);
    writeFileSync(k.wal, journal);
    const s = await listed(k);
    expect(s).toMatchObject({ state: 'interrupted', samples: 100 });
    expect(readFileSync(k.path).equals(k.file)).toBe(true);
    expect(existsSync(k.wal)).toBe(false);
    expect(readFileSync(join(k.lib.dir, `${k.id}.wal.damaged`)).equals(journal)).toBe(true);
    expect(s.kept).toHaveLength(1);
    expect(s.kept[0]?.reason).toMatch(why);
  });

  it('a damaged batch in the file: the journal folded, the file as it was kept as .arrow.damaged', async () => {
    const k = killedRecording(ROWS + 100);
    const bad = Buffer.from(k.file);
    const batch0 = scanStream(bad).messages[1] as MessageSpan;
    bad[batch0.bodyOffset + 50] = (bad[batch0.bodyOffset + 50] as number) ^ 0x01;
    writeFileSync(k.path, bad);
    const s = await listed(k);
    // Batch 0's 100 samples are lost to the flip; batch 1's and the journal's are not.
    expect(s).toMatchObject({ state: 'complete', samples: 100 + FRAMES });
    expect(readFileSync(join(k.lib.dir, `${k.id}.arrow.damaged`)).equals(bad)).toBe(true);
    expect(existsSync(k.wal)).toBe(false);
    expect(s.kept.map((x) => x.file)).toEqual([`${k.id}.arrow.damaged`]);
    expect(s.kept[0]?.reason).toMatch(/record batch 0 .* failed its checksum/);
    // Deleting the session removes what was kept for it too.
    await k.lib.delete(k.id);
    expect(readdirSync(k.lib.dir)).toEqual([]);
  });
});

describe('who owns a journal: the pid and when that process started', () => {
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  /** The killed recording, its journal now naming `owner` as its writer. */
  function ownedBy(owner: { pid: number; procStart?: string }): Killed {
    const k = killedRecording();
    const header = encodeWalHeader(99, { id: k.id, startedAt: 0, ...owner });
    writeFileSync(k.wal, Buffer.concat([header, k.journal.subarray(k.frameAt(0))]));
    return k;
  }

  it.runIf(process.platform === 'linux')(
    'a live process that is the writer keeps it "recording" (and undeletable)',
    async () => {
      const pid = child.pid as number;
      const k = ownedBy({ pid, procStart: processStart(pid) as string });
      expect((await k.lib.get(k.id)).state).toBe('recording');
      await expect(k.lib.delete(k.id)).rejects.toThrow(/is being recorded/);
      expect(existsSync(k.wal)).toBe(true);
    },
  );

  it('a pid reused by another process does not: the recording is interrupted and folded', async () => {
    // The child's pid is alive, but it started at another time than the header says.
    const k = ownedBy({ pid: child.pid as number, procStart: 'another-boot/12345' });
    const s = await k.lib.get(k.id);
    if (process.platform === 'linux') {
      expect(s).toMatchObject({ state: 'complete', samples: ROWS });
      expect(existsSync(k.wal)).toBe(false);
    } else expect(s.state).toBe('recording'); // no start time to check: the pid alone decides
  });

  it("this process's own pid, with no writer here holding the journal, is a dead recording", async () => {
    const k = ownedBy({ pid: process.pid });
    expect((await k.lib.get(k.id)).state).toBe('complete');
    expect(existsSync(k.wal)).toBe(false);
  });
});
