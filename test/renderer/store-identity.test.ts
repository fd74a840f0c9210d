import { afterEach, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import type { HostEvent, HostState, HostStatus, TidegaugeApi } from '../../src/shared/api';
import { bindPanel } from '../../src/shared/panel-data';
import { panelsOf } from '../../src/shared/panels';
import type { RegistryEntry } from '../../src/shared/registry-types';

// The store is the renderer's (it remembers preferences through the DOM's localStorage, which
// this test program's Node types do not have): loaded by a path tsc does not follow, typed by
// the parts used here.
interface Store {
  connect(): void;
  getView(): { readonly host: HostState | null };
  readonly series: { readonly metricCount: number };
  readonly source: {
    readonly registry: readonly RegistryEntry[];
    readonly notReported: Readonly<Record<number, string>>;
  };
}
const STORE = '../../src/renderer/src/store';
const { HostStore } = (await import(STORE)) as { HostStore: new (api: TidegaugeApi) => Store };

/**
 * The renderer store fed by a real StatsHost's hello and statuses. Every panel binds its series
 * through `source.notReported` (memoised on its identity), so a new object with the same
 * reasons redrew every panel on every status (issue 21: 13.5 redraws/s instead of 1.5).
 */
describe('HostStore: the "not reported" reasons of the live source', () => {
  const hosts: StatsHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
  });

  function connected() {
    const host = new StatsHost({ intervalMs: 60_000 });
    hosts.push(host);
    let deliver: (e: HostEvent) => void = () => undefined;
    const api: TidegaugeApi = {
      subscribe(listener) {
        deliver = listener;
        return () => undefined;
      },
      send() {},
    };
    const store = new HostStore(api);
    store.connect();
    host.on('status', (e: HostStatus) => deliver(e));
    deliver(host.hello());
    const n = store.series.metricCount;
    let seq = 0;
    const snapshot = () =>
      deliver({
        type: 'snapshot',
        snapshot: {
          seq: seq++,
          t: 1_700_000_000_000 + seq * 100,
          diagnostics: false,
          values: new Float64Array(n),
          rates: new Float64Array(n),
        },
      });
    return { host, store, deliver, snapshot };
  }

  it('is the same object across snapshots and statuses that report the same set', () => {
    const { host, store, snapshot } = connected();
    const first = store.source.notReported;
    // No source: every metric is "not reported", and the host says so in every status.
    expect(Object.keys(first)).toHaveLength(store.series.metricCount);
    const panel = panelsOf('bandwidth')[0];
    if (!panel) throw new Error('no bandwidth panel');
    const bound = bindPanel(panel, store.source.registry, first);
    for (let k = 0; k < 5; k++) {
      snapshot();
      host.setIntervalMs(1000 + k); // a status: a fresh object from the host each time
      expect(store.getView().host?.intervalMs).toBe(1000 + k); // the status did arrive
      expect(store.source.notReported).toBe(first);
    }
    // What a memoised panel sees: the same inputs, so it keeps its binding.
    expect(bindPanel(panel, store.source.registry, store.source.notReported)).toEqual(bound);
  });

  it('is a new object, with the new reasons, when the set changes', () => {
    const { host, store, deliver, snapshot } = connected();
    const first = store.source.notReported;
    snapshot();
    const { 0: _dropped, ...fewer } = host.state().notReported;
    deliver({ type: 'status', ...host.state(), notReported: fewer });
    const second = store.source.notReported;
    expect(second).not.toBe(first);
    expect(0 in second).toBe(false);
    expect(Object.keys(second)).toHaveLength(store.series.metricCount - 1);
    // The same reason for a metric but a different text is a change too.
    deliver({ type: 'status', ...host.state(), notReported: { ...fewer, 1: 'another reason' } });
    expect(store.source.notReported).not.toBe(second);
    expect(store.source.notReported[1]).toBe('another reason');
    // And back to the same content: kept.
    const third = store.source.notReported;
    deliver({ type: 'status', ...host.state(), notReported: { ...fewer, 1: 'another reason' } });
    expect(store.source.notReported).toBe(third);
  });
});
