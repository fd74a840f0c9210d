import { describe, expect, it } from 'vitest';
import type { RemoteAdapter } from '../../src/main/sources/remote/adapter';
import { RemoteExtras } from '../../src/main/sources/remote/extras';

/*
 * A remote engine's extras across connections: counters handed on as totals that never go
 * down (a restarted daemon counts from 0 again), gauges as read, a missing value NaN.
 */

const adapter = {
  kind: 'test',
  mapping: { names: { 'net.bytes_sent': 'net.sent_payload_bytes' }, notReported: {} },
  extras: { section: 'libtorrent', keep: () => true },
} as unknown as RemoteAdapter;

const registry = [
  { name: 'utp.utp_packet_loss', kind: 'counter' as const },
  { name: 'disk.request_latency', kind: 'gauge' as const },
  { name: 'net.sent_payload_bytes', kind: 'counter' as const }, // mapped onto ours: never an extra
];
const reading = (loss: number, latency?: number) => ({
  values: new Map(
    Object.entries({
      'utp.utp_packet_loss': loss,
      ...(latency === undefined ? {} : { 'disk.request_latency': latency }),
    }),
  ),
});

describe('RemoteExtras', () => {
  it('folds counters across a restart (a new connection), hands gauges on as read', () => {
    const x = new RemoteExtras(adapter);
    x.learn({ version: 'v', registry });
    expect(x.get()?.metrics.map((m) => m.name)).toEqual(['utp.utp_packet_loss', 'disk.request_latency']);
    const seen: number[][] = [];
    const take = (loss: number, latency?: number) => {
      x.take(reading(loss, latency));
      seen.push([...(x.get()?.values ?? [])]);
    };
    take(40, 900);
    take(45, 300);
    // The daemon restarted: a new connection, its counters from 0 again.
    x.learn({ version: 'v', registry });
    take(2, 1200);
    take(7);
    expect(seen).toEqual([
      [40, 900],
      [45, 300],
      [47, 1200],
      [52, Number.NaN],
    ]);
  });
});
