import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { PromClient, parsePromAddress } from '../../src/main/prometheus/promClient';
import { importFromPrometheus } from '../../src/main/prometheus/promImport';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { encodeChecked } from '../../src/main/storage/sessionImport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { compareSessions } from '../../src/shared/compare/compareSessions';
import type { FleetListing } from '../../src/shared/fleet';
import { counterTotal } from '../../src/shared/rates';
import type { SessionData } from '../../src/shared/session/data';
import {
  hasPrometheus,
  type Running,
  startPrometheus,
  startServe,
  stopServeOnly,
  waitFor,
} from '../helpers/prometheusServer';

/*
 * Two real `serve` instances (embedded engine, small loopback swarms) scraped every second by
 * a real Prometheus on loopback. A range of each is imported back and its counter totals are
 * checked against what each serve recorded itself over the same span: they may differ only by
 * what a counter added within a scrape interval at either edge of the span.
 */

// A missing tool fails here rather than skipping: .ci/run installs Debian's prometheus.
const d = describe;
if (!hasPrometheus) throw new Error("Debian's prometheus is needed (apt-get install prometheus; .ci/run installs it)");

let serves: (Running & { pid: number })[] = [];
let prom: Running | null = null;

afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await prom?.stop();
});

function column(data: SessionData, name: string): Float64Array {
  const i = data.meta.registry.findIndex((e) => e.name === name);
  if (i < 0) throw new Error(`no ${name}`);
  return data.columns[i] as Float64Array;
}

/** The recording's values of `name` at samples within [a, b] ms. */
function within(data: SessionData, name: string, a: number, b: number): number[] {
  const c = column(data, name);
  const out: number[] = [];
  for (let r = 0; r < data.length; r++) {
    const t = data.t[r] as number;
    if (t >= a && t <= b && !Number.isNaN(c[r] as number)) out.push(c[r] as number);
  }
  return out;
}

let span = { from: 0, to: 0 };
let fleet: unknown = null;
const libDir = mkdtempSync(join(tmpdir(), 'tg-prom-lib-'));
const dispatcher = createDispatcher({ host: new StatsHost({ intervalMs: 1000 }), library: new SessionLibrary(libDir) });
afterAll(() => rmSync(libDir, { recursive: true, force: true }));
const recordings: SessionData[] = [];

