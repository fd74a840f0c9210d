import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { createDefaultSource } from '../../src/main/sources/default';
import type { EngineSource } from '../../src/main/sources/engine/EngineSource';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { completeTime, firstPayloadTime } from '../../src/shared/compare/align';
import { compareGroups, type RunFigures, runFigures } from '../../src/shared/compare/compareGroups';
import { compareSessions } from '../../src/shared/compare/compareSessions';
import type { GroupsJson } from '../../src/shared/compare/groupsJson';
import { settingsDiff } from '../../src/shared/compare/provenance';
import type { SessionData } from '../../src/shared/session/data';
import { ensureBuilt, ROOT } from '../helpers/processes';
import { cleanTempDirs, tempDir } from '../sessions/helpers';

/** The recordings' sample interval. */
const SAMPLE_MS = 250;

const MiB = 1024 * 1024;
const CONTENT = 3 * MiB;

beforeAll(() => ensureBuilt(), 600_000);
afterAll(() => cleanTempDirs());

/** Record one real download of CONTENT from an honest one-seeder loopback swarm at a download cap. */
async function record(limit: number, utp?: boolean): Promise<{ data: SessionData; downloadMs: number; path: string }> {
  const dir = tempDir();
  const source = createDefaultSource({
    contentSize: CONTENT,
    pieceLength: 64 * 1024,
    // One seeder: with two, webtorrent's slow-peer steal can fetch a block twice (real waste).
    seeders: 1,
    leechers: 0,
    corruptEvery: 0,
    cycle: false,
    seederUploadLimit: -1,
    downloadLimit: limit,
    utp,
    tickMs: 250,
  }) as EngineSource;
  const host = new StatsHost({ intervalMs: SAMPLE_MS, source });
  const recorder = new Recorder(host, { dir });
  const done = new Promise<number>((resolve) => source.on('done', (_h, ms) => resolve(ms)));
  await recorder.start();
  await host.start();
  const downloadMs = await done;
  // A few more samples so the end of the download is in the file.
  await new Promise((r) => setTimeout(r, 1500));
  await recorder.stop();
  await host.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.arrow'));
  if (!file) throw new Error('no recording was written');
  const path = join(dir, file);
  return { data: (await readSessionFile(path)).data, downloadMs, path };
}

interface Transfer {
  /** Payload bytes the counter added over the recording. */
  readonly bytes: number;
  /** First to last rise of the payload counter, in s (sample times in the file). */
  readonly seconds: number;
}

/** A recording's transfer, read straight off its payload counter (not through the compare code). */
async function transfer(path: string): Promise<Transfer> {
  const { data } = await readSessionFile(path);
  const i = data.meta.registry.findIndex((e) => e.name === 'bw.total_downloaded');
  const c = data.columns[i] as Float64Array;
  let first = Number.NaN;
  let last = Number.NaN;
  let base = Number.NaN;
  let prev = Number.NaN;
  for (let k = 0; k < data.length; k++) {
    const v = c[k] as number;
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(base)) base = v;
    else if (v > prev) {
      if (Number.isNaN(first)) first = data.t[k] as number;
      last = data.t[k] as number;
    }
    prev = v;
  }
  return { bytes: prev - base, seconds: (last - first) / 1000 };
}

