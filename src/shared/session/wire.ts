import { type SessionData, selectColumns, sliceByTime } from './data';
import { type SessionMeta, SessionMetaSchema } from './meta';

/*
 * A saved session as the host sends it to the renderer (GET /api/v1/sessions/:id/data):
 * little-endian, every array 8-byte aligned so the receiver takes typed-array views, no copy.
 *
 *   "TGCOLS1\0" | u32 jsonLength | u32 rows | JSON {meta} | pad to 8
 *   f64 t[rows] | u8 diagnostics[rows] pad to 8 | f64 column[rows] for each registry entry
 *
 * Missing values are NaN. 24 h at 1 Hz x 99 metrics is ~69 MB: ask for a range (from/to) or
 * a stride (every) when the whole does not need to travel.
 */

const MAGIC = [0x54, 0x47, 0x43, 0x4f, 0x4c, 0x53, 0x31, 0]; // TGCOLS1\0
export const COLUMNS_CONTENT_TYPE = 'application/x-tidegauge-columns';

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeColumns(data: SessionData): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ meta: data.meta }));
  const n = data.length;
  const head = pad8(16 + json.length);
  const diagLen = pad8(n);
  const total = head + 8 * n + diagLen + 8 * n * data.columns.length;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, json.length, true);
  dv.setUint32(12, n, true);
  out.set(json, 16);
  let o = head;
  new Float64Array(out.buffer, o, n).set(data.t);
  o += 8 * n;
  out.set(data.diagnostics, o);
  o += diagLen;
  for (const c of data.columns) {
    new Float64Array(out.buffer, o, n).set(c);
    o += 8 * n;
  }
  return out;
}

/** Decode what encodeColumns made; throws a message saying what is wrong. */
export function decodeColumns(buf: ArrayBuffer): SessionData {
  const b = new Uint8Array(buf);
  if (b.length < 16 || !MAGIC.every((x, i) => b[i] === x)) throw new Error('not a Tidegauge columns frame');
  const dv = new DataView(buf);
  const jsonLen = dv.getUint32(8, true);
  const n = dv.getUint32(12, true);
  if (16 + jsonLen > b.length) throw new Error('columns frame: header is cut off');
  const parsed = SessionMetaSchema.safeParse(JSON.parse(new TextDecoder().decode(b.subarray(16, 16 + jsonLen)))?.meta);
  if (!parsed.success) throw new Error(`columns frame: bad metadata (${parsed.error.issues[0]?.message})`);
  const meta: SessionMeta = parsed.data;
  const m = meta.registry.length;
  let o = pad8(16 + jsonLen);
  const want = o + 8 * n + pad8(n) + 8 * n * m;
  if (b.length !== want) throw new Error(`columns frame holds ${b.length} bytes, expected ${want}`);
  const t = new Float64Array(buf, o, n);
  o += 8 * n;
  const diagnostics = new Uint8Array(buf, o, n);
  o += pad8(n);
  const columns: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    columns.push(new Float64Array(buf, o, n));
    o += 8 * n;
  }
  return { meta, length: n, t, diagnostics, columns };
}

/** Every k-th sample (k >= 1), for an overview; the last sample is always kept. */
export function strideRows(data: SessionData, k: number): SessionData {
  if (k <= 1 || data.length <= 2) return data;
  const idx: number[] = [];
  for (let i = 0; i < data.length; i += k) idx.push(i);
  if (idx[idx.length - 1] !== data.length - 1) idx.push(data.length - 1);
  const pick = (src: Float64Array) => Float64Array.from(idx, (i) => src[i] as number);
  return {
    meta: data.meta,
    length: idx.length,
    t: pick(data.t),
    diagnostics: Uint8Array.from(idx, (i) => data.diagnostics[i] as number),
    columns: data.columns.map(pick),
  };
}

/**
 * An overview of about n / k rows for charts: the first sample as it is, then buckets of k
 * samples, each one row at the bucket's last time with counters at their last known value
 * (so a rate between rows is the bucket's mean rate) and gauges averaged over the bucket
 * (diagnostic gauges over its samples taken with diagnostics on), diagnostics on where any
 * sample had them. What the dashboards' bucket levels show, without the aliasing of a stride.
 */
export function bucketRows(data: SessionData, k: number): SessionData {
  const n = data.length;
  if (k <= 1 || n <= 2) return data;
  const starts: number[] = [0];
  for (let a = 1; a < n; a += k) starts.push(a);
  const rows = starts.length;
  const end = (b: number) => (b + 1 < rows ? (starts[b + 1] as number) : n);
  const t = new Float64Array(rows);
  const diagnostics = new Uint8Array(rows);
  for (let b = 0; b < rows; b++) {
    const a = starts[b] as number;
    const e = end(b);
    t[b] = data.t[e - 1] as number;
    let on = 0;
    for (let i = a; i < e; i++) on |= data.diagnostics[i] as number;
    diagnostics[b] = on ? 1 : 0;
  }
  const columns = data.columns.map((col, m) => {
    const entry = data.meta.registry[m];
    const out = new Float64Array(rows);
    const masked = entry?.diagnostic === true;
    for (let b = 0; b < rows; b++) {
      const a = starts[b] as number;
      const e = end(b);
      if (entry?.kind === 'gauge') {
        let sum = 0;
        let c = 0;
        for (let i = a; i < e; i++) {
          const v = col[i] as number;
          if (v - v === 0 && (!masked || data.diagnostics[i] === 1)) {
            sum += v;
            c++;
          }
        }
        out[b] = c > 0 ? sum / c : Number.NaN;
      } else {
        let v = Number.NaN;
        for (let i = e - 1; i >= a; i--) {
          const x = col[i] as number;
          if (x - x === 0) {
            v = x;
            break;
          }
        }
        out[b] = v;
      }
    }
    return out;
  });
  return { meta: data.meta, length: rows, t, diagnostics, columns };
}

/**
 * What a data request asks for, the same for the HTTP route and the desktop IPC: range,
 * stride (every k-th sample) or an overview of about `points` rows (bucketRows), columns.
 */
export function queryData(data: SessionData, q: DataQuery): SessionData {
  let out = q.from !== undefined || q.to !== undefined ? sliceByTime(data, { fromS: q.from, toS: q.to }) : data;
  if (q.names) out = selectColumns(out, q.names);
  if (q.every && q.every > 1) out = strideRows(out, Math.floor(q.every));
  if (q.points && out.length > q.points) out = bucketRows(out, Math.ceil((out.length - 1) / (q.points - 1)));
  return out;
}

export interface DataQuery {
  /** Seconds from the first sample. */
  readonly from?: number;
  readonly to?: number;
  /** Keep every k-th sample. */
  readonly every?: number;
  /** At most about this many rows: an overview in buckets (counters at each bucket's end, gauges averaged), for charts. */
  readonly points?: number;
  /** Only these metrics (by name); all when absent. */
  readonly names?: readonly string[];
}
