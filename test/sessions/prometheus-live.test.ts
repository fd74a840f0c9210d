import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WorkerDriverSource } from '../../e2e/fixtures/WorkerDriverSource';
import { StatsHost } from '../../src/main/live/statsHost';
import { EngineSource } from '../../src/main/sources/engine/EngineSource';
import type { Source } from '../../src/main/sources/Source';
import { startWebShell, type WebShell } from '../../src/main/web/WebShell';
import { prometheusName } from '../../src/shared/prometheus';
import { builtinRegistry, M } from '../../src/shared/registry';
import { hasPromtool, parseExposition, promtool } from '../helpers/promtool';

/*
 * /metrics of a real host and browser shell, checked by Prometheus' own promtool: what a
 * Grafana user scrapes. .ci/run installs promtool (Debian's prometheus package).
 */

const staticDir = mkdtempSync(join(tmpdir(), 'tg-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

const registry = builtinRegistry();
const DIAGNOSTIC = registry.filter((e) => e.diagnostic).map(prometheusName);

let host: StatsHost | null = null;
let shell: WebShell | null = null;
afterEach(async () => {
  await shell?.close();
  await host?.stop();
  shell = null;
  host = null;
});

async function serve(source: Source | null, diagnostics: boolean) {
  host = new StatsHost({ intervalMs: 1000, diagnostics, source });
  shell = await startWebShell({ host, staticDir, port: 0 });
  await host.start();
  return host;
}

async function scrape() {
  const res = await fetch(`http://127.0.0.1:${shell?.port}/metrics`);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const text = await res.text();
  return { text, ...parseExposition(text) };
}

/** The names a host should export: reported metrics, diagnostic ones only while counted. */
function expected(h: StatsHost): string[] {
  const state = h.state();
  return registry
    .filter((e, i) => state.notReported[i] === undefined && (state.diagnostics || !e.diagnostic))
    .map(prometheusName);
}

/** Every exposition scraped here, for promtool at the end. */
const scraped: { label: string; text: string }[] = [];

function expectClean(label: string, text: string) {
  const names = [...parseExposition(text).samples.keys()];
  expect(names.filter((n) => n.endsWith('_total_total'))).toEqual([]);
  scraped.push({ label, text });
}

describe('live /metrics', () => {
  it('of the embedded engine exports what it reports, and drops the diagnostic metrics when diagnostics go off', async () => {
    const h = await serve(new EngineSource({ loopback: null }), true);
    const on = await scrape();
    expectClean('engine, diagnostics on', on.text);
    expect([...on.samples.keys()].sort()).toEqual(expected(h).sort());
    // The engine reports some diagnostics (acquires, steals, lifetimes…): they are exported while on.
    expect(DIAGNOSTIC.filter((n) => on.samples.has(n)).length).toBeGreaterThan(10);
    expect(on.samples.get('tidegauge_ses_uptime_seconds')).toBeGreaterThanOrEqual(0);

    h.setDiagnostics(false);
    const off = await scrape();
    expectClean('engine, diagnostics off', off.text);
    expect(DIAGNOSTIC.filter((n) => off.samples.has(n))).toEqual([]);
    expect([...off.samples.keys()].sort()).toEqual(expected(h).sort());
    // What the engine cannot report is never a zero line.
    expect(off.samples.has('tidegauge_dht_nodes_v6')).toBe(false);
  });

  it('exports microsecond and millisecond counters in seconds, as counted by a worker thread', async () => {
    const driver = new WorkerDriverSource();
    await serve(driver, true);
    await driver.send({ op: 'inc', index: M.DISK_JOB_TIME_US, value: 9_150_000 });
    await driver.send({ op: 'inc', index: M.PEER_LIFETIME_SUM_MS, value: 61_500 });
    await driver.send({ op: 'inc', index: M.NET_BYTES_RECV, value: 1_048_576 });
    await driver.send({ op: 'set', index: M.BW_DOWNLOAD_RATE, value: 524_288 });
    const { text, samples } = await scrape();
    expectClean('worker thread, every metric', text);
    expect(samples.size).toBe(98); // all but the driver's web seeds
    expect(samples.get('tidegauge_disk_job_time_seconds_total')).toBe(9.15);
    expect(samples.get('tidegauge_peer_lifetime_seconds_total')).toBe(61.5);
    expect(samples.get('tidegauge_net_recv_bytes_total')).toBe(1_048_576);
    expect(samples.get('tidegauge_bw_download_bytes_per_second')).toBe(524_288);
  });

  it('of a host without a source is empty: nothing is reported, nothing is a zero', async () => {
    await serve(null, true);
    const { text } = await scrape();
    expect(text).toBe('');
    expectClean('no source', text);
  });

  it("passes promtool check metrics (needs Debian's prometheus for promtool; .ci/run installs it)", () => {
    expect(hasPromtool, 'promtool is missing: apt-get install prometheus').toBe(true);
    expect(scraped.map((s) => s.label)).toHaveLength(4);
    for (const { label, text } of scraped) expect(promtool(text), label).toEqual({ status: 0, output: '' });
  });
});
