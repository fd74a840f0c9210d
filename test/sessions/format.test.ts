import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSession, writeSessionFile } from '../../src/main/storage/sessionExport';
import { journalPath, readSessionFile, SessionFileError } from '../../src/main/storage/sessionFiles';
import { SessionWriter } from '../../src/main/storage/sessionWriter';
import { ensureZstd } from '../../src/main/storage/zstd';
import { decodeSession, encodeSession, scanStream } from '../../src/shared/session/arrow';
import { durationMs, indexByName, sliceByTime, snapshotAt } from '../../src/shared/session/data';
import { decodeColumns, encodeColumns, queryData, strideRows } from '../../src/shared/session/wire';
import { cleanTempDirs, expectSameData, makeData, makeMeta, tempDir } from './helpers';

beforeAll(() => ensureZstd());
afterAll(cleanTempDirs);

function writeAll(path: string, rows: number, options = {}) {
  const data = makeData(rows);
  const w = new SessionWriter(path, data.meta, options);
  const row = new Float64Array(data.columns.length);
  for (let r = 0; r < rows; r++) {
    data.columns.forEach((c, i) => {
      row[i] = c[r] as number;
    });
    w.append(data.t[r] as number, data.diagnostics[r] === 1, row);
  }
  return { data, w };
}

describe('session file format', () => {
  it('round-trips: written sample by sample, reopened with identical values, times, flags and metadata', async () => {
    const path = join(tempDir(), 'rt.arrow');
    const { data, w } = writeAll(path, 2500, { batchRows: 900 });
    w.close();
    const opened = await readSessionFile(path);
    expect(opened.state).toBe('complete');
    expect(opened.warnings).toEqual([]);
    expect(opened.data.meta).toEqual(data.meta);
    expectSameData(opened.data, data);
    // three batches of 900/900/700 then EOS
    const scan = scanStream(new Uint8Array(readFileSync(path)));
    expect(scan.messages.map((m) => m.rows)).toEqual([0, 900, 900, 700]);
    expect(scan.closed).toBe(true);
  });

  it('stores metrics a source cannot report as nulls and reads them back as missing', async () => {
    const path = join(tempDir(), 'nulls.arrow');
    const { w } = writeAll(path, 10);
    w.close();
    const { data } = await readSessionFile(path);
    expect([...(data.columns[3] as Float64Array)].every(Number.isNaN)).toBe(true);
    expect(data.meta.notReported['3']).toBe('not measured');
  });

  it('refuses to overwrite an existing file', () => {
    const path = join(tempDir(), 'x.arrow');
    writeFileSync(path, 'precious');
    expect(() => new SessionWriter(path, makeMeta())).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('a file cut anywhere opens up to its last complete batch, with a warning naming where it stops', async () => {
    const dir = tempDir();
    const path = join(dir, 'full.arrow');
    const { data, w } = writeAll(path, 2000, { batchRows: 500, batchMs: 1e9 });
    w.close();
    const bytes = readFileSync(path);
    const scan = scanStream(new Uint8Array(bytes));
    const batchEnds = scan.messages.map((m) => m.offset + m.size);
    for (const cut of [batchEnds[1]! + 100, batchEnds[2]! - 1, batchEnds[3]! + 3, bytes.length - 4]) {
      const p = join(dir, `cut-${cut}.arrow`);
      writeFileSync(p, bytes.subarray(0, cut));
      const opened = await readSessionFile(p);
      const complete = batchEnds.filter((e) => e <= cut).length - 1;
      expect(opened.data.length).toBe(Math.min(2000, complete * 500));
      expect(opened.state).toBe('interrupted');
      expectSameData(opened.data, sliceRowsOf(data, opened.data.length));
      if (cut !== bytes.length - 4) expect(opened.warnings.join(' ')).toMatch(/cut off/);
    }
  });

  it('recovers the journal: samples flushed but never batched are read back after a crash', async () => {
    const path = join(tempDir(), 'journal.arrow');
    const { data, w } = writeAll(path, 1234, { batchRows: 1000, batchMs: 1e9, journal: true });
    w.flush();
    w.abandon(); // as if killed: no last batch, no end marker, journal left behind
    const opened = await readSessionFile(path);
    expect(opened.journalRows).toBe(234);
    expectSameData(opened.data, data);
    // Our own pid is alive, but no writer of this process holds the journal any more.
    expect(opened.state).toBe('interrupted');
    // A torn last journal frame is dropped, the rest kept.
    const wal = journalPath(path);
    truncateSync(wal, readFileSync(wal).length - 10);
    const again = await readSessionFile(path);
    expect(again.data.length).toBe(1233);
  });

  it('decodes in memory what it encodes, compressed or not, and slices by time', () => {
    const data = makeData(300);
    for (const compression of [undefined, null] as const) {
      const bytes = encodeSession(data, { compression, batchRows: 128 });
      expectSameData(decodeSession(bytes).data, data);
    }
    const s = sliceByTime(data, { fromS: 10, toS: 20 });
    expect(s.length).toBe(11);
    expect(s.t[0]).toBe(data.t[10]);
    expect(durationMs(s)).toBe(10_000);
    expect(sliceByTime(data, { fromS: 299.5 }).length).toBe(0);
  });

  it('replays rows as snapshots with rates from the shared deriveRates', () => {
    const data = makeData(5);
    const snap = snapshotAt(data, 2);
    expect(snap.values[0]).toBe(data.columns[0]![2]);
    // counter 0 grows 1000/s (plus the 0.5 wobble)
    expect(snap.rates[0]).toBeCloseTo(1000.5, 5);
    expect(snapshotAt(data, 0).rates[0]).toBe(0);
  });

  it('sessions from another registry line up with ours by metric name, not index', () => {
    const ours = makeMeta().registry;
    const theirs = [ours[5]!, { name: 'irontide.only', kind: 'counter' as const, unit: '' }, ours[0]!];
    const at = indexByName(theirs, ours);
    expect(at[0]).toBe(2);
    expect(at[5]).toBe(0);
    expect(at[1]).toBe(-1);
  });

  it('the renderer wire format carries columns and metadata exactly', () => {
    const data = makeData(77);
    const buf = encodeColumns(data);
    const back = decodeColumns(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    expect(back.meta).toEqual(data.meta);
    expectSameData(back, data);
    expect(strideRows(data, 10).length).toBe(9);
    // An overview of about N rows: the first sample, then buckets; counters at each bucket's
    // last sample (rates between rows are the buckets' mean rates), gauges averaged.
    const counter = data.meta.registry.findIndex((e) => e.kind === 'counter' && !e.diagnostic);
    const gauge = data.meta.registry.findIndex((e) => e.kind === 'gauge' && !e.diagnostic);
    const names = [data.meta.registry[counter]?.name ?? '', data.meta.registry[gauge]?.name ?? ''];
    const few = queryData(data, { points: 10, names });
    expect(few.length).toBe(10); // sample 0, then 9 buckets of 9 samples (the last one of 4)
    expect(few.t[0]).toBe(data.t[0]);
    expect(few.t[1]).toBe(data.t[9]);
    expect(few.t[few.length - 1]).toBe(data.t[data.length - 1]);
    expect(few.columns).toHaveLength(2);
    expect(few.columns[0]?.[1]).toBe(data.columns[counter]?.[9]);
    let sum = 0;
    for (let r = 1; r <= 9; r++) sum += data.columns[gauge]?.[r] as number;
    expect(few.columns[1]?.[1]).toBeCloseTo(sum / 9, 12);
    expect(few.diagnostics[1]).toBe(1); // rows 1..9 include diagnostics-on samples
    expect(queryData(data, { points: 1000 }).length).toBe(77);
    expect(() => decodeColumns(new ArrayBuffer(10))).toThrow(/not a Tidegauge columns frame/);
  });

  it('export writes CSV and Arrow, a time range too, and never overwrites without force', async () => {
    const dir = tempDir();
    const data = makeData(120);
    const csv = join(dir, 'out.csv');
    await exportSession(data, csv, { format: 'csv', range: { fromS: 30, toS: 59 } });
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toMatch(/^time,elapsed_s,diagnostics,net\.bytes_sent,/);
    await expect(exportSession(data, csv, { format: 'csv' })).rejects.toThrow(SessionFileError);
    await exportSession(data, csv, { format: 'csv', force: true });
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(121);
    const arrow = join(dir, 'out.arrow');
    await writeSessionFile(data, arrow);
    expectSameData((await readSessionFile(arrow)).data, data);
  });
});

function sliceRowsOf(data: ReturnType<typeof makeData>, n: number) {
  return {
    ...data,
    length: n,
    t: data.t.subarray(0, n),
    diagnostics: data.diagnostics.subarray(0, n),
    columns: data.columns.map((c) => c.subarray(0, n)),
  };
}

// What pandas/polars users get is checked by test/interop/polars.ts (npm run test:interop), run by CI.
