import { open, unlink } from 'node:fs/promises';
import { EOS, readMeta } from '../../shared/session/arrow';
import { type SessionData, sliceByTime } from '../../shared/session/data';
import { type DecodedSession, decodeSession, SessionFormatError } from '../../shared/session/decode';
import { scanStream } from '../../shared/session/ipcStream';
import { LEVEL_STEPS, LevelFolder, type PointLayout, pointLayout } from '../../shared/session/levels';
import type { SessionMeta } from '../../shared/session/meta';
import { writeDigestOf } from './digestFile';
import {
  factsRecord,
  headRecord,
  INDEX_WIDTH,
  indexRecord,
  LevelsAppender,
  type LevelsIndex,
  levelsPath,
  parseLevels,
  pointsRecord,
  readLevels,
  tailRecord,
  writeLevels,
} from './levelsFile';
import {
  exists,
  journalPath,
  MAX_SESSION_BYTES,
  readBounded,
  readHead,
  SessionFileError,
  statFile,
} from './sessionFiles';
import { ensureZstd } from './zstd';

/*
 * Levels and the batch index of a session file (levelsFile.ts has the sidecar's format): the
 * recorder's side (LevelsRecorder folds each batch as it is written), the build for a file
 * without a usable sidecar (one full decode, then never again), and the reads that use them: a
 * level's points, and a time range decoded from the batches that overlap it alone. The build
 * runs where the caller runs: the host calls these from its reader workers.
 */

/** Sessions with at most this many samples are read whole: levels would not save anything worth it. */
export const LEVELS_MIN_ROWS = 100_000;
/** Files smaller than this are not looked at for levels (a day of 1 Hz samples is ~5 MB). */
export const LEVELS_MIN_BYTES = 2 * 1024 * 1024;

/** Folds and appends as a SessionWriter commits batches; the sidecar takes its name at close. */
export class LevelsRecorder {
  private readonly layout: PointLayout;
  private readonly folders: LevelFolder[];
  private readonly out: LevelsAppender;
  private cols: Float64Array[] = [];
  private rows = 0;
  private firstT = Number.NaN;

  constructor(file: string, meta: SessionMeta) {
    this.layout = pointLayout(meta.registry);
    this.folders = LEVEL_STEPS.map((s) => new LevelFolder(this.layout, s));
    this.out = new LevelsAppender(file);
    this.out.append(headRecord(meta, this.layout));
  }

  /** A batch reached the disk at `offset` (`bytes` long): its samples, values row-major. */
  batch(offset: number, bytes: number, n: number, t: Float64Array, diag: Uint8Array, values: Float64Array): void {
    const m = this.layout.m;
    const entry = [offset, bytes, n, n ? (t[0] as number) : Number.NaN, n ? (t[n - 1] as number) : Number.NaN];
    // Every batch has its entry (one of events only too): the index stays back to back.
    this.out.append(indexRecord(new Float64Array(entry)));
    if (n === 0) return;
    if (this.rows === 0) this.firstT = t[0] as number;
    if (this.cols.length !== m || (this.cols[0]?.length ?? 0) < n)
      this.cols = Array.from({ length: m }, () => new Float64Array(n));
    for (let i = 0; i < m; i++) {
      const c = this.cols[i] as Float64Array;
      for (let r = 0; r < n; r++) c[r] = values[r * m + i] as number;
    }
    this.folders.forEach((f, k) => {
      f.addBlock(n, t, diag, this.cols);
      const pts = f.take();
      if (pts.length) this.out.append(pointsRecord(k, this.layout.width, pts));
    });
    this.rows += n;
  }

  close(fileSize: number): void {
    this.out.append(factsRecord({ closed: true, warnings: [] }));
    this.out.append(
      tailRecord(
        fileSize,
        this.rows,
        this.firstT,
        this.layout.width,
        this.folders.map((f) => f.openPoint()),
      ),
    );
    this.out.finish();
  }

  drop(): void {
    this.out.drop();
  }
}

/**
 * The whole sidecar of a decoded file. The batch index is kept only when every batch decoded
 * (a damaged file's rows cannot be matched to its batches): its range reads then decode it whole.
 */
export function levelsRecords(bytes: Uint8Array, decoded: DecodedSession): Uint8Array[] {
  const { data } = decoded;
  const layout = pointLayout(data.meta.registry);
  const records = [headRecord(data.meta, layout)];
  const scan = scanStream(bytes);
  const spans = scan.messages.slice(1);
  const rows = spans.reduce((n, s) => n + s.rows, 0);
  if (decoded.damaged.length === 0 && rows === data.length) {
    const index = new Float64Array(spans.length * INDEX_WIDTH);
    let r = 0;
    spans.forEach((s, k) => {
      const t0 = s.rows ? (data.t[r] as number) : Number.NaN;
      const t1 = s.rows ? (data.t[r + s.rows - 1] as number) : Number.NaN;
      index.set([s.offset, s.size, s.rows, t0, t1], k * INDEX_WIDTH);
      r += s.rows;
    });
    records.push(indexRecord(index));
  }
  const open: (Float64Array | null)[] = [];
  LEVEL_STEPS.forEach((step, k) => {
    const f = new LevelFolder(layout, step);
    f.addBlock(data.length, data.t, data.diagnostics, data.columns);
    records.push(pointsRecord(k, layout.width, f.take()));
    open.push(f.openPoint());
  });
  records.push(factsRecord({ closed: decoded.closed, warnings: decoded.warnings }));
  records.push(
    tailRecord(bytes.length, data.length, data.length ? (data.t[0] as number) : Number.NaN, layout.width, open),
  );
  return records;
}

