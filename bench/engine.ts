// The embedded engine: loopback download throughput of the instrumented session against the same
// webtorrent session uninstrumented, interleaved in one run, as a ratio; then the CPU share of the
// default loopback swarm; then its rate gauges against its counters, sampled as the host samples
// them. `npx tsx bench/engine.ts` (or `npm run bench -- engine`).

import { StatsHost } from '../src/main/live/statsHost';
import { createDefaultSource } from '../src/main/sources/default';
import { EngineSource } from '../src/main/sources/engine/EngineSource';
import { DEFAULT_LOOPBACK } from '../src/main/sources/engine/swarm';
import { SessionCounters } from '../src/shared/counters';
import { checkInvariants, samplesFromRows } from '../src/shared/invariants';
import { builtinRegistry, NUM_METRICS } from '../src/shared/registry';
import { M } from '../src/shared/registry-data';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_ENGINE_MIB ?? 32) * MiB;
const ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 4);
const CPU_WINDOW_MS = Number(process.env.BENCH_ENGINE_CPU_MS ?? 20_000);
const RATES_MS = Number(process.env.BENCH_ENGINE_RATES_MS ?? 60_000);

interface Trial {
  /** Download throughput, MiB/s. */
  readonly speed: number;
  /** CPU time of this process (host thread + engine worker) per MiB downloaded, ms. */
  readonly cpuPerMiB: number;
}

/** One download of SIZE bytes from two uncapped loopback seeders (TCP + uTP). */
async function download(instrument: boolean, seed: number): Promise<Trial> {
  const counters = new SessionCounters({ diagnostics: false });
  const source = new EngineSource({
    loopback: {
      contentSize: SIZE,
      pieceLength: 256 * 1024,
      seeders: 2,
      leechers: 0,
      utpShare: 0.5,
      corruptEvery: 0,
      seederUploadLimit: -1,
      cycle: false,
      seed,
    },
    downloadLimit: -1,
    uploadLimit: -1,
    instrument,
  });
  const errors: string[] = [];
  source.onError((e) => errors.push(e.message));
  const done = new Promise<number>((resolve) => source.once('done', (_h, ms) => resolve(ms)));
  let trial: Trial;
  try {
    await source.start(counters);
    // The seeders live in other processes: from here on this process's CPU is the session's.
    const cpu0 = process.cpuUsage();
    const ms = await done;
    const cpu = process.cpuUsage(cpu0);
    if (errors.length) throw new Error(errors.join('; '));
    trial = { speed: SIZE / MiB / (ms / 1000), cpuPerMiB: (cpu.user + cpu.system) / 1000 / (SIZE / MiB) };
  } finally {
    await source.stop();
  }
  // Counted bytes are published in 20 ms steps, the last of them when the engine stops.
  if (instrument && Number(counters.get(M.BW_TOTAL_DOWNLOADED)) < SIZE) {
    throw new Error('instrumented run counted too few bytes');
  }
  return trial;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function throughput(): Promise<void> {
  const speedRatios: number[] = [];
  const cpuRatios: number[] = [];
  const on: Trial[] = [];
  const off: Trial[] = [];
  // Warm-up (tsx compile, page cache), not counted.
  await download(false, 1000);
  for (let r = 0; r < ROUNDS; r++) {
    // Back to back, alternating which goes first, so drift in the machine's load hits both alike.
    const first = r % 2 === 0;
    const a = await download(first, 2000 + 2 * r);
    const b = await download(!first, 2001 + 2 * r);
    const inst = first ? a : b;
    const plain = first ? b : a;
    on.push(inst);
    off.push(plain);
    speedRatios.push(inst.speed / plain.speed);
    cpuRatios.push(inst.cpuPerMiB / plain.cpuPerMiB);
    console.log(
      `round ${r + 1}: instrumented ${inst.speed.toFixed(1)} MiB/s ${inst.cpuPerMiB.toFixed(2)} ms CPU/MiB, ` +
        `plain ${plain.speed.toFixed(1)} MiB/s ${plain.cpuPerMiB.toFixed(2)} ms CPU/MiB`,
    );
  }
  const speed = median(speedRatios);
  console.log(
    `loopback download, ${SIZE / MiB} MiB from 2 seeders (TCP + uTP), ${ROUNDS} interleaved pairs:\n` +
      `  median throughput   plain ${median(off.map((t) => t.speed)).toFixed(1)} MiB/s, instrumented ${median(on.map((t) => t.speed)).toFixed(1)} MiB/s\n` +
      `  median of pairwise throughput ratios instrumented/plain = ${speed.toFixed(3)} (${((1 - speed) * 100).toFixed(1)}% slower; target <= 3%)\n` +
      `  median of pairwise CPU-per-MiB ratios instrumented/plain = ${median(cpuRatios).toFixed(3)}`,
  );
}

async function cpuShare(): Promise<void> {
  const counters = new SessionCounters({ diagnostics: false });
  const source = createDefaultSource();
  if (!(source instanceof EngineSource)) throw new Error('default source is not the engine');
  await source.start(counters);
  try {
    // Let the first cycle get going (members spawned, first download under way).
    await new Promise((r) => setTimeout(r, 8000));
    const swarm = source.swarm;
    if (!swarm) throw new Error('no swarm');
    const peers0 = (await swarm.peerStats(source.peerId)).cpuMicros;
    const own0 = process.cpuUsage();
    const bytes0 = Number(counters.get(M.NET_BYTES_RECV)) + Number(counters.get(M.NET_BYTES_SENT));
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, CPU_WINDOW_MS));
    const wall = (performance.now() - t0) * 1000;
    const own = process.cpuUsage(own0);
    const peers = (await swarm.peerStats(source.peerId)).cpuMicros - peers0;
    const bytes = Number(counters.get(M.NET_BYTES_RECV)) + Number(counters.get(M.NET_BYTES_SENT)) - bytes0;
    const ownShare = (own.user + own.system) / wall;
    const peerShare = peers / wall;
    console.log(
      `default loopback swarm over ${(wall / 1e6).toFixed(0)} s (${((bytes / MiB) * (1e6 / wall)).toFixed(2)} MiB/s through the session):\n` +
        `  session process (host + engine worker)   ${(ownShare * 100).toFixed(1)}% of one core\n` +
        `  swarm member processes (uncounted peers)  ${(peerShare * 100).toFixed(1)}% of one core\n` +
        `  whole swarm                              ${((ownShare + peerShare) * 100).toFixed(1)}% of one core`,
    );
  } finally {
    await source.stop();
  }
}

