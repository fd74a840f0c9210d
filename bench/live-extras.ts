// The live stream with a source's extra columns (libtorrent's 260 through Deluge) against the
// 99-wide path, same run, rounds interleaved: StatsHost.sample() (counters snapshot, rates,
// history, invariants) for a source without extras (the baseline), one whose extras() says
// none (qBittorrent/Transmission: a RemoteSource whose adapter has no extras), and one with 260.
// Plus the snapshot frame's size and the host history's memory at each width.
import { LiveExtras } from '../src/main/live/liveExtras';
import { StatsHost } from '../src/main/live/statsHost';
import type { Source } from '../src/main/sources/Source';
import { builtinRegistry, NUM_METRICS } from '../src/shared/registry';
import { DEFAULT_LEVELS } from '../src/shared/series';
import { extraEntries, MAX_EXTRA_COLUMNS, type SourceExtras } from '../src/shared/session/extras';
import { encodeSnapshot } from '../src/shared/snapshot';
import { figure, LOAD, ROUNDS, ratio } from './_stats';

const SAMPLES = 20_000;
const EXTRAS = 260;

function source(extras: SourceExtras | null | undefined): Source {
  const base = {
    info: { kind: 'bench', label: 'bench' },
    notReported: new Map(),
    start: async () => {},
    stop: async () => {},
  };
  return extras === undefined ? base : { ...base, extras: () => extras };
}

function lt(n: number): SourceExtras {
  const metrics = Array.from({ length: n }, (_, i) => ({
    name: `lt.m${i}`,
    kind: i % 5 ? ('counter' as const) : ('gauge' as const),
  }));
  return { section: 'libtorrent', metrics, values: Float64Array.from(metrics, (_, i) => i * 1000) };
}

async function perSampleUs(src: Source, extras: SourceExtras | null): Promise<number> {
  const host = new StatsHost({ intervalMs: 60_000, source: src });
  await host.start();
  for (let i = 0; i < 500; i++) host.sample(); // warm up (and widen, for the extras case)
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) {
    if (extras) extras.values[i % extras.values.length] = i; // the source's values move
    host.counters.inc(0, 1000);
    host.sample();
  }
  const us = Number(process.hrtime.bigint() - t0) / 1000 / SAMPLES;
  await host.stop();
  return us;
}

/** The extras' own step per sample (LiveExtras.extend: fill by name, rates, the wide arrays), alone. */
function extendUs(n: number): number {
  const x = lt(n);
  const live = LiveExtras.of(x, builtinRegistry()) as LiveExtras;
  const v = new Float64Array(NUM_METRICS);
  const r = new Float64Array(NUM_METRICS);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < SAMPLES; i++) {
    x.values[i % n] = i;
    live.extend(v, r, i * 1000, x);
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / SAMPLES;
}

const none: number[] = [];
const extendOnly: number[] = [];
const saysNone: number[] = [];
const with260: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  none.push(await perSampleUs(source(undefined), null));
  saysNone.push(await perSampleUs(source(null), null));
  const x = lt(EXTRAS);
  with260.push(await perSampleUs(source(x), x));
  extendOnly.push(extendUs(EXTRAS));
}
console.log(`${LOAD}: ${ROUNDS} interleaved rounds of ${SAMPLES} host samples; median ±half the spread`);
console.log(`no extras (baseline)            ${figure(none, 'us', 2)}`);
console.log(`extras() says none (qBittorrent) ${figure(saysNone, 'us', 2)}   ratio ${ratio(saysNone, none)} baseline`);
console.log(
  `${EXTRAS} extras (Deluge)               ${figure(with260, 'us', 2)}   ratio ${ratio(with260, none)} baseline`,
);
console.log(`  of which the extras' own step (LiveExtras.extend) ${figure(extendOnly, 'us', 2)}`);

const ours = builtinRegistry();
for (const n of [0, EXTRAS, MAX_EXTRA_COLUMNS]) {
  const reg = [...ours, ...extraEntries(lt(n), new Set(ours.map((e) => e.name)))];
  const width = reg.length;
  const frame = encodeSnapshot({
    seq: 0,
    t: 0,
    diagnostics: false,
    values: new Float64Array(width),
    rates: new Float64Array(width),
  }).byteLength;
  // Every level full (a month at 1 Hz): points × metrics × (value + rate) × 8 B.
  const points = DEFAULT_LEVELS.reduce((n, l) => n + l.capacity, 0);
  const mb = (points * width * 16) / 1e6;
  console.log(
    `${String(width - NUM_METRICS).padStart(4)} extras: snapshot frame ${frame} B, history when full (a month at 1 Hz) ${mb.toFixed(0)} MB on the host and in each page`,
  );
}
