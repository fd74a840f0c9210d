// Saved sessions: a 24 h, 1 Hz session (86,400 samples x 99 metrics) written as the recorder
// writes it, then opened (read + decode) against reading the same data from CSV in the same run;
// its file size against raw doubles and CSV; and the recorder's CPU share at 10 Hz against an
// idle host baseline, measured end to end and per sample. Prints ratios; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from '../src/main/live/recorder';
import { StatsHost } from '../src/main/live/statsHost';
import type { Source } from '../src/main/sources/Source';
import { exportSession } from '../src/main/storage/sessionExport';
import { readSessionFile } from '../src/main/storage/sessionFiles';
import { importFile } from '../src/main/storage/sessionImport';
import { SessionLibrary } from '../src/main/storage/sessionLibrary';
import { SessionWriter } from '../src/main/storage/sessionWriter';
import { ensureZstd } from '../src/main/storage/zstd';
import type { SessionCounters } from '../src/shared/counters';
import { builtinRegistry } from '../src/shared/registry';
import { ColumnBuilder, type SessionData, summarize } from '../src/shared/session/data';
import type { SessionMeta } from '../src/shared/session/meta';
import { encodeColumns } from '../src/shared/session/wire';

const N = 86_400;
const CPU_SECONDS = Number(process.env.BENCH_CPU_SECONDS ?? 8);
const CPU_ROUNDS = 3;

/**
 * A day of an engine that downloads for two hours then seeds: ~30 metrics move every second
 * (bytes counters, rates, disk), peers and DHT wander, diagnostics stay off (zeros).
 */
function day(): SessionData {
  const reg = builtinRegistry();
  const meta: SessionMeta = {
    format: 'tidegauge-session',
    version: 1,
    id: 'bench-day',
    appVersion: '0.1.0',
    startedAt: Date.UTC(2026, 0, 1),
    intervalMs: 1000,
    source: { kind: 'engine', label: 'Embedded engine' },
    registry: reg,
    notReported: {},
    origin: { type: 'recording' },
  };
  const b = new ColumnBuilder(reg.length, N);
  let rnd = 12345;
  const r = () => {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    return rnd / 0x7fffffff;
  };
  const v = new Float64Array(reg.length);
  let peers = 30;
  const round = Math.round;
  for (let i = 0; i < N; i++) {
    const dl = i < 7200 ? 5e6 * (0.7 + 0.6 * r()) : 0;
    const ul = 1e6 * (0.2 + 1.6 * r()) * (i % 600 < 300 ? 1 : 0.1);
    v[0] = (v[0] as number) + round(ul * 1.03);
    v[1] = (v[1] as number) + round(dl * 1.03 + 2000);
    if (r() < 0.1) peers = Math.max(0, peers + round((r() - 0.5) * 4));
    v[2] = peers;
    v[4] = round(peers * 0.6);
    v[5] = peers - (v[4] as number);
    v[8] = (v[8] as number) + round(ul * 0.6);
    v[9] = (v[9] as number) + round(dl * 0.6);
    v[10] = (v[10] as number) + round(ul * 0.43);
    v[11] = (v[11] as number) + round(dl * 0.43);
    v[12] = (v[12] as number) + round(ul / 16384);
    v[13] = (v[13] as number) + round(dl / 16384);
    v[14] = (v[14] as number) + round(ul);
    v[15] = (v[15] as number) + round(dl);
    v[16] = (v[16] as number) + round(ul / 20000);
    v[17] = (v[17] as number) + round(ul / 80000);
    v[18] = round(r() * 3);
    v[19] = (v[19] as number) + round(r() * 4000);
    v[21] = (v[21] as number) + round(dl / 262144);
    if (r() < 0.02) v[22] = (v[22] as number) + round((r() - 0.4) * 5);
    v[24] = (v[24] as number) + round(300 + r() * 200);
    v[25] = (v[25] as number) + round(250 + r() * 200);
    v[29] = Math.min(peers, 4);
    v[37] = peers;
    if (r() < 0.05) v[38] = round(100 + r() * 50);
    v[41] = (v[41] as number) + round(dl / 262144);
    v[42] = (v[42] as number) + round(ul / 262144);
    v[45] = (v[45] as number) + round(dl / 16384);
    v[55] = round(ul * 1.03);
    v[56] = round(dl * 1.03);
    v[57] = round(ul * 0.6);
    v[58] = round(dl * 0.6);
    v[59] = round(ul * 0.43);
    v[60] = round(dl * 0.43);
    v[61] = round(ul);
    v[62] = round(dl);
    v[63] = (v[63] as number) + round(ul);
    v[64] = (v[64] as number) + round(dl);
    v[65] = 3;
    v[66] = 5;
    v[67] = i;
    b.push(meta.startedAt + i * 1000, false, v);
  }
  return b.build(meta);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function timeIt(runs: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

class BusySource implements Source {
  readonly info = { kind: 'bench', label: 'Bench source' };
  readonly notReported = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;
  async start(c: SessionCounters): Promise<void> {
    let k = 0;
    this.timer = setInterval(() => {
      k++;
      for (let i = 0; i < 70; i++) c.inc(i, (i + 1) * (k % 7));
    }, 10);
  }
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }
}

async function cpuShare(withRecorder: boolean, dir: string): Promise<number> {
  const host = new StatsHost({ intervalMs: 100, source: new BusySource() });
  const rec = withRecorder ? new Recorder(host, { dir }) : null;
  await rec?.start();
  await host.start();
  await new Promise((r) => setTimeout(r, 1000));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, CPU_SECONDS * 1000));
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  await host.stop();
  await rec?.stop();
  return (c.user + c.system) / 1000 / wall;
}

