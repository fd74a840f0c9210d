import {
  type Float,
  Message,
  MessageHeader,
  Precision,
  RecordBatchStreamReader,
  type Schema,
  Type,
} from 'apache-arrow';
import { bufferProblem, TimeOrder, timeProblem } from './batchChecks';
import { type BatchColumns, batchColumns } from './batchColumns';
import { batchEvents } from './batchEvents';
import { ColumnBuilder, type SessionData } from './data';
import { looksLikeArrow, type MessageSpan, type StreamScan, scanStream } from './ipcStream';
import { DIAGNOSTICS_FIELD, META_KEY, parseSessionMeta, type SessionMeta, TIME_FIELD } from './meta';

/** Thrown by the readers: what is wrong with the bytes (the caller adds the file name). */
export class SessionFormatError extends Error {}

const MAX_ROWS = 50_000_000;
/** Decoded columns larger than this are refused (a month at 1 Hz is ~2.1 GB). */
export const MAX_DECODED_BYTES = 4 * 1024 ** 3;

/** A stretch of the file that could not be used: a damaged record batch or unreadable bytes. */
export interface DamagedPart {
  /** Byte range in the file. */
  readonly start: number;
  readonly end: number;
  /** The record batch's index among the file's messages after the schema, or null for bytes between them. */
  readonly batch: number | null;
  /** Samples the damaged batch declares (0 where unknown). */
  readonly rows: number;
  /** Time (ms) of the last good sample before it and of the first good sample after it; null at either end. */
  readonly after: number | null;
  readonly before: number | null;
  readonly reason: string;
}

export interface DecodedSession {
  readonly data: SessionData;
  /** Things a user should know (a cut-off tail, a damaged batch that was skipped, ...). */
  readonly warnings: string[];
  /** Bytes of the stream up to the first damage or cut-off (a repair truncates to here). */
  readonly validBytes: number;
  readonly closed: boolean;
  /** What was skipped, each with its time range; the rest of the file opened. */
  readonly damaged: readonly DamagedPart[];
  /**
   * Samples in the file's complete record batches, damaged ones included: the journal's row
   * numbers continue from here. Null when unreadable bytes hide how many there were.
   */
  readonly fileRows: number | null;
}

/** The SessionMeta of a session stream, from its schema message alone (the first bytes of a file do). */
export function readMeta(bytes: Uint8Array): SessionMeta {
  return schemaMeta(bytes, scanStream(bytes, { schemaOnly: true })).meta;
}

function schemaMeta(bytes: Uint8Array, scan: StreamScan): { schema: Schema; meta: SessionMeta } {
  const first = scan.messages[0];
  if (!first || first.offset !== scan.start) {
    if (bytes.length === 0) throw new SessionFormatError('the file is empty');
    if (!looksLikeArrow(bytes))
      throw new SessionFormatError('not an Arrow IPC stream (it does not start with an Arrow message)');
    throw new SessionFormatError(`no complete Arrow message: ${scan.problem ?? scan.gaps[0]?.reason ?? 'no schema'}`);
  }
  if (first.type !== MessageHeader.Schema)
    throw new SessionFormatError('the Arrow stream does not start with a schema message');
  let schema: Schema;
  try {
    // Safe to hand to apache-arrow: ipcHeader.ts checked every vector in it.
    const prefix = bytes[first.offset] === 0xff && bytes[first.offset + 1] === 0xff ? 8 : 4;
    schema = Message.decode(bytes.subarray(first.offset + prefix, first.bodyOffset)).header() as Schema;
  } catch (e) {
    throw new SessionFormatError(`the schema message does not parse (${(e as Error).message})`);
  }
  const json = schema.metadata.get(META_KEY);
  if (json === undefined)
    throw new SessionFormatError(
      `an Arrow stream but not a Tidegauge session: the schema has no "${META_KEY}" metadata (import a table with \`tidegauge import\`)`,
    );
  const parsed = parseSessionMeta(json);
  if (!parsed.ok) throw new SessionFormatError(parsed.error);
  checkFields(schema, parsed.meta);
  return { schema, meta: parsed.meta };
}