function median(v: readonly number[]): number {
  const s = [...v].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** `tidegauge compare A… --vs B… --json` as a user runs it (the built CLI in a process of its own). */
function cliGroups(a: readonly string[], b: readonly string[], extra: readonly string[]): GroupsJson {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'tidegauge.js'), 'compare', ...a, '--vs', ...b, '--json', ...extra],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0) throw new Error(`compare exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as GroupsJson;
}

/** TIDEGAUGE_KEEP_RECORDINGS=DIR keeps copies of the recordings (sample reports are made of them). */
function keepCopies(files: Record<string, readonly string[]>): void {
  const dir = process.env.TIDEGAUGE_KEEP_RECORDINGS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const [group, paths] of Object.entries(files))
    for (const [k, p] of paths.entries()) copyFileSync(p, join(dir, `${group}-${k + 1}.arrow`));
}

describe('comparing two real recordings of the loopback swarm at two download caps', () => {
  it('shows the same payload and a shorter download at the higher cap', async () => {
    const slow = await record(512 * 1024);
    const fast = await record(1024 * 1024);
    const c = compareSessions(
      [
        { id: 'slow', title: '512 KiB/s', data: slow.data },
        { id: 'fast', title: '1 MiB/s', data: fast.data },
      ],
      { baseline: 0 },
    );
    const dl = c.rows.find((r) => r.name === 'bw.total_downloaded');
    const [a, b] = dl?.sessions ?? [];
    if (typeof a !== 'object' || typeof b !== 'object') throw new Error('payload figures missing');
    // Ground truth: each run downloaded the content once (an honest swarm: no waste).
    expect(a.total).toBe(CONTENT);
    expect(b.total).toBe(CONTENT);
    // The faster cap shows as a higher payload rate while downloading. Not the mean over the
    // whole recording: on a busy machine the idle time around the download dilutes it (this
    // assertion once failed that way), and idle time is not what the cap changes.
    const runs = [slow, fast].map((r, k) => runFigures({ id: String(k), title: '', data: r.data }, { kind: 'start' }));
    const [ra, rb] = runs.map((r) => r.headline.payload_down_active ?? Number.NaN) as [number, number];
    expect(rb / ra).toBeGreaterThan(1.4);
    expect(ra).toBeLessThan(1.25 * 512 * 1024);
    // Download time read from each recording (first payload byte to download complete).
    const span = (d: SessionData) => ((completeTime(d) ?? Number.NaN) - (firstPayloadTime(d) ?? Number.NaN)) / 1000;
    const [da, db] = [span(slow.data), span(fast.data)];
    expect(c.sessions.every((x) => x.timeToCompleteS !== null)).toBe(true);
    // What the limiter guarantees however busy the machine: no faster than the cap, less the
    // one-second burst webtorrent's limiter lets through (3 MiB: >= 5 s at 512 KiB/s, >= 2 s
    // at 1 MiB/s); half a second more for the sample interval at each end.
    expect(da).toBeGreaterThan(CONTENT / (512 * 1024) - 1.5);
    expect(db).toBeGreaterThan(CONTENT / MiB - 1.5);
    // The files agree with the engine's own clock (which also counts fetching the metadata);
    // generous: a descheduled sampler stamps a sample late.
    expect(da).toBeLessThan(slow.downloadMs / 1000 + 5);
    expect(db).toBeLessThan(fast.downloadMs / 1000 + 5);
    // Twice the cap shows as a shorter download, with a generous bound (~2x when idle).
    expect(da / db).toBeGreaterThan(1.15);
    expect(dl?.deltas[1]).toMatchObject({ abs: 0, verdict: 'same' });
  }, 600_000);
});

/*
 * Groups of runs (issue 17): 3 runs at 512 KiB/s against 3 at 1 MiB/s must read "faster", and 3
 * against 3 at the same cap (an A/A test) "no significant difference" on every headline figure.
 * Runs are interleaved (A, B, A, B…) so a change in the machine's load hits both groups alike.
 */
describe('groups of real recordings: a real change is found, an A/A comparison finds none', () => {
  const SLOW = 512 * 1024;
  const FAST = 1024 * 1024;
  /** 3 rounds of (slow, fast, slow again): slow against fast, and slow against slow again (A/A). */
  let recorded: Promise<{
    slow: RunFigures[];
    fast: RunFigures[];
    again: RunFigures[];
    fromPayload: { slow: RunFigures[]; fast: RunFigures[]; again: RunFigures[] };
    files: { slow: string[]; fast: string[] };
  }> | null = null;
  const recordAll = () => {
    recorded ??= (async () => {
      const out = { slow: [] as RunFigures[], fast: [] as RunFigures[], again: [] as RunFigures[] };
      // The same runs aligned at their first payload byte, for the A/A comparison (below).
      const fromPayload = { slow: [] as RunFigures[], fast: [] as RunFigures[], again: [] as RunFigures[] };
      const files = { slow: [] as string[], fast: [] as string[] };
      for (let i = 0; i < 3; i++) {
        for (const [group, cap] of [
          ['slow', SLOW],
          ['fast', FAST],
          ['again', SLOW],
        ] as const) {
          const r = await record(cap);
          if (group !== 'again') files[group].push(r.path);
          out[group].push(runFigures({ id: `${group}-${i}`, title: group, data: r.data }, { kind: 'start' }));
          fromPayload[group].push(
            runFigures({ id: `${group}-${i}`, title: group, data: r.data }, { kind: 'event', event: 'firstPayload' }),
          );
        }
      }
      return { ...out, fromPayload, files };
    })();
    return recorded;
  };

  it('3 runs at 512 KiB/s against 3 at 1 MiB/s: faster, each run within its cap', async () => {
    const { slow, fast } = await recordAll();
    const g = compareGroups(slow, fast);
    const row = (id: string) => g.headline.find((h) => h.id === id);
    for (const h of g.headline) console.log(h.id, JSON.stringify(h.a), JSON.stringify(h.b), h.text);
    // Time to complete from the first payload byte: from the session's start it adds the swarm's
    // start-up, which a loaded machine shifts by whole connect retries (at load 18 it hid the
    // cap: "no difference").
    const fromPayload = (await recordAll()).fromPayload;
    const ttc = compareGroups(fromPayload.slow, fromPayload.fast).headline.find((h) => h.id === 'time_to_complete');
    expect(ttc?.result?.verdict).toBe('better');
    const rate = row('payload_down_active');
    expect(rate?.result?.verdict).toBe('better');
    expect(rate?.text).toMatch(/^faster by \d+ % \(\d+–\d+ %\)$/);
    // Ground truth: the caps are 2:1, and each run is bounded by its cap with the one-second
    // burst webtorrent's limiter lets through: CONTENT / (CONTENT / cap - 1 s). Seen: 628 KB/s
    // slow and 1.40–1.57 MB/s fast (a 2 s transfer read 2.0–2.25 s), interval above 0.
    const c = rate?.result?.change;
    expect(c?.relLow ?? Number.NaN).toBeGreaterThan(0.2);
    // Half a second more for the sample stamps at each end of the transfer (the rate is read
    // from the first to the last rise of the counter: 4.999 s seen for a 5 s transfer).
    const bound = (cap: number) => CONTENT / (CONTENT / cap - 1.5);
    for (const r of slow) expect(r.headline.payload_down_active ?? Number.NaN).toBeLessThan(bound(SLOW));
    for (const r of fast) expect(r.headline.payload_down_active ?? Number.NaN).toBeLessThan(bound(FAST));
    // An honest swarm wastes nothing in either group: no verdict on zero against zero.
    expect(row('waste_share')?.result?.verdict).toBe('no difference');
    expect(row('hashfail_share')?.result?.verdict).toBe('no difference');
  }, 1_800_000);

  it("through the CLI: the intervals contain the true ratios of the groups' medians", async () => {
    const { files } = await recordAll();
    keepCopies(files);
    // Ground truth read from each file without the comparison code: the payload counter's
    // first and last rise (first to last payload byte, as sampled), and the bytes it counted.
    const truths = {
      slow: await Promise.all(files.slow.map(transfer)),
      fast: await Promise.all(files.fast.map(transfer)),
    };
    for (const t of [...truths.slow, ...truths.fast]) expect(t.bytes).toBe(CONTENT);
    const rate = (t: Transfer) => t.bytes / t.seconds;
    const trueRate = median(truths.fast.map(rate)) / median(truths.slow.map(rate));
    const trueTime = median(truths.fast.map((t) => t.seconds)) / median(truths.slow.map((t) => t.seconds));
    console.log('true transfers', JSON.stringify(truths), 'rate ratio', trueRate, 'time ratio', trueTime);
    // Not 2: the limiter lets one second of burst through, so 3 MiB takes CONTENT / cap - 1 s
    // (5 s and 2 s when idle: 2.5). Generous: what a busy machine does to either is not the point.
    expect(trueRate).toBeGreaterThan(1.3);
    expect(trueRate).toBeLessThan(4);

    // The rate while active, from each session's start (alignment moves no bytes).
    const byStart = cliGroups(files.slow, files.fast, []);
    const r = byStart.headline.find((h) => h.figure === 'payload_down_active');
    console.log('CLI rate', JSON.stringify(r));
    expect(r?.verdict).toBe('better');
    expect(r?.change?.relLow).toBeLessThanOrEqual(trueRate - 1);
    expect(r?.change?.relHigh).toBeGreaterThanOrEqual(trueRate - 1);
    // Time to complete from the first payload byte: the swarm's start-up before it (the
    // seeder hashing, the first connect retried every ~2 s) is scheduling, not the cap.
    const byPayload = cliGroups(files.slow, files.fast, ['--align', 'first-payload']);
    const ttc = byPayload.headline.find((h) => h.figure === 'time_to_complete');
    console.log('CLI time to complete', JSON.stringify(ttc));
    expect(ttc?.verdict).toBe('better');
    // The figure sees the first byte and the completion at sample stamps (every 250 ms), the
    // truth at the counter's rises: within one sample at each end. The interval must reach the
    // true ratio within that resolution (a run at load 3 read -57.2 % against a true -60.0 %,
    // ~4 s against ~10 s: one sample is 6 % of the fast transfer).
    const dt = SAMPLE_MS / 1000;
    const slowS = median(truths.slow.map((t) => t.seconds));
    const fastS = median(truths.fast.map((t) => t.seconds));
    const timeLow = (fastS - dt) / (slowS + dt);
    const timeHigh = (fastS + dt) / (slowS - dt);
    expect(trueTime).toBeGreaterThanOrEqual(timeLow);
    expect(trueTime).toBeLessThanOrEqual(timeHigh);
    expect(ttc?.change?.relLow).toBeLessThanOrEqual(timeHigh - 1);
    expect(ttc?.change?.relHigh).toBeGreaterThanOrEqual(timeLow - 1);
  }, 1_800_000);

  it('3 runs against 3 at the same cap: no significant difference on every headline figure', async () => {
    // Aligned at the first payload byte, as a benchmark engineer compares runs whose start-up is
    // not what they changed: from session start, the time to the first byte is the swarm's
    // start-up (the seeder hashing its content, the leecher's first connect retried every ~2 s),
    // which a busy machine shifts by whole retries (seen: 4.3, 6.3, 4.5 s against 6.3, 6.8, 8.8 s).
    const { slow, again } = (await recordAll()).fromPayload;
    const g = compareGroups(slow, again);
    for (const h of g.headline) console.log('A/A', h.id, JSON.stringify(h.a), JSON.stringify(h.b), h.text);
    for (const h of g.headline) expect([h.id, h.result?.verdict]).toEqual([h.id, 'no difference']);
    const judged = g.metrics.filter((m) => m.result?.verdict === 'better' || m.result?.verdict === 'worse');
    console.log('A/A metric verdicts:', judged.map((m) => `${m.name}: ${m.text}`).join('; ') || 'none');
  }, 1_800_000);

  it('tells a --no-utp recording from a default one in the settings diff', async () => {
    const plain = await record(1024 * 1024);
    const noUtp = await record(1024 * 1024, false);
    const infos = [plain, noUtp].map(
      (r, k) => runFigures({ id: String(k), title: '', data: r.data }, { kind: 'start' }).info,
    );
    const diff = settingsDiff(infos.map((i) => i.settings));
    expect(diff.find((d) => d.name === 'setting utp')?.values).toEqual(['default', 'false']);
    expect(plain.data.meta.source?.version).toMatch(/^webtorrent \d/);
    expect(plain.data.meta.provenance?.host).toBeTruthy();
  }, 600_000);
});
