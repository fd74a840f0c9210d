import { describe, expect, it } from 'vitest';
import { checkInvariants, samplesFromRows } from '../../src/shared/invariants';
import { builtinRegistry, NUM_METRICS } from '../../src/shared/registry';
import { M } from '../../src/shared/registry-data';
import type { RegistryEntry } from '../../src/shared/registry-types';

/*
 * Each invariant on hand-made samples: consistent ones pass, one broken value is reported with
 * the rule, the metrics and the time. The engine's own recordings are checked in
 * test/engine/invariants.test.ts and meters.test.ts.
 */

const REG = builtinRegistry();

/** `n` samples 1 s apart, every metric 0 (not reported where `nan`), then `edit` fills them. */
function samples(n: number, edit: (row: Float64Array, j: number) => void, nan: number[] = []) {
  const t = Array.from({ length: n }, (_, j) => 1_000_000 + j * 1000);
  const rows = t.map((_, j) => {
    const row = new Float64Array(NUM_METRICS);
    for (const i of nan) row[i] = Number.NaN;
    edit(row, j);
    return row;
  });
  return samplesFromRows(t, rows, NUM_METRICS);
}

/** A steady 100 KiB/s each way, all TCP, payload 90 %, rates that match their counters. */
function steady(row: Float64Array, j: number): void {
  const rate = 100 * 1024;
  const total = rate * j;
  row[M.NET_BYTES_SENT] = row[M.NET_BYTES_RECV] = row[M.NET_TCP_BYTES_SENT] = row[M.NET_TCP_BYTES_RECV] = total;
  row[M.BW_TOTAL_UPLOADED] = row[M.BW_TOTAL_DOWNLOADED] = 0.9 * total;
  const r = j === 0 ? 0 : rate;
  row[M.BW_UPLOAD_RATE] = row[M.BW_DOWNLOAD_RATE] = row[M.BW_UPLOAD_RATE_TCP] = row[M.BW_DOWNLOAD_RATE_TCP] = r;
  row[M.BW_PAYLOAD_UPLOAD_RATE] = row[M.BW_PAYLOAD_DOWNLOAD_RATE] = 0.9 * r;
  row[M.PROTO_PIECES_DOWNLOADED] = Math.floor((0.9 * total) / 16384);
  row[M.SES_UPTIME_SECS] = j;
}

const rules = (v: ReturnType<typeof checkInvariants>) => v.map((x) => x.rule);

