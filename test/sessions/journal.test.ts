import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPath } from '../../src/main/storage/sessionFiles';
import { ensureZstd } from '../../src/main/storage/zstd';
import { type DecodedSession, decodeSession } from '../../src/shared/session/arrow';
import { sliceRows } from '../../src/shared/session/data';
import { foldJournal } from '../../src/shared/session/journal';
import {
  decodeWal,
  encodeWalFrames,
  encodeWalHeader,
  salvageWal,
  WalFormatError,
  walFrameSize,
} from '../../src/shared/session/wal';
import { cleanTempDirs, expectSameData, makeData, recordSession, tempDir } from './helpers';

beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

/*
 * A real recording killed after 122 samples: 100 in the Arrow file's one batch, 22 in the
 * journal (frames for rows 100..121). Each damaged journal is folded as the library folds it.
 */
const ROWS = 122;
const FRAMES = 22;
const FRAME = walFrameSize(99);
const data = makeData(ROWS);
let file: DecodedSession;
let wal: Buffer;
let frames0: number;

beforeAll(() => {
  const path = join(tempDir(), 'killed.arrow');
  const w = recordSession(path, data, { journal: true, batchRows: 100, batchMs: 1e9 });
  w.flush();
  w.abandon();
  file = decodeSession(new Uint8Array(readFileSync(path)));
  wal = readFileSync(journalPath(path));
  frames0 = wal.length - FRAMES * FRAME;
});

const frameAt = (k: number) => frames0 + k * FRAME;

/** Fold `bytes` and check that the input was not touched (the fold is pure; the library writes). */
function foldOf(bytes: Buffer) {
  const copy = Buffer.from(bytes);
  const f = foldJournal(file, bytes, 'killed.wal');
  expect(bytes.equals(copy)).toBe(true);
  return f;
}

/** The session as folded must be the original rows, minus those named, in order. */
function expectRowsExcept(got: ReturnType<typeof foldOf>['data'], missing: number[]) {
  const keep = [...Array(ROWS).keys()].filter((r) => !missing.includes(r));
  expect(got.length).toBe(keep.length);
  keep.forEach((r, i) => {
    expect(got.t[i]).toBe(data.t[r]);
    expect(got.columns[7]?.[i]).toBe(data.columns[7]?.[r]);
  });
}

