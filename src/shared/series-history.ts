import type { LevelState, SeriesStore } from './series';

/*
 * The live session's history as binary frames, so a page that connects (or reloads) an hour
 * into a session draws it from the start instead of from the moment it connected. The host
 * keeps a SeriesStore with the same levels as the page's; on connect it sends one frame per
 * level, the coarsest first (a long window can be drawn from the first frame), the raw samples
 * last, then the live snapshots carry on. Each frame is a copy of the level's state, open
 * bucket included, so the page's store becomes the host's and folds later samples the same way.
 *
 * Layout (float64): MAGIC, VERSION, level index, level count, stepMs, metrics, points, dropped,
 * first sample time, seq of the last sample, open bucket (bucket, count, diagCount, t), then
 * t[n], diag[n], values[m*n], rates[m*n] (per metric, oldest first), open sum[m], open last[m].
 * A snapshot frame starts with its seq (>= 0), so the negative MAGIC tells the two apart.
 */

const MAGIC = -0x7467; // "tg"
const VERSION = 1;
const HEADER = 14;

export interface HistoryFrame {
  readonly level: number;
  readonly levels: number;
  readonly firstT: number;
  /** Seq of the last sample folded into the level; later snapshots have a larger one. */
  readonly lastSeq: number;
  readonly state: LevelState;
}

/** Whether a binary frame of the live stream is a history frame (else a snapshot). */
export function isHistoryFrame(buf: ArrayBuffer): boolean {
  return buf.byteLength >= HEADER * 8 && new Float64Array(buf, 0, 1)[0] === MAGIC;
}

/** The store's levels as frames, coarsest first. */
export function encodeHistory(store: SeriesStore, lastSeq: number): ArrayBuffer[] {
  if (store.empty) return [];
  const count = store.levelSpecs.length;
  const frames: ArrayBuffer[] = [];
  for (let level = count - 1; level >= 0; level--) {
    frames.push(encodeLevel(level, count, store.startT, lastSeq, store.levelState(level)));
  }
  return frames;
}

function encodeLevel(level: number, levels: number, firstT: number, lastSeq: number, s: LevelState): ArrayBuffer {
  const m = s.open.sum.length;
  const n = s.n;
  const out = new Float64Array(HEADER + 2 * n + 2 * m * n + 2 * m);
  out.set([MAGIC, VERSION, level, levels, s.stepMs, m, n, s.dropped ? 1 : 0, firstT, lastSeq]);
  out.set([s.open.bucket, s.open.count, s.open.diagCount, s.open.t], 10);
  let o = HEADER;
  out.set(s.t, o);
  o += n;
  for (let k = 0; k < n; k++) out[o + k] = s.diag[k] as number;
  o += n;
  out.set(s.values, o);
  o += m * n;
  out.set(s.rates, o);
  o += m * n;
  out.set(s.open.sum, o);
  o += m;
  out.set(s.open.last, o);
  return out.buffer;
}

/** Unpack a frame encodeHistory made; throws a message that says what is wrong. */
export function decodeHistory(buf: ArrayBuffer, expectedMetrics: number): HistoryFrame {
  if (buf.byteLength % 8 !== 0 || !isHistoryFrame(buf)) throw new Error('not a history frame');
  const f = new Float64Array(buf);
  if (f[1] !== VERSION) throw new Error(`history frame of version ${f[1]}, this page reads ${VERSION}`);
  const level = f[2] as number;
  const levels = f[3] as number;
  const stepMs = f[4] as number;
  const m = f[5] as number;
  const n = f[6] as number;
  if (m !== expectedMetrics)
    throw new Error(`history frame has ${m} metrics, the stream's registry has ${expectedMetrics}`);
  if (!Number.isInteger(n) || n < 0 || f.length !== HEADER + 2 * n + 2 * m * n + 2 * m) {
    throw new Error(`history frame declares ${n} points of ${m} metrics but holds ${f.length - HEADER} numbers`);
  }
  let o = HEADER;
  const take = (len: number) => {
    const part = f.subarray(o, o + len);
    o += len;
    return part;
  };
  const t = take(n);
  const diag = Uint8Array.from(take(n));
  const values = take(m * n);
  const rates = take(m * n);
  const sum = take(m);
  const last = take(m);
  return {
    level,
    levels,
    firstT: f[8] as number,
    lastSeq: f[9] as number,
    state: {
      stepMs,
      n,
      dropped: f[7] === 1,
      t,
      diag,
      values,
      rates,
      open: {
        bucket: f[10] as number,
        count: f[11] as number,
        diagCount: f[12] as number,
        t: f[13] as number,
        sum,
        last,
      },
    },
  };
}

/** Fold a frame into a page's store; a level the store does not have at that step is skipped. */
export function applyHistory(store: SeriesStore, frame: HistoryFrame): boolean {
  const spec = store.levelSpecs[frame.level];
  if (!spec || spec.stepMs !== frame.state.stepMs) return false;
  store.restoreLevel(frame.level, frame.state, frame.firstT);
  return true;
}
