import { describe, expect, it } from 'vitest';
import { LIBTORRENT_KINDS } from '../../src/main/sources/deluge/libtorrent-metrics';
import { NOT_REPORTED } from '../../src/main/sources/engine/mapping';
import { derivedById, derivedInputs } from '../../src/shared/derived';
import { bindPanel } from '../../src/shared/panel-data';
import { cumulativeUnit, PANELS, panelsOf, SECTIONS } from '../../src/shared/panels';
import { builtinRegistry, M, metricByName as ourMetric, sessionStatsMetrics } from '../../src/shared/registry';
import { extraEntries } from '../../src/shared/session/extras';

// Our metrics, or libtorrent's (its own counters beyond ours, as the extra columns name them).
const LIBTORRENT = new Map(
  extraEntries(
    {
      section: 'libtorrent',
      metrics: Object.entries(LIBTORRENT_KINDS).map(([name, kind]) => ({ name, kind })),
      values: new Float64Array(),
    },
    new Set(builtinRegistry().map((e) => e.name)),
  ).map((e) => [e.name, e]),
);
const metricByName = (name: string) => ourMetric(name) ?? LIBTORRENT.get(name);

describe('panel definitions', () => {
  it('name only metrics and derived series that exist (ours; libtorrent’s only in panels that require them)', () => {
    for (const p of PANELS)
      for (const s of p.series) {
        if ('metric' in s && !p.requires) expect(ourMetric(s.metric), `${p.id}: ${s.metric}`).toBeDefined();
        if ('metric' in s) expect(metricByName(s.metric), `${p.id}: ${s.metric}`).toBeDefined();
        else expect(derivedById(s.derived), `${p.id}: ${s.derived}`).toBeDefined();
      }
  });

  it('show every metric that is not deprecated, and no deprecated one', () => {
    const shown = new Set<string>();
    for (const p of PANELS)
      for (const s of p.series) {
        if ('metric' in s) shown.add(s.metric);
        else for (const n of derivedInputs(derivedById(s.derived)!)) shown.add(n);
      }
    const want = sessionStatsMetrics().filter((x) => !x.deprecated);
    expect(want.filter((x) => !shown.has(x.name)).map((x) => x.name)).toEqual([]);
    for (const x of sessionStatsMetrics().filter((y) => y.deprecated)) expect(shown.has(x.name)).toBe(false);
  });

  it('have unique ids, a known section, and every section has panels', () => {
    expect(new Set(PANELS.map((p) => p.id)).size).toBe(PANELS.length);
    for (const s of SECTIONS) expect(panelsOf(s.id).length, s.id).toBeGreaterThan(0);
    for (const p of PANELS) expect(SECTIONS.some((s) => s.id === p.section)).toBe(true);
  });

  it('keep to one kind of quantity per panel: rate panels draw counters, level panels gauges', () => {
    for (const p of PANELS)
      for (const s of p.series) {
        if (!('metric' in s)) continue;
        const meta = metricByName(s.metric)!;
        const rateUnit = p.unit === 'B/s' || p.unit === '/s';
        if (meta.kind === 'counter') expect(rateUnit, `${p.id}: ${s.metric}`).toBe(true);
        if (meta.kind === 'counter') expect(cumulativeUnit(p.unit), `${p.id}`).toBe(meta.unit);
        if (meta.kind === 'gauge') expect(p.unit === meta.unit || (p.unit === 'B/s' && meta.unit === 'B/s')).toBe(true);
      }
  });

  it('only the diagnostics section is diagnostic, and it holds every diagnostic metric shown', () => {
    for (const p of PANELS)
      for (const s of p.series)
        if ('metric' in s)
          expect(metricByName(s.metric)!.diagnostic === true, s.metric).toBe(p.section === 'diagnostics');
  });
});

describe('binding a panel to what the source reports', () => {
  const registry = builtinRegistry();
  const engine = Object.fromEntries(NOT_REPORTED);
  const panel = (id: string) => PANELS.find((p) => p.id === id)!;

  it("gives a derived series the source's own reason for the input it lacks, not just the input's name", () => {
    const bound = bindPanel(panel('diag.acquire_time'), registry, engine);
    expect(bound.series.map((s) => s.label)).toEqual(['Acquire']);
    expect(bound.unavailable).toEqual([
      {
        label: 'Round-trip',
        slot: 1,
        reason: `not reported by this source: ${NOT_REPORTED.get(M.DISPATCH_ACQUIRE_RTT_US)} (dispatch.acquire_rtt_us)`,
      },
    ]);
  });

  it('names each reason once, with every input it concerns', () => {
    const reason = bindPanel(panel('diag.notify_wait'), registry, engine).unavailable[0]?.reason;
    expect(reason).toBe(
      `not reported by this source: ${NOT_REPORTED.get(M.DISPATCH_NOTIFY_WAIT_US)} (dispatch.notify_wait_us); ` +
        `${NOT_REPORTED.get(M.DISPATCH_NOTIFY_WAKEUP_TOTAL)} (dispatch.notify_wakeup_total)`,
    );
    const none = Object.fromEntries(registry.map((_, i) => [i, 'no source is connected']));
    expect(bindPanel(panel('diag.notify_wait'), registry, none).unavailable[0]?.reason).toBe(
      'not reported by this source: no source is connected (dispatch.notify_wait_us, dispatch.notify_wakeup_total)',
    );
  });

  it('gives a plain metric its reason as before', () => {
    const bound = bindPanel(panel('peers.swarm'), registry, engine);
    expect(bound.unavailable.find((u) => u.label === 'Banned')?.reason).toBe(
      `not reported by this source: ${NOT_REPORTED.get(M.PEER_NUM_BANNED)}`,
    );
  });
});
