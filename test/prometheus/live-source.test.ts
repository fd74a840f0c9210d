import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { AddressError, createSource } from '../../src/main/sources/addresses';
import type { Source } from '../../src/main/sources/Source';
import { SavedConnections } from '../../src/main/sources/savedConnections';
import { prometheusMetric } from '../../src/shared/prometheus';
import { builtinRegistry, M } from '../../src/shared/registry';
import type { Snapshot } from '../../src/shared/snapshot';
import {
  freePort,
  hasPrometheus,
  type Running,
  startPrometheus,
  startServe,
  waitFor,
} from '../helpers/prometheusServer';
import { parseExposition } from '../helpers/promtool';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/*
 * The live source against real parts: a `serve` (embedded engine, loopback swarm) scraped every
 * second by a real Prometheus, and a StatsHost watching that instance through
 * prometheus://…?instance=…. Its totals are checked against the serve's own /metrics read just
 * before and just after: they may lag by what Prometheus has not scraped yet, never more.
 */

if (!hasPrometheus) throw new Error("Debian's prometheus is needed (apt-get install prometheus; .ci/run installs it)");

const REGISTRY = builtinRegistry();
let serve: (Running & { pid: number }) | null = null;
let prom: Awaited<ReturnType<typeof startPrometheus>> | null = null;
const hosts: StatsHost[] = [];
const serves: Running[] = [];

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await Promise.all(serves.map((s) => s.stop()));
  await serve?.stop();
  await prom?.stop();
  cleanTempDirs();
});

function promAddress(instance: string, extra = ''): string {
  return `prometheus://127.0.0.1:${prom?.port}?instance=${instance}${extra}`;
}

async function watch(address: string): Promise<{ host: StatsHost; source: Source }> {
  const source = (await createSource(address)) as Source;
  const host = new StatsHost({ intervalMs: 1000, source });
  hosts.push(host);
  await host.start();
  return { host, source };
}

/** The serve's counters now, in our units, by registry index. */
async function served(): Promise<Map<number, number>> {
  const { samples, types } = parseExposition(await (await fetch(`${serve?.url}/metrics`)).text());
  const out = new Map<number, number>();
  REGISTRY.forEach((e, i) => {
    const m = prometheusMetric(e);
    const v = samples.get(m.name);
    if (e.kind === 'counter' && types.get(m.name) === 'counter' && v !== undefined) out.set(i, v * m.divisor);
  });
  return out;
}

/**
 * Every counter the source reports lies between the serve's total before and after: it caught
 * up with what Prometheus scraped (awaited, not timed) and never counted more than happened.
 */
async function sandwich(host: StatsHost, source: Source): Promise<number> {
  const before = await served();
  const checked = [...before.keys()].filter((i) => !source.notReported.has(i));
  // A seconds counter comes back as µs: allow the rounding of one µs.
  await waitFor(
    'the live totals to reach the serve’s',
    async () =>
      checked.every((i) => Number(host.counters.get(i)) >= (before.get(i) as number) - 1) ? true : undefined,
    30_000,
  );
  const ours = new Map(checked.map((i) => [i, Number(host.counters.get(i))]));
  const after = await served();
  for (const i of checked)
    expect(ours.get(i), `${REGISTRY[i]?.name}`).toBeLessThanOrEqual((after.get(i) as number) + 1);
  return checked.length;
}

