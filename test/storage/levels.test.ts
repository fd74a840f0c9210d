import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelsPath } from '../../src/main/storage/levelsFile';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { openLevels, readRange } from '../../src/main/storage/sessionLevels';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { WorkerSessionReader } from '../../src/main/storage/sessionReaderPool';
import { ensureZstd } from '../../src/main/storage/zstd';
import { builtinRegistry } from '../../src/shared/registry';
import { ColumnBuilder, type SessionData, sliceByTime } from '../../src/shared/session/data';
import { LEVEL_STEPS, levelAsData, pointLayout } from '../../src/shared/session/levels';
import { bucketRows } from '../../src/shared/session/wire';
import { cleanTempDirs, expectSameData, makeMeta, recordSession, tempDir } from '../sessions/helpers';

/*
 * Overview levels and the batch index (sessionLevels.ts): the levels against a fold of the raw
 * samples computed here, range reads against the raw samples, the sidecar built once for a
 * file without one, rebuilt when damaged, and the recorder's own equal to a rebuild.
 */

/**
 * `rows` samples at 1 Hz with an hour's gap after sample 2000, diagnostics on in stretches,
 * a gauge that is sometimes not reported; noisy values so the file does not compress to nothing.
 */
function session(rows: number, id: string): SessionData {
  const meta = makeMeta(builtinRegistry(), { id, notReported: {} });
  const b = new ColumnBuilder(meta.registry.length, rows);
  const v = new Float64Array(meta.registry.length);
  let rnd = 7;
  const r = () => {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    return rnd / 0x7fffffff;
  };
  for (let k = 0; k < rows; k++) {
    meta.registry.forEach((e, i) => {
      if (e.kind === 'counter') v[i] = (v[i] as number) + Math.round(r() * (i + 1) * 1000);
      else v[i] = i === 2 && k % 97 < 5 ? Number.NaN : Math.round(r() * 100 + i);
    });
    const t = meta.startedAt + k * 1000 + (k >= 2000 ? 3_600_000 : 0);
    b.push(t, k % 700 < 200, v);
  }
  return b.build(meta);
}

/** The test's own fold: per bucket floor(t / step), the point [t, samples, diag, per metric...]. */
function fold(d: SessionData, step: number): number[][] {
  const reg = d.meta.registry;
  const groups = new Map<number, number[]>();
  for (let k = 0; k < d.length; k++) {
    const b = Math.floor((d.t[k] as number) / step);
    groups.set(b, [...(groups.get(b) ?? []), k]);
  }
  return [...groups.values()].map((ks) => {
    const p = [d.t[ks[ks.length - 1] as number] as number, ks.length, ks.some((k) => d.diagnostics[k] === 1) ? 1 : 0];
    reg.forEach((e, i) => {
      const col = d.columns[i] as Float64Array;
      if (e.kind === 'gauge') {
        const vs = ks
          .filter((k) => !e.diagnostic || d.diagnostics[k] === 1)
          .map((k) => col[k] as number)
          .filter(Number.isFinite);
        p.push(
          vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : Number.NaN,
          vs.length ? Math.min(...vs) : Number.NaN,
          vs.length ? Math.max(...vs) : Number.NaN,
        );
      } else {
        const last = ks.map((k) => col[k] as number).filter(Number.isFinite);
        p.push(last.length ? (last[last.length - 1] as number) : Number.NaN);
      }
    });
    return p;
  });
}

function rowsOf(points: Float64Array, width: number): number[][] {
  const out: number[][] = [];
  for (let o = 0; o < points.length; o += width) out.push(Array.from(points.subarray(o, o + width)));
  return out;
}