describe('checkInvariants', () => {
  it('finds nothing in consistent samples', () => {
    expect(checkInvariants(REG, samples(20, steady), { pieceLength: 16384 })).toEqual([]);
  });

  it('payload above wire bytes, as counters and as rates', () => {
    const v = checkInvariants(
      REG,
      samples(5, (row, j) => {
        steady(row, j);
        if (j === 3) row[M.BW_TOTAL_UPLOADED] = (row[M.NET_BYTES_SENT] as number) + 1;
        if (j === 4) row[M.BW_PAYLOAD_DOWNLOAD_RATE] = (row[M.BW_DOWNLOAD_RATE] as number) + 2;
      }),
    ).filter((x) => x.rule === 'payload-le-wire');
    expect(v.map((x) => [x.metrics, x.t])).toEqual([
      [['bw.total_uploaded', 'net.bytes_sent'], 1_003_000],
      [['bw.payload_download_rate', 'bw.download_rate'], 1_004_000],
    ]);
    expect(v[0]?.detail).toContain('bw.total_uploaded');
  });

  it('TCP + uTP that is not the total', () => {
    const v = checkInvariants(
      REG,
      samples(4, (row, j) => {
        steady(row, j);
        if (j === 2) row[M.NET_UTP_BYTES_RECV] = 10;
      }),
    ).filter((x) => x.rule !== 'counter-monotonic');
    expect(v.map((x) => [x.rule, x.metrics[2], x.t])).toEqual([['tcp-utp-total', 'net.bytes_recv', 1_002_000]]);
  });

  it('a counter that goes down, but not a reset of all of them', () => {
    const one = checkInvariants(
      REG,
      samples(6, (row, j) => {
        steady(row, j);
        if (j === 3) row[M.PROTO_PIECES_DOWNLOADED] = 0;
      }),
    ).filter((x) => x.rule === 'counter-monotonic');
    expect(one.map((x) => [x.metrics, x.t])).toEqual([[['proto.pieces_downloaded'], 1_003_000]]);
    // A restarted source: every counter starts again from 0, and its rates are not compared across it.
    const reset = checkInvariants(
      REG,
      samples(10, (row, j) => steady(row, j < 5 ? j + 3 : j - 5)),
    );
    expect(rules(reset)).toEqual([]);
  });

  it('a value out of its range', () => {
    const v = checkInvariants(
      REG,
      samples(3, (row, j) => {
        if (j === 1) row[M.NET_NUM_CONNECTIONS] = -1;
        if (j === 2) row[M.DISK_QUEUE_DEPTH] = Number.POSITIVE_INFINITY;
      }),
    );
    expect(v.map((x) => [x.rule, x.metrics[0]])).toEqual([
      ['value-range', 'net.num_connections'],
      ['value-range', 'disk.queue_depth'],
    ]);
  });

  it('a rate gauge below what its counter moved inside its window, or above all it moved', () => {
    // 10 samples a second apart: a 1 s window holds the 100 ms before each sample.
    const dense = (edit: (row: Float64Array, j: number) => void) => {
      const t = Array.from({ length: 40 }, (_, j) => j * 100);
      const rows = t.map((_, j) => {
        const row = new Float64Array(NUM_METRICS);
        row[M.NET_BYTES_RECV] = row[M.NET_TCP_BYTES_RECV] = 10_000 * j;
        row[M.BW_DOWNLOAD_RATE] = row[M.BW_DOWNLOAD_RATE_TCP] = j >= 10 ? 100_000 : 10_000 * j;
        edit(row, j);
        return row;
      });
      return samplesFromRows(t, rows, NUM_METRICS);
    };
    expect(
      checkInvariants(
        REG,
        dense(() => undefined),
      ),
    ).toEqual([]);
    const only = (edit: (row: Float64Array, j: number) => void) =>
      checkInvariants(REG, dense(edit)).filter((x) => x.rule === 'rate-vs-counter');
    const low = only((row, j) => {
      if (j === 20) row[M.BW_DOWNLOAD_RATE] = 80_000;
    });
    expect(low.map((x) => [x.rule, x.metrics, x.t])).toEqual([
      ['rate-vs-counter', ['bw.download_rate', 'net.bytes_recv'], 2000],
    ]);
    expect(low[0]?.detail).toContain('below');
    const high = only((row, j) => {
      if (j === 30) row[M.BW_DOWNLOAD_RATE] = 130_000;
    });
    expect(high.map((x) => [x.rule, x.t])).toEqual([['rate-vs-counter', 3000]]);
    expect(high[0]?.detail).toContain('above');
  });

  it('pieces that payload cannot account for', () => {
    const v = checkInvariants(
      REG,
      samples(4, (row, j) => {
        steady(row, j);
        if (j >= 2) row[M.PROTO_PIECES_UPLOADED] = 1000;
      }),
      { pieceLength: 16384 },
    );
    expect(v.map((x) => [x.rule, x.metrics[0], x.t])).toEqual([
      ['pieces-vs-payload', 'proto.pieces_uploaded', 1_002_000],
      ['pieces-vs-payload', 'proto.pieces_uploaded', 1_003_000],
    ]);
  });

  it('skips what is not reported, and metrics a registry does not have', () => {
    const all = Array.from({ length: NUM_METRICS }, (_, i) => i);
    expect(
      checkInvariants(
        REG,
        samples(5, () => undefined, all),
      ),
    ).toEqual([]);
    const other: RegistryEntry[] = [{ name: 'net.bytes_sent', kind: 'counter', unit: 'B' }];
    expect(checkInvariants(other, { t: [0, 1000], columns: [[5, 3]] }).map((x) => x.rule)).toEqual([
      'counter-monotonic',
    ]);
  });
});
