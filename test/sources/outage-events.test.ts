import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { createSource } from '../../src/main/sources/addresses';
import type { Source } from '../../src/main/sources/Source';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { M } from '../../src/shared/registry';
import type { SessionEvent } from '../../src/shared/session/events';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { type Served, SteadySource, serveHost, until } from './helpers';

/*
 * A Tidegauge watching another through tidegauge://, both real hosts behind real web shells.
 * The watched one is stopped mid-recording and started again on the same port: the watcher's
 * recording holds an outage-start when the connection went and an outage-end when it came
 * back, read from its journal while it still records (the crash path) and from the closed file.
 */

const TOKEN = 'outage-events-token-123456';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(cleanTempDirs);

/** A host watching `source`, recording into a new folder; both stopped after the test. */
async function recordingHost(source: Source): Promise<{ host: StatsHost; recorder: Recorder }> {
  const host = new StatsHost({ intervalMs: 200, source });
  const recorder = new Recorder(host, { dir: tempDir() });
  cleanup.push(
    () => host.stop(),
    () => recorder.stop(),
  );
  await recorder.start();
  await host.start();
  return { host, recorder };
}

const kinds = (events: readonly SessionEvent[] | undefined) => (events ?? []).map((e) => e.kind);

describe('outages and switches recorded with the session', () => {
  it('a watched serve stopped and restarted: outage-start and outage-end in the file, around its gap', async () => {
    let watched: Served = await serveHost(new SteadySource(50), { token: TOKEN, intervalMs: 200 });
    cleanup.push(() => watched.close());
    const port = watched.shell.port;
    const source = await createSource(`tidegauge://127.0.0.1:${port}?token=${TOKEN}`);
    if (!source) throw new Error('tidegauge:// made no source');
    const { host, recorder } = await recordingHost(source);
    await until('recording real samples', () => (recorder.current?.rows ?? 0) >= 3);
    const path = recorder.current?.path as string;
    host.setDiagnostics(true);
    await until('diagnostics on at the watched host', () => watched.host.state().diagnostics);

    await watched.close();
    const stoppedAt = Date.now();
    await until('outage-start', () => host.sessionEvents().some((e) => e.kind === 'outage-start'));
    // What a client sees live: the same event in the status.
    expect(kinds(host.state().events)).toContain('outage-start');
    await until('gap samples recorded', async () => {
      const o = await readSessionFile(path);
      return [...(o.data.columns[M.NET_BYTES_RECV] ?? [])].some(Number.isNaN);
    });

    watched = await serveHost(new SteadySource(50), { port, token: TOKEN, intervalMs: 200 });
    await until('outage-end', () => host.sessionEvents().some((e) => e.kind === 'outage-end'), 30_000);
    const rowsAfter = recorder.current?.rows ?? 0;
    await until('samples after the recovery', () => (recorder.current?.rows ?? 0) >= rowsAfter + 3);

    // Still recording: everything is in the journal (no batch yet), as after a kill -9.
    const journaled = await readSessionFile(path);
    expect(journaled.state).toBe('recording');
    expect(kinds(journaled.data.events)).toEqual(['diagnostics-on', 'outage-start', 'outage-end']);

    await recorder.stop();
    const closed = await readSessionFile(path);
    expect(closed.state).toBe('complete');
    const events = closed.data.events ?? [];
    expect(kinds(events)).toEqual(['diagnostics-on', 'outage-start', 'outage-end']);
    const [, start, end] = events as [SessionEvent, SessionEvent, SessionEvent];
    expect(start.text).toMatch(
      /^source unreachable: Tidegauge at tidegauge:\/\/127\.0\.0\.1:\d+ is (unreachable|lagging)/,
    );
    expect(start.text).not.toContain(TOKEN);
    expect(end.text).toMatch(/^source unreachable: .* is live again after \d/);
    // The outage starts after the stop (the loss is seen, not guessed) and covers the gap rows.
    expect(start.t).toBeGreaterThanOrEqual(stoppedAt - 250);
    const d = closed.data;
    const col = d.columns[M.NET_BYTES_RECV] as Float64Array;
    const gapRows = [...d.t].filter((_, r) => Number.isNaN(col[r] as number));
    expect(gapRows.length).toBeGreaterThan(0);
    for (const t of gapRows) expect(t >= start.t && t <= end.t).toBe(true);
  });

  it('a source switch starts the new file with the switch; diagnostics off is recorded', async () => {
    const watched = await serveHost(new SteadySource(50), { token: TOKEN, intervalMs: 200 });
    cleanup.push(() => watched.close());
    const { host, recorder } = await recordingHost(new SteadySource(50));
    host.setDiagnostics(true);
    await until('first file', () => (recorder.current?.rows ?? 0) >= 2);
    const first = recorder.current?.path as string;
    await host.setSource(await createSource(`tidegauge://127.0.0.1:${watched.shell.port}?token=${TOKEN}`));
    await until('second file', () => recorder.current !== null && recorder.current.path !== first);
    host.setDiagnostics(false);
    await until('samples in the second file', () => (recorder.current?.rows ?? 0) >= 2);
    const second = recorder.current?.path as string;
    await recorder.stop();
    const a = (await readSessionFile(first)).data.events ?? [];
    const b = (await readSessionFile(second)).data.events ?? [];
    expect(kinds(a)).toEqual(['diagnostics-on', 'source']);
    expect(b.map((e) => [e.kind, e.text])).toEqual([
      ['source', expect.stringMatching(/^switched to Tidegauge at tidegauge:\/\/127\.0\.0\.1:\d+$/)],
      ['diagnostics-off', 'diagnostics switched off'],
    ]);
  });
});
