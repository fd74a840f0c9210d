import { stat } from 'node:fs/promises';
import type { SessionData } from '../../shared/session/data';
import { LEVEL_STEPS, levelAsData, pointCount } from '../../shared/session/levels';
import { type DataQuery, queryData } from '../../shared/session/wire';
import { INDEX_WIDTH } from './levelsFile';
import { LEVELS_MIN_BYTES, LEVELS_MIN_ROWS, openLevels, overlapping, readRange } from './sessionLevels';

/*
 * A data request (range, overview of about `points` rows, columns) answered from a long
 * session's levels and batch index instead of its whole decode: the coarsest of raw samples,
 * 1-min and 10-min points that still has at least `points` rows in the range (so the overview
 * loses nothing a chart of that width could show), then folded down as queryData would; a range
 * without `points` decodes only the batches that overlap it. Null: answer it the old way (a short
 * session, one being recorded, a stride, a damaged file without an index).
 */
export async function queryLevels(file: string, q: DataQuery): Promise<SessionData | null> {
  // A stride, or the whole session at full resolution: nothing to save.
  if ((q.every && q.every > 1) || (!q.points && q.from === undefined && q.to === undefined)) return null;
  // A file this small decodes whole in a few ms: no sidecar for it.
  if ((await stat(file)).size < LEVELS_MIN_BYTES) return null;
  const lv = await openLevels(file);
  if (!lv || lv.index.rows <= LEVELS_MIN_ROWS || !Number.isFinite(lv.index.firstT)) return null;
  const t0 = lv.index.firstT;
  const fromMs = q.from !== undefined ? t0 + q.from * 1000 : Number.NEGATIVE_INFINITY;
  const toMs = q.to !== undefined ? t0 + q.to * 1000 : Number.POSITIVE_INFINITY;
  const rest: DataQuery = { names: q.names, points: q.points };
  const b = lv.index.batches;
  if (q.points) {
    // Samples in the range, as the index counts them (whole batches: an upper bound).
    let raw = lv.index.rows;
    if (b.length) {
      const [a, e] = overlapping(b, fromMs, toMs);
      raw = 0;
      for (let k = a; k < e; k++) raw += b[k * INDEX_WIDTH + 2] as number;
    }
    for (let k = LEVEL_STEPS.length - 1; k >= 0; k--) {
      const level = { stepMs: LEVEL_STEPS[k] as number, points: lv.index.points(k) };
      if (pointCount(level, lv.layout) < q.points) continue;
      const d = levelAsData(lv.meta, level, fromMs, toMs);
      if (d.length >= q.points && d.length < raw) return queryData(d, rest);
    }
  }
  const range = await readRange(file, lv, fromMs, toMs);
  return range ? queryData(range, rest) : null;
}
