import type { RecordBatch } from 'apache-arrow';
import { TIME_FIELD } from './meta';

/** One decoded record batch as the column store takes it; NaN where a value is null. */
export interface BatchColumns {
  readonly n: number;
  readonly t: Float64Array;
  readonly diag: Uint8Array;
  readonly cols: Float64Array[];
}

/**
 * The columns of a record batch apache-arrow decoded, straight from its buffers (views where
 * there are no nulls), or what is wrong with them. `rows` is what the batch's header declared.
 */
export function batchColumns(batch: RecordBatch, rows: number, width: number): BatchColumns | string {
  const n = batch.numRows;
  if (n !== rows || batch.numCols !== width + 2)
    return `has ${n} rows x ${batch.numCols} columns, expected ${rows} x ${width + 2}`;
  const cols: Float64Array[] = [];
  for (let c = 0; c < width + 2; c++) {
    const v = batch.getChildAt(c);
    const d = v?.data[0];
    if (v?.data.length !== 1 || !d || d.length !== n) return `column ${c} has ${v?.length ?? 0} values, expected ${n}`;
    if (c < 2) continue;
    const values = d.values as Float64Array;
    if (!(values instanceof Float64Array) || values.length < d.offset + n)
      return `column ${c} holds ${values.length} doubles, expected ${n}`;
    let col = values.subarray(d.offset, d.offset + n);
    if (d.nullCount > 0) {
      col = Float64Array.from(col);
      for (let r = 0; r < n; r++) if (!d.getValid(r)) col[r] = Number.NaN;
    }
    cols.push(col);
  }
  const tv = batch.getChildAt(0)?.data[0]?.values as BigInt64Array | Int32Array;
  const t = new Float64Array(n);
  if (tv instanceof BigInt64Array && tv.length >= n) for (let r = 0; r < n; r++) t[r] = Number(tv[r]);
  else if (tv instanceof Int32Array && tv.length >= 2 * n)
    // Older builds hand 64-bit values as pairs of 32-bit words (low, high).
    for (let r = 0; r < n; r++) t[r] = ((tv[2 * r] as number) >>> 0) + (tv[2 * r + 1] as number) * 2 ** 32;
  else return `the ${TIME_FIELD} column is not 64-bit`;
  const dcol = batch.getChildAt(1);
  const diag = new Uint8Array(n);
  const dd = dcol?.data.length === 1 ? dcol.data[0] : undefined;
  if (dd && dd.nullCount === 0 && dd.values instanceof Uint8Array && dd.values.length * 8 >= dd.offset + n) {
    // The bitmap itself (Vector.get per row was a visible share of decoding a day).
    const bits = dd.values;
    const o = dd.offset;
    for (let r = 0; r < n; r++) diag[r] = ((bits[(o + r) >> 3] as number) >> ((o + r) & 7)) & 1;
  } else for (let r = 0; r < n; r++) diag[r] = dcol?.get(r) === true ? 1 : 0;
  return { n, t, diag, cols };
}
