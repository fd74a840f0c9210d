import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compress } from '@bokuweb/zstd-wasm';
import { Message, MessageHeader } from 'apache-arrow';
import type { Source } from '../../src/main/sources/Source';
import { SessionWriter, type SessionWriterOptions } from '../../src/main/storage/sessionWriter';
import type { SourceInfo } from '../../src/shared/api';
import type { SessionCounters } from '../../src/shared/counters';
import { builtinRegistry } from '../../src/shared/registry';
import type { RegistryEntry } from '../../src/shared/registry-types';
import { EOS, SessionStreamEncoder } from '../../src/shared/session/arrow';
import { crc32 } from '../../src/shared/session/crc32';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import { BATCH_CHECKSUM_KEY } from '../../src/shared/session/ipcStream';
import type { SessionMeta } from '../../src/shared/session/meta';

export const FIXTURES = fileURLToPath(new URL('../fixtures/sessions', import.meta.url));
export const LT = join(FIXTURES, 'libtorrent');

const dirs: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tg-sessions-'));
  dirs.push(d);
  return d;
}
export function cleanTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function makeMeta(registry: RegistryEntry[] = builtinRegistry(), extra: Partial<SessionMeta> = {}): SessionMeta {
  return {
    format: 'tidegauge-session',
    version: 1,
    id: 'test-session',
    appVersion: '0.1.0',
    startedAt: 1_700_000_000_000,
    intervalMs: 1000,
    source: { kind: 'test', label: 'Test source' },
    registry,
    notReported: { '3': 'not measured' },
    origin: { type: 'recording' },
    ...extra,
  };
}

/** A deterministic session: counter i grows by i+1 per second, gauges wander, metric 3 missing. */
export function makeData(rows: number, meta = makeMeta()): SessionData {
  const b = new ColumnBuilder(meta.registry.length, rows);
  const v = new Float64Array(meta.registry.length);
  for (let r = 0; r < rows; r++) {
    meta.registry.forEach((e, i) => {
      v[i] = i === 3 ? Number.NaN : e.kind === 'counter' ? r * (i + 1) * 1000 + 0.5 * (r % 3) : (r * 7 + i) % 50;
    });
    b.push(meta.startedAt + r * meta.intervalMs, r % 10 < 3, v);
  }
  return b.build(meta);
}

/**
 * Write `data` to `path` as the recorder does, sample by sample. Returns the writer, open:
 * `close()` it for a complete file, or `flush()` and `abandon()` it for a killed recording.
 */
export function recordSession(path: string, data: SessionData, options: SessionWriterOptions = {}): SessionWriter {
  const w = new SessionWriter(path, data.meta, options);
  const row = new Float64Array(data.columns.length);
  for (let r = 0; r < data.length; r++) {
    data.columns.forEach((c, i) => {
      row[i] = c[r] as number;
    });
    w.append(data.t[r] as number, data.diagnostics[r] === 1, row);
  }
  return w;
}

export function expectSameData(a: SessionData, b: SessionData): void {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  for (let r = 0; r < a.length; r++) {
    if (a.t[r] !== b.t[r]) throw new Error(`t[${r}] ${a.t[r]} vs ${b.t[r]}`);
    if (a.diagnostics[r] !== b.diagnostics[r]) throw new Error(`diagnostics[${r}] differ`);
  }
  a.columns.forEach((c, i) => {
    const d = b.columns[i] as Float64Array;
    for (let r = 0; r < a.length; r++) {
      const x = c[r] as number;
      const y = d[r] as number;
      if (!(x === y || (Number.isNaN(x) && Number.isNaN(y)))) throw new Error(`column ${i} row ${r}: ${x} vs ${y}`);
    }
  });
}

/** A source that adds to counters on a timer: counter i += i + 1 every tick, gauges set to tick % 17. */
export class FakeSource implements Source {
  readonly info: SourceInfo = { kind: 'fake', label: 'Fake engine' };
  readonly notReported = new Map<number, string>([[5, 'fake cannot']]);
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;
  constructor(private readonly everyMs = 5) {}
  async start(counters: SessionCounters): Promise<void> {
    const reg = builtinRegistry();
    this.timer = setInterval(() => {
      this.tick++;
      reg.forEach((e, i) => {
        if (i >= 70) return;
        if (e.kind === 'counter') counters.inc(i, i + 1);
        else counters.set(i, this.tick % 17);
      });
    }, this.everyMs);
  }
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A batch message rebuilt with other buffers (each `[prefix, bytes]`) and a checksum that matches them. */
export function rebuildBatch(msg: Uint8Array, replace: (i: number, old: Uint8Array) => Uint8Array): Uint8Array {
  const metaLen = new DataView(msg.buffer, msg.byteOffset).getInt32(4, true);
  const m = Message.decode(msg.subarray(8, 8 + metaLen));
  const header = m.header() as { buffers: { offset: number; length: number }[] };
  const body = msg.subarray(8 + metaLen);
  const parts: Uint8Array[] = [];
  let o = 0;
  for (const [i, b] of header.buffers.entries()) {
    const next = replace(i, body.subarray(b.offset, b.offset + b.length));
    b.offset = o;
    b.length = next.length;
    parts.push(next, new Uint8Array(((next.length + 7) & ~7) - next.length));
    o += (next.length + 7) & ~7;
  }
  const newBody = Buffer.concat(parts);
  const crc = crc32(newBody).toString(16).padStart(8, '0');
  const fb = Message.encode(
    new Message(o, m.version, MessageHeader.RecordBatch, header, new Map([[BATCH_CHECKSUM_KEY, crc]])),
  );
  const pad = (8 + fb.length + 7) & ~7;
  const out = Buffer.alloc(pad + newBody.length);
  out.writeInt32LE(-1, 0);
  out.writeInt32LE(pad - 8, 4);
  out.set(fb, 8);
  out.set(newBody, pad);
  return out;
}

/** A session of 900 samples whose every value buffer inflates to 9 MB (892 MB in all), in a 565 KB file. */
export function decompressionBomb(meta: SessionMeta): Buffer {
  const enc = new SessionStreamEncoder(meta);
  const rows = 900;
  const batch = enc.batch({
    length: rows,
    t: Float64Array.from({ length: rows }, (_, r) => 1e12 + r * 1000),
    diagnostics: new Uint8Array(rows),
    values: new Float64Array(rows * meta.registry.length),
  });
  const zeros = compress(new Uint8Array(9_000_000), 3);
  const bomb = rebuildBatch(batch, (i, old) => {
    if (i < 4 || i % 2 === 0) return old;
    const prefix = Buffer.alloc(8);
    prefix.writeBigInt64LE(9_000_000n);
    return Buffer.concat([prefix, zeros]);
  });
  return Buffer.concat([enc.header(), bomb, EOS]);
}
