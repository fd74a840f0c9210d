import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { attachLiveClient, type LiveTransport } from '../../src/main/dispatch/LiveClient';
import { StatsHost } from '../../src/main/live/statsHost';
import type { Source } from '../../src/main/sources/Source';
import type { HostEvent, HostHello } from '../../src/shared/api';
import { NUM_METRICS } from '../../src/shared/registry';
import { MAX_EXTRA_COLUMNS, type SourceExtras } from '../../src/shared/session/extras';
import { decodeSnapshot, type Snapshot } from '../../src/shared/snapshot';

/*
 * A source's own metrics beyond ours (libtorrent's through Deluge) in the live stream: the
 * hello's registry and every snapshot carry them after our 99, once the source offers them;
 * a source without them keeps the stream 99 wide. The real daemon is in
 * test/sources/daemons/host-deluge.test.ts; here a source whose extras the test sets.
 */

function extrasSource(): Source & { x: SourceExtras | null; offer(names: string[]): void } {
  const s = {
    info: { kind: 'test', label: 'test source' },
    notReported: new Map<number, string>(),
    x: null as SourceExtras | null,
    start: async () => {},
    stop: async () => {},
    extras: () => s.x,
    offer(names: string[]) {
      s.x = {
        section: 'libtorrent',
        metrics: names.map((name) => ({ name, kind: name.endsWith('_latency') ? 'gauge' : 'counter' })),
        values: new Float64Array(names.length).fill(Number.NaN),
      };
    },
  };
  return s;
}

const hosts: StatsHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
});

function watch(host: StatsHost) {
  const events: HostEvent[] = [];
  const snaps: Snapshot[] = [];
  const transport: LiveTransport = {
    sendEvent: (e) => events.push(e),
    sendSnapshot: (f) => {
      if ((new Float64Array(f, 0, 1)[0] as number) >= 0) snaps.push(decodeSnapshot(f));
    },
    onMessage: () => {},
    onClose: () => {},
  };
  attachLiveClient(transport, { host, dispatcher: createDispatcher({ host }) });
  const hellos = () => events.filter((e): e is HostHello => e.type === 'hello');
  return { events, snaps, hellos };
}

describe('live extras: the stream carries a source’s own metrics after ours', () => {
  it('widens once the source offers them: a new hello, then snapshots with values and rates', async () => {
    const src = extrasSource();
    const host = new StatsHost({ intervalMs: 60_000, source: src });
    hosts.push(host);
    await host.start();
    const c = watch(host);
    host.sample();
    expect(c.hellos().at(-1)?.registry.length).toBe(NUM_METRICS);
    expect(c.snaps.at(-1)?.values.length).toBe(NUM_METRICS);

    // Connected: libtorrent's list, with one of our names among it (never a second column).
    src.offer(['utp.utp_packet_loss', 'disk.request_latency', 'net.bytes_sent']);
    (src.x as SourceExtras).values.set([4, 250, 999]);
    const first = host.sample();
    const hello = c.hellos().at(-1) as HostHello;
    expect(c.hellos()).toHaveLength(2);
    expect(hello.registry.slice(NUM_METRICS).map((e) => [e.name, e.category, e.extra, e.unit])).toEqual([
      ['utp.utp_packet_loss', 'libtorrent', true, 'count'],
      ['disk.request_latency', 'libtorrent', true, 'us'],
    ]);
    // The hello comes before the first wide snapshot.
    expect(c.events.indexOf(hello)).toBeGreaterThanOrEqual(0);
    expect(c.snaps.at(-1)).toMatchObject({ seq: first.seq });
    expect([...(c.snaps.at(-1) as Snapshot).values.slice(NUM_METRICS)]).toEqual([4, 250]);

    (src.x as SourceExtras).values.set([10, 300, 999]);
    const t0 = first.t;
    await new Promise((r) => setTimeout(r, 20));
    const next = host.sample();
    const dt = (next.t - t0) / 1000;
    expect(next.values[NUM_METRICS]).toBe(10);
    expect(next.rates[NUM_METRICS]).toBeCloseTo(6 / dt, 6); // a counter: per second
    expect(next.rates[NUM_METRICS + 1]).toBe(300); // a gauge: as it is

    // A name missing from a reading is NaN, never 0; a gap is NaN in every column.
    (src.x as SourceExtras).values.set([Number.NaN, 310, 999]);
    expect(Number.isNaN(host.sample().values[NUM_METRICS] as number)).toBe(true);
    // The history a late page gets is the wide one.
    const late = watch(host);
    expect(late.hellos()[0]?.registry.length).toBe(NUM_METRICS + 2);
  });

  it('a source without extras stays 99 wide; switching away from one narrows the stream again', async () => {
    const plain: Source = {
      info: { kind: 'p', label: 'plain' },
      notReported: new Map(),
      start: async () => {},
      stop: async () => {},
    };
    const host = new StatsHost({ intervalMs: 60_000, source: plain });
    hosts.push(host);
    await host.start();
    const c = watch(host);
    for (let i = 0; i < 3; i++) host.sample();
    expect(c.hellos()).toHaveLength(1);
    expect(c.snaps.every((s) => s.values.length === NUM_METRICS && s.rates.length === NUM_METRICS)).toBe(true);

    const src = extrasSource();
    await host.setSource(src);
    src.offer(['utp.utp_timeout']);
    expect(host.sample().values.length).toBe(NUM_METRICS + 1);
    await host.setSource(plain);
    expect(c.hellos().map((h) => h.registry.length)).toEqual([NUM_METRICS, NUM_METRICS + 1, NUM_METRICS]);
    expect(host.sample().values.length).toBe(NUM_METRICS);
  });

  it('bounded: at most MAX_EXTRA_COLUMNS extras, as in files', async () => {
    const src = extrasSource();
    const host = new StatsHost({ intervalMs: 60_000, source: src });
    hosts.push(host);
    await host.start();
    src.offer(Array.from({ length: MAX_EXTRA_COLUMNS + 500 }, (_, i) => `x.m${i}`));
    expect(host.sample().values.length).toBe(NUM_METRICS + MAX_EXTRA_COLUMNS);
  });
});