d('import from a real Prometheus scraping two serve instances', () => {
  beforeAll(async () => {
    serves = await Promise.all([startServe(), startServe()]);
    prom = await startPrometheus(serves.map((s) => `127.0.0.1:${s.port}`));
    const c = new PromClient(parsePromAddress(prom.url));
    // Until both have been scraped for a while and have moved bytes.
    await waitFor(
      'both instances scraped 10 times with traffic',
      async () => {
        const n = await c.query('count_over_time(tidegauge_net_recv_bytes_total[10m])');
        const b = await c.query('tidegauge_net_recv_bytes_total');
        return n.length === 2 && n.every((x) => Number(x.value[1]) >= 10) && b.every((x) => Number(x.value[1]) > 0)
          ? true
          : undefined;
      },
      80_000,
    );
    const now = Math.floor(Date.now() / 1000);
    const first = await c.query('min_over_time(timestamp(tidegauge_net_recv_bytes_total)[10m:1s])');
    const start = Math.ceil(Math.max(...first.map((x) => Number(x.value[1]))));
    span = { from: start + 2, to: now - 1 };
    // The fleet view's listing while both run, through the one dispatcher both shells use.
    fleet = await dispatcher.library({ op: 'fleet', server: `prometheus://${prom.url.slice('http://'.length)}` });
    // The serves close their recordings; Prometheus keeps what it scraped.
    await Promise.all(serves.map((s) => stopServeOnly(s.pid)));
    for (const s of serves) {
      const dir = join(s.dir, 'sessions');
      const f = readdirSync(dir).find((x) => x.endsWith('.arrow'));
      if (!f) throw new Error(`no recording in ${dir}`);
      recordings.push((await readSessionFile(join(dir, f))).data);
    }
  }, 120_000);

  it('each import matches its serve’s own recording over the same span, within one scrape interval', async () => {
    const url = (prom as Running).url;
    const imports: SessionData[] = [];
    for (const [k, s] of serves.entries()) {
      const instance = `127.0.0.1:${s.port}`;
      const r = await importFromPrometheus({
        address: `prometheus://${url.slice('http://'.length)}`,
        match: `instance="${instance}"`,
        from: span.from,
        to: span.to,
        stepS: 1,
      });
      expect(r.instance).toBe(instance);
      const meta = r.data.meta;
      expect(meta.origin).toMatchObject({
        type: 'import',
        format: 'prometheus',
        prometheus: { server: url, instance, query: `{instance="${instance}"}`, stepS: 1 },
      });
      // Scrape series Prometheus adds are kept as extra columns under their own names.
      expect(r.report.kept).toContain('up');
      const rec = recordings[k] as SessionData;
      let checked = 0;
      for (const e of rec.meta.registry) {
        if (e.kind !== 'counter' || !meta.registry.some((x) => x.name === e.name)) continue;
        const mine = within(rec, e.name, span.from * 1000, span.to * 1000);
        const theirs = Array.from(column(r.data, e.name)).filter((v) => !Number.isNaN(v));
        if (mine.length < 2 || theirs.length < 2) continue;
        // What the counter added within ±2 s of each edge (a scrape interval plus the sampler's tick).
        const edge = (t: number) => counterTotal(within(rec, e.name, (t - 2) * 1000, (t + 2) * 1000));
        const tol = edge(span.from) + edge(span.to) + 1e-6 * Math.abs(mine[mine.length - 1] as number);
        expect(Math.abs(counterTotal(theirs) - counterTotal(mine)), `${e.name} on ${instance}`).toBeLessThanOrEqual(
          tol,
        );
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
      expect(
        counterTotal(Array.from(column(r.data, 'net.bytes_recv')).filter((v) => !Number.isNaN(v))),
      ).toBeGreaterThan(0);
      imports.push(r.data);
    }
    // The two imports compare like any two recorded sessions.
    const cmp = compareSessions(imports.map((data, i) => ({ id: `box${i}`, title: `box ${i}`, data })));
    const recv = cmp.rows.find((x) => x.name === 'net.bytes_recv');
    expect(recv?.sessions.every((f) => typeof f !== 'string' && (f.total ?? 0) > 0)).toBe(true);
    expect(recv?.deltas[1]).not.toBeNull();
  });

  it('the fleet listing names both instances with their current rates', () => {
    expect(fleet).toMatchObject({ ok: true, op: 'fleet' });
    const listing = (fleet as { value: FleetListing }).value;
    expect(listing.server).toBe((prom as Running).url);
    expect(listing.instances.map((i) => i.instance)).toEqual(serves.map((s) => `127.0.0.1:${s.port}`).sort());
    for (const i of listing.instances) {
      expect(i).toMatchObject({ up: true, exporter: 'tidegauge', job: 'tidegauge' });
      expect(i.figures.downloadRate).toBeGreaterThan(0);
      expect(i.figures.uploadRate).toBeGreaterThan(0);
      expect(i.figures.connections).not.toBeNull();
    }
  });

  it('fleetImport puts a range of one instance in the library as a session; bad requests are 400', async () => {
    const server = `prometheus://${(prom as Running).url.slice('http://'.length)}`;
    const instance = `127.0.0.1:${serves[1]?.port}`;
    const r = await dispatcher.library({ op: 'fleetImport', server, instance, from: span.from, to: span.to, step: 1 });
    expect(r).toMatchObject({ ok: true, op: 'fleetImport' });
    const id = (r as { value: { summary: { id: string } } }).value.summary.id;
    const listed = await dispatcher.library({ op: 'list' });
    expect(JSON.stringify(listed)).toContain(id);
    const bad = await dispatcher.library({ op: 'fleetImport', server: 'ftp://x', instance, from: 2, to: 1, step: 1 });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    const gone = await dispatcher.library({ op: 'fleet', server: 'prometheus://127.0.0.1:1' });
    expect(gone).toMatchObject({ ok: false, status: 502, error: expect.stringMatching(/cannot be reached/) });
  });

  it('a user and password in the address are sent, never written to the file', async () => {
    const host = (prom as Running).url.slice('http://'.length);
    const r = await importFromPrometheus({
      address: `prometheus://reader:s3cret-pw@${host}?instance=127.0.0.1:${serves[0]?.port}`,
      from: span.from,
      to: span.to,
      stepS: 5,
    });
    const bytes = await encodeChecked(r.data, 'prometheus');
    expect(Buffer.from(bytes).includes('s3cret-pw')).toBe(false);
    expect(JSON.stringify(r.data.meta)).not.toContain('reader');
    expect(r.data.meta.origin).toMatchObject({ prometheus: { server: (prom as Running).url } });
  });

  it('a matcher that selects both instances is refused, naming them', async () => {
    const host = (prom as Running).url.slice('http://'.length);
    await expect(
      importFromPrometheus({
        address: `prometheus://${host}`,
        match: 'job="tidegauge"',
        from: span.from,
        to: span.to,
        stepS: 1,
      }),
    ).rejects.toThrow(/matches 2 instances .*127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+/);
  });
});