/** A session file's metadata and size, from its first bytes. */
async function headOf(file: string): Promise<{ meta: SessionMeta; size: number }> {
  const st = await statFile(file);
  try {
    return { meta: readMeta(await readHead(file, Math.min(st.size, 4 * 1024 * 1024))), size: st.size };
  } catch (e) {
    throw new SessionFileError(file, (e as Error).message);
  }
}

export interface OpenLevels {
  readonly meta: SessionMeta;
  readonly layout: PointLayout;
  readonly index: LevelsIndex;
  /** Whether this call built the sidecar (no usable one was there). */
  readonly built: boolean;
}

/**
 * The file's levels and batch index: the sidecar if it is whole and matches the file, else
 * built now from one decode of the file. Null while the file is being recorded (a journal
 * beside it: the file still grows) or when the sidecar cannot be written (a read-only folder
 * still gets its answer from the build, once per call).
 */
export async function openLevels(file: string): Promise<OpenLevels | null> {
  await ensureZstd();
  if (await exists(journalPath(file))) return null;
  const { meta, size } = await headOf(file);
  const layout = pointLayout(meta.registry);
  const got = await readLevels(file, meta, layout, size);
  if (got.ok) return { meta, layout, index: got.index, built: false };
  const bytes = await readBounded(file, MAX_SESSION_BYTES);
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: DecodedSession;
  try {
    decoded = decodeSession(u8);
  } catch (e) {
    if (e instanceof SessionFormatError) throw new SessionFileError(file, e.message);
    throw new SessionFileError(file, `cannot be decoded (${(e as Error).message})`);
  }
  const records = levelsRecords(u8, decoded);
  const parsed = parseLevels(new Uint8Array(Buffer.concat(records)), meta, layout, size);
  if (!parsed.ok) throw new Error(`levels of ${file} do not read back: ${parsed.why}`);
  await writeLevels(file, records).catch(() => {});
  await unlink(`${levelsPath(file)}.part`).catch(() => {});
  // The same decode gives the digest (what `info` prints): the file is not decoded for it again.
  await writeDigestOf(file, size, decoded);
  return { meta, layout, index: parsed.index, built: true };
}

/** What a library row shows of a file, from its levels: null while it is recorded. */
export interface LevelsSummary {
  readonly samples: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly closed: boolean;
  readonly warnings: readonly string[];
}

export async function levelsSummary(file: string): Promise<LevelsSummary | null> {
  const lv = await openLevels(file);
  if (!lv) return null;
  const { index } = lv;
  const startedAt = index.rows ? index.firstT : lv.meta.startedAt;
  // The open bucket's point stands at the last sample: no level is decompressed for a row.
  const endedAt = index.rows ? index.lastT : startedAt;
  return { samples: index.rows, startedAt, endedAt, ...index.facts };
}

/** The batches of the index that hold samples in [fromMs, toMs], as [first, last) entry numbers. */
export function overlapping(batches: Float64Array, fromMs: number, toMs: number): [number, number] {
  const n = batches.length / INDEX_WIDTH;
  // Batches of events only (no samples, no times) go with their neighbours.
  const empty = (k: number) => batches[k * INDEX_WIDTH + 2] === 0;
  let a = 0;
  while (a < n && (empty(a) || (batches[a * INDEX_WIDTH + 4] as number) < fromMs)) a++;
  let b = a;
  while (b < n && (empty(b) || (batches[b * INDEX_WIDTH + 3] as number) <= toMs)) b++;
  return [a, b];
}

/**
 * The samples in [fromMs, toMs] (ms since the epoch), decoding only the batches that overlap
 * it: the schema and those batches are read from the file and decoded with the same checks
 * as a whole file (a batch that fails its CRC is skipped and said). Null without an index.
 */
export async function readRange(
  file: string,
  lv: OpenLevels,
  fromMs: number,
  toMs: number,
): Promise<SessionData | null> {
  const b = lv.index.batches;
  if (b.length === 0) return null;
  const [a, e] = overlapping(b, fromMs, toMs);
  const meta = lv.meta;
  if (a === e)
    return {
      meta,
      length: 0,
      t: new Float64Array(0),
      diagnostics: new Uint8Array(0),
      columns: meta.registry.map(() => new Float64Array(0)),
    };
  const schemaEnd = b[0] as number;
  const start = b[a * INDEX_WIDTH] as number;
  const end = (b[(e - 1) * INDEX_WIDTH] as number) + (b[(e - 1) * INDEX_WIDTH + 1] as number);
  const bytes = new Uint8Array(schemaEnd + (end - start) + EOS.length);
  const fh = await open(file, 'r');
  try {
    await fh.read(bytes, 0, schemaEnd, 0);
    await fh.read(bytes, schemaEnd, end - start, start);
  } finally {
    await fh.close();
  }
  bytes.set(EOS, schemaEnd + (end - start));
  let data: SessionData;
  try {
    data = decodeSession(bytes).data;
  } catch (err) {
    throw new SessionFileError(file, (err as Error).message);
  }
  if (data.length === 0) return data;
  const t0 = data.t[0] as number;
  return sliceByTime(data, { fromS: (fromMs - t0) / 1000, toS: (toMs - t0) / 1000 });
}