/** Means summed in another order differ in the last bits: compare to 1e-9 relative. */
function expectClose(got: number[][], want: number[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, j) => {
    row.forEach((x, i) => {
      const y = (want[j] as number[])[i] as number;
      if (Number.isNaN(y)) expect(x, `point ${j} figure ${i}`).toBeNaN();
      else
        expect(Math.abs(x - y), `point ${j} figure ${i}: ${x} vs ${y}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(y)),
        );
    });
  });
}

const data = session(5000, 'levels-a');
let dir: string;
let recorded: string;
let exported: string;

beforeAll(async () => {
  await ensureZstd();
  dir = tempDir();
  recorded = join(dir, 'recorded.arrow');
  recordSession(recorded, data, { levels: true }).close();
  exported = join(dir, 'exported.arrow');
  await writeSessionFile(data, exported);
});
afterAll(cleanTempDirs);

describe('overview levels', () => {
  it('the recorder writes levels equal to a fold of the raw samples (counters at bucket end, gauges mean/min/max)', async () => {
    const lv = await openLevels(recorded);
    expect(lv?.built).toBe(false); // the recorder's own sidecar, as it wrote it
    const width = pointLayout(data.meta.registry).width;
    for (const [k, step] of LEVEL_STEPS.entries())
      expectClose(rowsOf(lv?.index.points(k) ?? new Float64Array(), width), fold(data, step));
    expect(lv?.index.rows).toBe(5000);
  });

  it('a file without a sidecar gets one on first open, and only once', async () => {
    expect(() => statSync(levelsPath(exported))).toThrow();
    const first = await openLevels(exported);
    expect(first?.built).toBe(true);
    const made = statSync(levelsPath(exported));
    const again = await openLevels(exported);
    expect(again?.built).toBe(false);
    expect(statSync(levelsPath(exported)).mtimeMs).toBe(made.mtimeMs);
    const width = pointLayout(data.meta.registry).width;
    expectClose(rowsOf(again?.index.points(1) ?? new Float64Array(), width), fold(data, LEVEL_STEPS[1] as number));
  });

  it("the recorder's appended levels equal the rebuilt ones", async () => {
    const mine = await openLevels(recorded);
    const copy = join(dir, 'rebuilt.arrow');
    writeFileSync(copy, readFileSync(recorded));
    const rebuilt = await openLevels(copy);
    expect(rebuilt?.built).toBe(true);
    for (let k = 0; k < LEVEL_STEPS.length; k++)
      expect(Array.from(rebuilt?.index.points(k) ?? [])).toEqual(Array.from(mine?.index.points(k) ?? []));
    expect(Array.from(rebuilt?.index.batches ?? [])).toEqual(Array.from(mine?.index.batches ?? []));
  });

  it('a damaged sidecar is rebuilt and the session opens with the same values', async () => {
    const before = await openLevels(recorded);
    const path = levelsPath(recorded);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0x10;
    writeFileSync(path, bytes);
    const after = await openLevels(recorded);
    expect(after?.built).toBe(true);
    for (let k = 0; k < LEVEL_STEPS.length; k++)
      expect(Array.from(after?.index.points(k) ?? [])).toEqual(Array.from(before?.index.points(k) ?? []));
    const opened = await readSessionFile(recorded);
    expectSameData(opened.data, data);
    // A sidecar cut short is no better.
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    expect((await openLevels(recorded))?.built).toBe(true);
  });

  it('a range read returns exactly the raw samples of that range', async () => {
    const lv = await openLevels(recorded);
    if (!lv) throw new Error('no levels');
    const t0 = data.t[0] as number;
    // Across batch boundaries, across the gap, one sample, the ends, nothing.
    for (const [a, b] of [
      [950_000, 1_900_000],
      [1_500_000, 6_000_000],
      [t0 - 1, t0 + 10_000_000],
      [1_000_000, 1_000_000],
      [-5_000_000, 100_000],
      [2_500_000, 3_000_000],
    ] as const) {
      const from = a < 0 ? a : t0 + a;
      const to = t0 + b;
      const got = await readRange(recorded, lv, from, to);
      const want = sliceByTime(data, { fromS: (from - t0) / 1000, toS: (to - t0) / 1000 });
      expectSameData(got ?? data, want);
    }
  });
});

describe('the library reads long sessions from their levels, built in a reader worker', () => {
  const long = session(120_000, 'long-one');
  let reader: WorkerSessionReader;
  let library: SessionLibrary;
  let file: string;

  beforeAll(async () => {
    const d = tempDir();
    reader = new WorkerSessionReader(1);
    library = new SessionLibrary(d, { reader });
    file = join(library.dir, 'long-one.arrow');
    mkdirSync(library.dir, { recursive: true });
    await writeSessionFile(long, file);
  }, 60_000);
  afterAll(() => reader.close());

  it('an overview comes from the coarsest level that still fills the chart, a range from its batches', async () => {
    expect(statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    const overview = await library.data('long-one', { points: 150 });
    // 120,000 s: 201 ten-minute points >= 150 asked, folded as a chart's overview is.
    const ten = fold(long, 600_000);
    const level = levelAsData(long.meta, {
      stepMs: 600_000,
      points: Float64Array.from(ten.flat()),
    });
    expectSameData(overview, bucketRows(level, Math.ceil((level.length - 1) / 149)));
    expect(statSync(levelsPath(file)).size).toBeGreaterThan(0);
    const range = await library.data('long-one', { from: 3000, to: 3900 });
    expectSameData(range, sliceByTime(long, { fromS: 3000, toS: 3900 }));
  }, 60_000);

  it("the library row comes from the levels and says what the whole file's does", async () => {
    const row = await library.get('long-one');
    expect(row.samples).toBe(long.length);
    expect(row.startedAt).toBe(long.t[0]);
    expect(row.endedAt).toBe(long.t[long.length - 1]);
    expect(row.state).toBe('complete');
    expect(row.warnings).toEqual([]);
    // The sidecar's facts, not a decode: a second library on the same folder lists it the same.
    const again = await new SessionLibrary(library.dataDir, { reader }).get('long-one');
    expect({ ...again }).toEqual({ ...row });
  }, 60_000);
});