describe('live source: one instance of a real Prometheus scraping a real serve', () => {
  let main: { host: StatsHost; source: Source };

  beforeAll(async () => {
    serve = await startServe();
    prom = await startPrometheus([`127.0.0.1:${serve.port}`]);
    const url = prom.url;
    await waitFor(
      'the serve scraped with traffic',
      async () => {
        const r = await fetch(`${url}/api/v1/query?query=tidegauge_net_recv_bytes_total`);
        const v = (await r.json()) as { data: { result: { value: [number, string] }[] } };
        return Number(v.data.result[0]?.value[1] ?? 0) > 0 ? true : undefined;
      },
      120_000,
    );
    main = await watch(promAddress(`127.0.0.1:${serve.port}`));
    await waitFor('live', async () => (main.source.health?.().state === 'live' ? true : undefined), 30_000);
  }, 180_000);

  it('its totals match the scraped serve’s within one scrape, under our names and units', async () => {
    const { host, source } = main;
    expect(await sandwich(host, source)).toBeGreaterThan(10);
    expect(Number(host.counters.get(M.NET_BYTES_RECV))).toBeGreaterThan(0);
    const h = source.health?.();
    expect(h?.version).toMatch(/^Prometheus \d+\.\d+.* · 127\.0\.0\.1:\d+ \(tidegauge\)$/);
    expect(h?.address).toBe(promAddress(`127.0.0.1:${serve?.port}`));
    expect(source.provenance?.()?.settings).toMatchObject({ exporters: ['tidegauge'], job: 'tidegauge' });
    // What the serve does not export (diagnostic counters while they are off) is not reported, with why.
    const diag = REGISTRY.findIndex((e) => e.diagnostic);
    expect(source.notReported.get(diag)).toMatch(/^Prometheus has no series of 127\.0\.0\.1:\d+ that maps to /);
  });

  it('an unknown instance is refused naming it and the instances the server knows; the host keeps running', async () => {
    const { host } = await watch(promAddress('nope.invalid:1'));
    expect(host.state().error).toMatch(
      new RegExp(
        `has no series of instance nope\\.invalid:1 in the last 5 min; it knows 127\\.0\\.0\\.1:${serve?.port}`,
      ),
    );
    const snaps: Snapshot[] = [];
    host.on('snapshot', (s: Snapshot) => snaps.push(s));
    await waitFor('the host to go on sampling', async () => (snaps.length >= 2 ? true : undefined));
    await expect(createSource(`prometheus://127.0.0.1:${prom?.port}`)).rejects.toThrow(AddressError);
    await expect(createSource(`prometheus://127.0.0.1:${prom?.port}`)).rejects.toThrow(/names no instance/);
  });

  it('a server that is not there is unreachable, said so, and retried', async () => {
    const port = await freePort();
    const { host, source } = await watch(`prometheus://127.0.0.1:${port}?instance=box1:7420`);
    expect(host.state().error).toBeNull();
    const h = source.health?.();
    expect(h?.state).toBe('unreachable');
    expect(h?.lastError).toBe(
      `http://127.0.0.1:${port} cannot be reached (ECONNREFUSED): is Prometheus running there?`,
    );
    await waitFor('a retry', async () => ((source.health?.().attempts ?? 0) >= 3 ? true : undefined));
  });

  it('switched to at runtime through the dispatcher: remembered with its instance, never its password', async () => {
    const host = new StatsHost({ intervalMs: 1000 });
    hosts.push(host);
    await host.start();
    const file = `${tempDir()}/connections.json`;
    const dispatcher = createDispatcher({ host, sources: { saved: new SavedConnections(file) } });
    const instance = `127.0.0.1:${serve?.port}`;
    const address = `prometheus://reader:pw-0123456789@127.0.0.1:${prom?.port}?instance=${instance}`;
    const test = await dispatcher.command({ type: 'testSource', address });
    expect(JSON.stringify(test)).toMatch(
      /Prometheus \d[^"]* answers at prometheus:\/\/127\.0\.0\.1:\d+\?instance=127\.0\.0\.1:\d+; \d+ of our \d+ metrics reported/,
    );
    expect(await dispatcher.command({ type: 'setSource', address })).toMatchObject({ ok: true });
    await waitFor('bytes', async () => (Number(host.counters.get(M.NET_BYTES_RECV)) > 0 ? true : undefined), 30_000);
    expect(host.state().recentSources?.map((r) => r.address)).toContain(promAddress(instance));
    expect(JSON.stringify(host.state())).not.toContain('pw-0123456789');
    const bad = await dispatcher.command({ type: 'setSource', address: promAddress('nope.invalid:1') });
    expect(bad).toMatchObject({ ok: false, status: 502 });
    expect(!bad.ok && bad.error).toMatch(/has no series of instance nope\.invalid:1/);
    expect(host.sample().seq).toBeGreaterThan(0);
  });

  it('serve --source prometheus://…?instance=… re-exports the watched instance’s totals', async () => {
    const instance = `127.0.0.1:${serve?.port}`;
    const watcher = await startServe(['--source', promAddress(instance)]);
    serves.push(watcher);
    const { samples } = parseExposition(await (await fetch(`${serve?.url}/metrics`)).text());
    const before = samples.get('tidegauge_net_recv_bytes_total') as number;
    await waitFor('the watcher’s /metrics to reach the watched serve’s', async () => {
      const mine = parseExposition(await (await fetch(`${watcher.url}/metrics`)).text()).samples;
      return (mine.get('tidegauge_net_recv_bytes_total') ?? 0) >= before ? true : undefined;
    });
  }, 180_000);

  it('Prometheus stopped mid-run: unreachable and gaps; restarted: live again with the right totals', async () => {
    const { host, source } = main;
    const snaps: Snapshot[] = [];
    const onSnap = (s: Snapshot) => snaps.push(s);
    host.on('snapshot', onSnap);
    await prom?.pause();
    await waitFor('unreachable', async () => (source.health?.().state === 'unreachable' ? true : undefined), 30_000);
    expect(source.health?.().lastError).toMatch(/cannot be reached .*: is Prometheus running there\?/);
    await waitFor('a gap sample', async () => (snaps.some((s) => s.gap) ? true : undefined), 30_000);
    await prom?.resume();
    await waitFor('live again', async () => (source.health?.().state === 'live' ? true : undefined), 60_000);
    host.off('snapshot', onSnap);
    // The outage added nothing twice and lost nothing: the totals still sit between the serve's.
    expect(await sandwich(host, source)).toBeGreaterThan(10);
  }, 120_000);

  it('the watched serve stopped: Prometheus’ failed scrape (up = 0) makes it unreachable, naming the target', async () => {
    const { host, source } = main;
    await serve?.stop();
    await waitFor('unreachable', async () => (source.health?.().state === 'unreachable' ? true : undefined), 30_000);
    expect(source.health?.().lastError).toMatch(
      /^Prometheus at http:\/\/127\.0\.0\.1:\d+: its last scrape of 127\.0\.0\.1:\d+ failed \(up = 0\)/,
    );
    expect(host.state().error).toBeNull();
  }, 60_000);
});