interface Recording {
  readonly t: number[];
  readonly rows: Float64Array[];
}

function record(host: StatsHost): Recording {
  const r: Recording = { t: [], rows: [] };
  host.on('snapshot', (s) => {
    r.t.push(s.t);
    r.rows.push(s.values.slice());
  });
  return r;
}

/** The default swarm sampled every 1 s (as the host does) and every 100 ms, for RATES_MS. */
async function rateAgreement(): Promise<void> {
  const source = createDefaultSource();
  if (!(source instanceof EngineSource)) throw new Error('default source is not the engine');
  const host = new StatsHost({ source, intervalMs: 1000 });
  const fine = new StatsHost({ counters: host.counters, intervalMs: 100 });
  const coarse = record(host);
  const dense = record(fine);
  await host.start();
  await fine.start();
  await new Promise((r) => setTimeout(r, RATES_MS));
  await fine.stop();
  await host.stop();
  const pairs: Array<[string, number, number, number, number]> = [
    ['down', M.BW_DOWNLOAD_RATE, M.NET_BYTES_RECV, M.BW_PAYLOAD_DOWNLOAD_RATE, M.BW_TOTAL_DOWNLOADED],
    ['up', M.BW_UPLOAD_RATE, M.NET_BYTES_SENT, M.BW_PAYLOAD_UPLOAD_RATE, M.BW_TOTAL_UPLOADED],
  ];
  const n = coarse.t.length - 1;
  const lines = [`default swarm sampled every 1 s for ${(RATES_MS / 1000).toFixed(0)} s (${n} intervals):`];
  for (const [dir, rate, wire, payRate, pay] of pairs) {
    let payAbove = 0;
    let counterAbove = 0;
    const diffs: number[] = [];
    for (let j = 1; j <= n; j++) {
      const a = coarse.rows[j - 1] as Float64Array;
      const b = coarse.rows[j] as Float64Array;
      const dt = ((coarse.t[j] as number) - (coarse.t[j - 1] as number)) / 1000;
      if ((b[payRate] as number) > (b[rate] as number)) payAbove++;
      if ((b[pay] as number) > (b[wire] as number)) counterAbove++;
      diffs.push(Math.abs((b[rate] as number) - ((b[wire] as number) - (a[wire] as number)) / dt));
    }
    diffs.sort((x, y) => x - y);
    const kib = (q: number) =>
      ((diffs[Math.min(diffs.length - 1, Math.floor(q * diffs.length))] ?? 0) / 1024).toFixed(0);
    lines.push(
      `  ${dir}: payload rate > total rate in ${payAbove}, payload counter > wire counter in ${counterAbove}; ` +
        `|gauge - counter change per interval| median ${kib(0.5)} KiB/s, p90 ${kib(0.9)} KiB/s, max ${kib(1)} KiB/s, ` +
        `> 512 KiB/s in ${diffs.filter((d) => d > 512 * 1024).length}`,
    );
  }
  const masked = (r: Recording) =>
    samplesFromRows(
      r.t,
      r.rows.map((row) => row.map((v, i) => (source.notReported.has(i) ? Number.NaN : v))),
      NUM_METRICS,
    );
  for (const [label, r] of [
    ['1 s', coarse],
    ['100 ms', dense],
  ] as const) {
    const v = checkInvariants(builtinRegistry(), masked(r), { pieceLength: DEFAULT_LOOPBACK.pieceLength });
    lines.push(`  invariants on ${r.t.length} samples at ${label}: ${v.length} violations`);
  }
  console.log(lines.join('\n'));
}

await throughput();
await cpuShare();
await rateAgreement();