describe('the journal: every good frame recovered, whatever could not be folded kept with a reason', () => {
  it('an intact journal folds all 22 samples and may be deleted', () => {
    expect(file.fileRows).toBe(100);
    expect(decodeWal(wal).rows).toHaveLength(FRAMES);
    const f = foldOf(wal);
    expect(f).toMatchObject({ verdict: 'folded', folded: 22, lost: 0, keep: false, reason: null });
    expect(f.owner?.id).toBe('test-session');
    expectSameData(f.data, data);
  });

  it('one flipped bit in frame 5 of 22: the other 21 folded, the journal kept naming the 1 lost sample', () => {
    const b = Buffer.from(wal);
    b[frameAt(5) + 100] = (b[frameAt(5) + 100] as number) ^ 0x10;
    const j = decodeWal(b);
    expect(j.rows).toHaveLength(21);
    expect(j.damaged).toEqual([{ start: frameAt(5), end: frameAt(6), frames: 1 }]);
    expect(j.lostFrames).toBe(1);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'damaged', folded: 21, lost: 1, keep: true });
    expect(f.reason).toBe('1 sample could not be recovered; the journal is kept');
    expectRowsExcept(f.data, [105]);
  });

  it('two swapped frames: all 22 recovered and put back in order', () => {
    const b = Buffer.from(wal);
    b.set(wal.subarray(frameAt(2), frameAt(3)), frameAt(1));
    b.set(wal.subarray(frameAt(1), frameAt(2)), frameAt(2));
    expect(
      decodeWal(b)
        .rows.map((r) => r.row)
        .slice(0, 3),
    ).toEqual([100, 102, 101]);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'folded', folded: 22, lost: 0, keep: false });
    expectSameData(f.data, data);
  });

  it('bytes inserted into, or lost from, frame 8: the decoder finds frame 9 again, 21 folded', () => {
    for (const change of ['insert', 'delete'] as const) {
      const at = frameAt(8) + 37;
      const b =
        change === 'insert'
          ? Buffer.concat([wal.subarray(0, at), Buffer.from('garbage!'), wal.subarray(at)])
          : Buffer.concat([wal.subarray(0, at), wal.subarray(at + 5)]);
      const j = decodeWal(b);
      expect(j.rows, change).toHaveLength(21);
      expect(j.lostFrames, change).toBe(1);
      const f = foldOf(b);
      expect(f, change).toMatchObject({ verdict: 'damaged', folded: 21, lost: 1, keep: true });
      expectRowsExcept(f.data, [108]);
    }
  });

  it('a truncated tail: the 21 whole frames folded, the cut-off one counted as lost', () => {
    const b = wal.subarray(0, wal.length - 10);
    const j = decodeWal(b);
    expect(j.rows).toHaveLength(21);
    expect(j.problem).toMatch(/the last frame is cut off \(\d+ of 816 bytes\)/);
    const f = foldOf(b);
    expect(f).toMatchObject({
      folded: 21,
      lost: 1,
      keep: true,
      reason: '1 sample could not be recovered; the journal is kept',
    });
    expectRowsExcept(f.data, [121]);
  });

  it('a journal of another session id: its 22 frames read, none folded, the journal kept', () => {
    const header = encodeWalHeader(99, { id: 'someone-else', pid: 1, startedAt: 0 });
    const b = Buffer.concat([header, wal.subarray(frames0)]);
    expect(decodeWal(b).rows).toHaveLength(22);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'foreign', folded: 0, keep: true });
    expect(f.reason).toBe('killed.wal belongs to another session (someone-else); nothing folded, the journal is kept');
    expect(f.data).toBe(file.data);
  });

  it('a header width of 98 against 99 metrics: 22 frames of 98 read, none folded, kept', () => {
    const header = encodeWalHeader(98, { id: 'test-session', pid: 1, startedAt: 0 });
    const out = new Uint8Array(FRAMES * walFrameSize(98));
    const values = new Float64Array(FRAMES * 98).fill(1);
    encodeWalFrames(98, FRAMES, 100, data.t.subarray(100), data.diagnostics.subarray(100), values, out);
    const b = Buffer.concat([header, out]);
    expect(decodeWal(b).rows).toHaveLength(22);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'foreign', folded: 0, keep: true });
    expect(f.reason).toMatch(/has 98 metrics, the session 99; nothing folded, the journal is kept/);
  });

  it('a damaged header: the frames are found by their own checksums, all 22 folded, the journal kept', () => {
    const b = Buffer.from(wal);
    b[20] = 0x7b; // inside the JSON
    b[21] = 0x7b;
    expect(() => decodeWal(b)).toThrow(/journal header is damaged/);
    const s = salvageWal(b, 99);
    expect(s?.rows).toHaveLength(22);
    expect(s?.lostFrames).toBe(0);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'damaged', folded: 22, lost: 0, keep: true, owner: null });
    expect(f.reason).toMatch(
      /header cannot be read \(journal header is damaged .*\); its frames were read by their checksums; the journal is kept/,
    );
    expectSameData(f.data, data);
  });

  it('text in place of a journal: nothing folded, kept, the reason says it is not a journal', () => {
    const b = Buffer.from('these are not the frames you are looking for\n'.repeat(40));
    expect(() => decodeWal(b)).toThrow(WalFormatError);
    const f = foldOf(b);
    expect(f).toMatchObject({ verdict: 'unreadable', folded: 0, keep: true });
    expect(f.reason).toBe('killed.wal cannot be read (not a Tidegauge journal); nothing folded, the journal is kept');
  });

  it('rows already in the Arrow file (a crash between batch and cut-back) are not folded twice', () => {
    const header = wal.subarray(0, frames0);
    const out = new Uint8Array(ROWS * FRAME);
    const values = new Float64Array(ROWS * 99);
    for (let r = 0; r < ROWS; r++) for (let i = 0; i < 99; i++) values[r * 99 + i] = data.columns[i]?.[r] as number;
    encodeWalFrames(99, ROWS, 0, data.t, data.diagnostics, values, out);
    const f = foldOf(Buffer.concat([header, out]));
    expect(f).toMatchObject({ verdict: 'folded', folded: 22, keep: false });
    expectSameData(f.data, data);
  });

  it('with a damaged batch in the file, the journal still continues at the right row', () => {
    const head = sliceRows(file.data, 0, 0);
    const f = foldJournal({ data: head, fileRows: 100 }, wal);
    expect(f.folded).toBe(22);
    expect(f.data.t[0]).toBe(data.t[100]);
  });
});
