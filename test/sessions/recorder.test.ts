import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { journalPath, readSessionFile } from '../../src/main/storage/sessionFiles';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import type { Snapshot } from '../../src/shared/snapshot';
import { cleanTempDirs, FakeSource, tempDir } from './helpers';

afterAll(cleanTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Recorder', () => {
  it('records every snapshot of a live host; reopened, the values are identical', async () => {
    const dir = tempDir();
    const host = new StatsHost({ intervalMs: 20, source: new FakeSource(3) });
    const recorder = new Recorder(host, { dir, batchRows: 10 });
    const seen: Snapshot[] = [];
    host.on('snapshot', (s) => seen.push({ ...s, values: Float64Array.from(s.values) }));
    await recorder.start();
    await host.start();
    await sleep(700);
    host.setDiagnostics(true);
    await sleep(200);
    await host.stop();
    const info = recorder.current;
    await recorder.stop();
    expect(info).not.toBeNull();
    const opened = await readSessionFile(info!.path);
    expect(opened.state).toBe('complete');
    expect(existsSync(journalPath(info!.path))).toBe(false);
    const d = opened.data;
    // The first snapshot comes before the source is up; the recorder may also start one late.
    const first = seen.findIndex((s) => s.t === d.t[0]);
    expect(first).toBeGreaterThanOrEqual(0);
    const recorded = seen.slice(first);
    expect(d.length).toBe(recorded.length);
    expect(d.length).toBeGreaterThan(10); // ~45 at 20 ms; a loaded machine skips ticks
    recorded.forEach((s, r) => {
      expect(d.t[r]).toBe(s.t);
      expect(d.diagnostics[r]).toBe(s.diagnostics ? 1 : 0);
      for (let i = 0; i < 99; i++) {
        const v = d.columns[i]![r]!;
        if (i === 5)
          expect(v).toBeNaN(); // the source cannot report it
        else expect(v).toBe(s.values[i]);
      }
    });
    expect(d.diagnostics.at(-1)).toBe(1);
    expect(d.meta.source?.label).toBe('Fake engine');
    expect(d.meta.notReported['5']).toBe('fake cannot');
    expect(d.meta.intervalMs).toBe(20);
  });

  it('records nothing without a source, and starts a new file when the source changes', async () => {
    const dir = tempDir();
    const host = new StatsHost({ intervalMs: 20, source: null });
    const recorder = new Recorder(host, { dir });
    await recorder.start();
    await host.start();
    await sleep(150);
    expect(readdirSync(dir)).toEqual([]);
    await host.setSource(new FakeSource());
    await sleep(150);
    const a = recorder.current?.path;
    const b2 = new FakeSource();
    Object.assign(b2, { info: { kind: 'fake2', label: 'Other' } });
    await host.setSource(b2);
    await sleep(150);
    const b = recorder.current?.path;
    await host.stop();
    await recorder.stop();
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect((await readSessionFile(a!)).data.meta.source?.label).toBe('Fake engine');
    expect((await readSessionFile(b!)).data.meta.source?.label).toBe('Other');
  });

  it('survives kill -9: the file opens and holds every sample but the last second or so', async () => {
    const base = tempDir();
    const dir = join(base, 'sessions');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'children/record-child.ts'), dir, '50'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    child.stdout.on('data', (b) => {
      out += String(b);
    });
    child.stderr.on('data', (b) => {
      errText += String(b);
    });
    // Record ~3.3 s at 20 Hz: several 40-row batches plus a journal tail.
    const deadline = Date.now() + 30_000;
    while (!/rows (6[0-9]|[7-9][0-9])\b/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child did not record: ${out}\n${errText}`);
      await sleep(50);
    }
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const path = /started (\S+)/.exec(out)?.[1];
    expect(path).toBeDefined();
    const lastRows = Number([...out.matchAll(/rows (\d+)/g)].at(-1)?.[1]);
    const opened = await readSessionFile(path!);
    expect(opened.state).toBe('interrupted');
    const d = opened.data;
    // At most ~1 s (20 samples at 50 ms) plus one in flight lost.
    expect(d.length).toBeGreaterThanOrEqual(lastRows - 22);
    // Every recovered sample is intact: counter i = (i + 1) * tick, ticks consecutive.
    const tick0 = d.columns[0]![0]!;
    for (let r = 0; r < d.length; r++) {
      const tick = tick0 + r;
      for (const i of [0, 1, 13, 69]) expect(d.columns[i]![r]).toBe((i + 1) * tick);
    }
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    // The library folds the journal back in: a complete file, same samples, journal gone.
    const lib = new SessionLibrary(base);
    const list = await lib.list();
    expect(list).toHaveLength(1);
    expect(list[0]?.state).toBe('complete');
    expect(list[0]?.samples).toBe(d.length);
    expect(existsSync(journalPath(path!))).toBe(false);
  }, 60_000);
});