function checkFields(schema: Schema, meta: SessionMeta): void {
  const f = schema.fields;
  const want = meta.registry.length + 2;
  if (f.length !== want)
    throw new SessionFormatError(
      `the schema has ${f.length} columns but its registry lists ${meta.registry.length} metrics (+ ${TIME_FIELD}, ${DIAGNOSTICS_FIELD})`,
    );
  if (f[0]?.name !== TIME_FIELD || f[0].typeId !== Type.Timestamp)
    throw new SessionFormatError(
      `column 0 must be "${TIME_FIELD}" of type timestamp, found "${f[0]?.name}" (${f[0]?.type})`,
    );
  if (f[1]?.name !== DIAGNOSTICS_FIELD || f[1].typeId !== Type.Bool)
    throw new SessionFormatError(
      `column 1 must be "${DIAGNOSTICS_FIELD}" of type bool, found "${f[1]?.name}" (${f[1]?.type})`,
    );
  meta.registry.forEach((e, i) => {
    const field = f[i + 2];
    if (field?.name !== e.name)
      throw new SessionFormatError(`column ${i + 2} is "${field?.name}" but registry entry ${i} is "${e.name}"`);
    if (field.typeId !== Type.Float || (field.type as Float).precision !== Precision.DOUBLE)
      throw new SessionFormatError(`column "${e.name}" must be float64, found ${field.type}`);
  });
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** One line for the user: what was skipped, where, and which samples are missing. */
export function describeDamage(d: DamagedPart): string {
  const what =
    d.batch === null
      ? `bytes ${d.start}–${d.end} could not be read (${d.reason})`
      : `record batch ${d.batch} (bytes ${d.start}–${d.end}${d.rows ? `, ${d.rows} samples` : ''}) ${d.reason}`;
  const a = iso(d.after);
  const b = iso(d.before);
  const when =
    a && b
      ? `the samples between ${a} and ${b} are missing`
      : a
        ? `the samples after ${a} are missing`
        : b
          ? `the samples before ${b} are missing`
          : 'no sample of the file could be read';
  return `${what}; skipped: ${when}`;
}

interface Pending {
  readonly span: MessageSpan;
  readonly index: number;
  /** Its first sample's number in the file (damaged batches counted). */
  readonly firstRow: number;
  problem: string | null;
}

/**
 * Record batches decoded so far in this thread (every decodeSession adds the batches it read):
 * what tests count to tell a read that used a file's digest or levels from one that decoded it.
 */
let decoded = 0;
export const decodedBatchCount = (): number => decoded;

/**
 * Decode a session stream into columns. A stream cut off mid-message (a recording that was
 * killed) is read up to its last complete batch, with a warning; a batch that fails its
 * checksum or its bounds is skipped and reported with its time range; anything that is not
 * a session at all, or has nothing usable left, throws SessionFormatError saying what is wrong.
 */
export function decodeSession(
  bytes: Uint8Array,
  options: { shared?: boolean; maxDecodedBytes?: number } = {},
): DecodedSession {
  const scan = scanStream(bytes);
  const { meta } = schemaMeta(bytes, scan);
  const width = meta.registry.length;
  const names = [TIME_FIELD, DIAGNOSTICS_FIELD, ...meta.registry.map((e) => e.name)];
  const warnings: string[] = [];
  if (scan.problem) warnings.push(`${scan.problem}; read up to the last complete record batch`);
  let row = 0;
  const batches: Pending[] = scan.messages.slice(1).map((span, index) => {
    row += span.rows;
    return { span, index, firstRow: row - span.rows, problem: null };
  });
  const other = batches.find((b) => b.span.type !== MessageHeader.RecordBatch);
  if (other)
    throw new SessionFormatError(
      `unexpected ${MessageHeader[other.span.type] ?? `type ${other.span.type}`} message at byte ${other.span.offset}`,
    );
  for (const b of batches) {
    if (b.span.checksum === 'bad') b.problem = 'failed its checksum (the bytes changed after it was written)';
    else b.problem = bufferProblem(bytes, b.span, names);
  }
  const good = batches.filter((b) => b.problem === null);
  const totalRows = good.reduce((n, b) => n + b.span.rows, 0);
  if (totalRows > MAX_ROWS)
    throw new SessionFormatError(`declares ${totalRows} samples, more than the limit of ${MAX_ROWS}`);
  const limit = options.maxDecodedBytes ?? MAX_DECODED_BYTES;
  const decodedBytes = totalRows * (8 * (width + 1) + 1);
  if (decodedBytes > limit)
    throw new SessionFormatError(
      `declares ${totalRows} samples of ${width} metrics: ${(decodedBytes / 2 ** 20).toFixed(0)} MiB decoded, more than the ${(limit / 2 ** 20).toFixed(0)} MiB limit`,
    );
  const out = new ColumnBuilder(width, Math.max(1, totalRows), options.shared === true);
  const order = new TimeOrder();
  /** First and last time of each batch that was read, by batch index. */
  const spans = new Map<number, [number, number]>();
  const add = (p: Pending, c: BatchColumns) => {
    const bad = timeProblem(c.t, c.n, p.firstRow);
    if (bad) {
      p.problem = bad;
      return;
    }
    order.add(c.t, c.n, p.firstRow);
    if (c.n) spans.set(p.index, [c.t[0] as number, c.t[c.n - 1] as number]);
    out.appendBlock(c.n, c.t, c.diag, c.cols);
  };
  decodeRuns(bytes, scan, good, width, add);
  decoded += good.length;
  const timeWarning = order.warning();
  if (timeWarning) warnings.push(timeWarning);

  const damaged = collectDamage(scan, batches, spans);
  for (const d of damaged) warnings.push(describeDamage(d));
  if (out.length === 0 && damaged.length > 0)
    throw new SessionFormatError(
      `no record batch could be read: ${damaged.slice(0, 3).map(describeDamage).join('; ')}${damaged.length > 3 ? ` (and ${damaged.length - 3} more damaged parts)` : ''}`,
    );
  if (scan.checksummed) {
    const unchecked = batches.filter((b) => b.span.checksum === 'none').length;
    if (unchecked) warnings.push(`${unchecked} record batches carry no checksum; read without checking them`);
  }
  const events = batchEvents(batches.map((b) => b.span));
  warnings.push(...events.warnings);
  const firstDamage = damaged[0]?.start ?? scan.end;
  // A gap smaller than any batch is bytes pushed along by an insertion, not a lost batch.
  const smallest = batches.length ? Math.min(...batches.map((b) => b.span.size)) : 0;
  const hidden = scan.gaps.some((g) => g.end - g.start >= smallest);
  const fileRows = hidden ? null : batches.reduce((n, b) => n + b.span.rows, 0);
  return {
    data: out.build(meta, events.events),
    warnings,
    validBytes: Math.min(firstDamage, scan.end),
    closed: scan.closed,
    damaged,
    fileRows,
  };
}

/** Bytes after bytes, in one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Decode the good batches with apache-arrow, in runs of batches that lie back to back (the
 * common case: one run, straight after the schema in the file's own bytes, no copy). A batch
 * apache-arrow cannot decode is marked and decoding goes on with the batches after it.
 */
function decodeRuns(
  bytes: Uint8Array,
  scan: StreamScan,
  good: readonly Pending[],
  width: number,
  add: (p: Pending, c: BatchColumns) => void,
): void {
  const schema = scan.messages[0] as MessageSpan;
  const schemaEnd = schema.offset + schema.size;
  let queue = good;
  while (queue.length) {
    let j = 1;
    while (j < queue.length) {
      const prev = (queue[j - 1] as Pending).span;
      if ((queue[j] as Pending).span.offset !== prev.offset + prev.size) break;
      j++;
    }
    const first = (queue[0] as Pending).span;
    const last = (queue[j - 1] as Pending).span;
    const end = last.offset + last.size;
    const stream =
      first.offset === schemaEnd
        ? bytes.subarray(schema.offset, end)
        : concat([bytes.subarray(schema.offset, schemaEnd), bytes.subarray(first.offset, end)]);
    let k = 0;
    try {
      for (const batch of RecordBatchStreamReader.from(stream)) {
        const p = queue[k] as Pending;
        const c = batchColumns(batch, p.span.rows, width);
        if (typeof c === 'string') p.problem = c;
        else add(p, c);
        if (++k === j) break;
      }
      queue = queue.slice(j);
    } catch (e) {
      const p = queue[k];
      if (p) p.problem = `cannot be decoded (${(e as Error).message})`;
      queue = queue.slice(Math.max(k + 1, 1));
    }
  }
}

/**
 * Damaged batches and unreadable gaps in file order, each with the good samples around it;
 * pieces with no good batch between them are one damaged part (a batch with bytes inserted
 * is a bad checksum and then the bytes it pushed along).
 */
function collectDamage(scan: StreamScan, batches: Pending[], spans: Map<number, [number, number]>): DamagedPart[] {
  // Position among the batches: a gap sits before the first batch that starts at or after its end.
  const pieces = [
    ...batches.flatMap((b) =>
      b.problem === null
        ? []
        : [
            {
              start: b.span.offset,
              end: b.span.offset + b.span.size,
              batch: b.index,
              rows: b.span.rows,
              reason: b.problem,
              at: b.index,
            },
          ],
    ),
    ...scan.gaps.map((g) => ({
      ...g,
      batch: null,
      rows: 0,
      at: (batches.find((b) => b.span.offset >= g.end)?.index ?? batches.length) - 0.5,
    })),
  ].sort((x, y) => x.start - y.start);
  const read = [...spans.entries()].sort((x, y) => x[0] - y[0]);
  const out: DamagedPart[] = [];
  for (const p of pieces) {
    const before = read.filter(([i]) => i < p.at).pop();
    const after = read.find(([i]) => i > p.at);
    const part: DamagedPart = {
      start: p.start,
      end: p.end,
      batch: p.batch,
      rows: p.rows,
      reason: p.reason,
      after: before ? before[1][1] : null,
      before: after ? after[1][0] : null,
    };
    const last = out[out.length - 1];
    if (last && last.after === part.after && last.before === part.before && last.end >= part.start - 8)
      out[out.length - 1] = {
        ...last,
        end: Math.max(last.end, part.end),
        batch: last.batch ?? part.batch,
        rows: last.rows + part.rows,
      };
    else out.push(part);
  }
  return out;
}