async function main() {
  await ensureZstd();
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-sessions-'));
  try {
    const data = day();
    // Written as the recorder writes it: sample by sample, 900-sample batches, journal on.
    const lib = new SessionLibrary(dir);
    mkdirSync(lib.dir);
    const file = join(lib.dir, 'day.arrow');
    const w = new SessionWriter(file, data.meta, { journal: true });
    const row = new Float64Array(99);
    const tw0 = performance.now();
    for (let r = 0; r < N; r++) {
      for (let i = 0; i < 99; i++) row[i] = data.columns[i]![r]!;
      w.append(data.t[r]!, false, row);
      w.flush();
    }
    w.close();
    const writeMs = performance.now() - tw0;
    const csv = join(dir, 'day.csv');
    await exportSession(data, csv, { format: 'csv' });
    const size = statSync(file).size;
    const csvSize = statSync(csv).size;
    const raw = N * 101 * 8;

    const openMs = await timeIt(7, () => readSessionFile(file));
    const csvMs = await timeIt(3, () => importFile(csv));
    const opened = await readSessionFile(file);
    const frameMs = await timeIt(5, async () => encodeColumns(opened.data));
    const summaryMs = await timeIt(5, async () => summarize(opened.data));
    await lib.list(); // computes and caches the summary
    const listMs = await timeIt(7, () => lib.list());

    console.log(`24 h at 1 Hz: ${N} samples x 99 metrics`);
    console.log(
      `  file size            ${mb(size)}  (raw doubles ${mb(raw)}: ${(raw / size).toFixed(1)}x smaller; CSV ${mb(csvSize)}: ${(csvSize / size).toFixed(1)}x smaller; target < 10 MB)`,
    );
    console.log(
      `  open (read+decode)   ${openMs.toFixed(0)} ms   vs CSV read+parse ${csvMs.toFixed(0)} ms: ${(csvMs / openMs).toFixed(1)}x faster (target < 300 ms)`,
    );
    console.log(
      `  + columns frame for the renderer ${frameMs.toFixed(0)} ms, + per-category summary ${summaryMs.toFixed(0)} ms`,
    );
    console.log(`  library list (cached summary) ${listMs.toFixed(1)} ms`);
    console.log(
      `  writing it sample by sample with a journal flush each: ${((writeMs / N) * 1000).toFixed(1)} us per sample`,
    );

    // CPU at 10 Hz: per-sample cost measured directly, and end to end against a host without recorder.
    const perSampleUs = (writeMs / N) * 1000;
    console.log(`Recorder CPU at 10 Hz`);
    console.log(
      `  direct: ${perSampleUs.toFixed(1)} us/sample x 10/s = ${((perSampleUs * 10) / 1e4).toFixed(3)} % of a core (target < 1 %)`,
    );
    const recDir = join(dir, 'rec');
    // Interleaved rounds so machine noise hits both sides alike; medians.
    const bases: number[] = [];
    const recs: number[] = [];
    for (let k = 0; k < CPU_ROUNDS; k++) {
      bases.push(await cpuShare(false, recDir));
      recs.push(await cpuShare(true, recDir));
    }
    const base = median(bases);
    const withRec = median(recs);
    console.log(
      `  end to end, ${CPU_ROUNDS} x ${CPU_SECONDS} s rounds (medians): host alone ${(base * 100).toFixed(2)} %, host + recorder ${(withRec * 100).toFixed(2)} % of a core; recorder adds ${((withRec - base) * 100).toFixed(2)} points (${(withRec / base).toFixed(2)}x the idle host)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
