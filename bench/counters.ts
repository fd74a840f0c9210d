// SessionCounters.inc against a plain (non-shared, non-atomic) typed-array increment, same run,
// plus the cost of one snapshot and of a raw Atomics.add on a shared BigInt64Array for context.
import { SessionCounters } from '../src/shared/counters';
import { NUM_METRICS } from '../src/shared/registry';
import { ROUNDS as BASE_ROUNDS, figure, LOAD, median, ratio } from './_stats';

// 100 M increments a round (~50-150 ms): a 20 M round was ~10 ms, so one descheduling or a
// late tier-up moved a round by 2x (spreads of ±200 % on 2026-12-04).
const N = Number(process.env.BENCH_COUNTER_N ?? 100_000_000);

/** The same call shape on a plain (non-shared, non-atomic) Float64Array: what the API costs without sharing. */
class PlainCounters {
  readonly values = new Float64Array(NUM_METRICS);
  inc(index: number, value = 1): void {
    this.values[index] = (this.values[index] as number) + value;
  }
}
// At least the default five rounds, and seven when the default is asked for.
const ROUNDS = Math.max(7, BASE_ROUNDS);
/** Untimed calls of every loop before the first round: the first call runs OSR code, the next ones tier up. */
const WARMUP = 3;

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
}

export function benchCounters() {
  const plain = new Float64Array(NUM_METRICS);
  const plainBig = new BigInt64Array(NUM_METRICS);
  const shared = new BigInt64Array(new SharedArrayBuffer(NUM_METRICS * 8));
  const c = new SessionCounters();

  const runPlain = () => {
    for (let k = 0; k < N; k++) plain[k % 64] = (plain[k % 64] as number) + 1;
  };
  const plainObj = new PlainCounters();
  const runPlainMethod = () => {
    for (let k = 0; k < N; k++) plainObj.inc(k % 64, 1);
  };
  const runInc = () => {
    for (let k = 0; k < N; k++) c.inc(k % 64, 1);
  };
  const runAtomics = () => {
    for (let k = 0; k < N / 10; k++) Atomics.add(shared, k % 64, 1n);
  };
  const runPlainBig = () => {
    for (let k = 0; k < N / 10; k++) plainBig[k % 64] = (plainBig[k % 64] as bigint) + 1n;
  };
  // An engine-like mix: deterministic pseudo-random metric indices (0..69) and values (1 or a 16 KiB block).
  const MASK = 4095;
  const evIndex = new Uint8Array(MASK + 1);
  const evValue = new Float64Array(MASK + 1);
  for (let k = 0, x = 12345; k <= MASK; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    evIndex[k] = x % 70;
    evValue[k] = x & 1 ? 16384 : 1;
  }
  const runPlainMix = () => {
    for (let k = 0; k < N; k++) {
      const i = evIndex[k & MASK] as number;
      plain[i] = (plain[i] as number) + (evValue[k & MASK] as number);
    }
  };
  const runIncMix = () => {
    for (let k = 0; k < N; k++) c.inc(evIndex[k & MASK] as number, evValue[k & MASK] as number);
  };
  // The same mix with the values as small integers, which is what the engine's call sites pass
  // (1, -1, a block length, a rounded time): V8 then knows the value is an integer and drops
  // inc's integer check, so this is the engine's figure and the Float64Array one its worst case.
  const evInt = Int32Array.from(evValue);
  const runPlainMixInt = () => {
    for (let k = 0; k < N; k++) {
      const i = evIndex[k & MASK] as number;
      plain[i] = (plain[i] as number) + (evInt[k & MASK] as number);
    }
  };
  const runIncMixInt = () => {
    for (let k = 0; k < N; k++) c.inc(evIndex[k & MASK] as number, evInt[k & MASK] as number);
  };
  const tPlainMixInt: number[] = [];
  const tIncMixInt: number[] = [];
  const tPlainMix: number[] = [];
  const tIncMix: number[] = [];
  const tPlain: number[] = [];
  const tInc: number[] = [];
  const tPlainMethod: number[] = [];
  const tAtomics: number[] = [];
  const tPlainBig: number[] = [];
  // Warm every loop up the same way before timing: with one warm-up call the first timed round
  // still ran unoptimised code and was 2-4x the others.
  for (let w = 0; w < WARMUP; w++)
    for (const f of [
      runPlain,
      runInc,
      runPlainMethod,
      runAtomics,
      runPlainBig,
      runPlainMix,
      runIncMix,
      runPlainMixInt,
      runIncMixInt,
    ])
      f();
  // Interleave rounds so drift on a noisy machine hits both sides alike.
  for (let r = 0; r < ROUNDS; r++) {
    tPlain.push(time(runPlain) / N);
    tInc.push(time(runInc) / N);
    tPlainMethod.push(time(runPlainMethod) / N);
    tAtomics.push(time(runAtomics) / (N / 10));
    tPlainBig.push(time(runPlainBig) / (N / 10));
    tPlainMix.push(time(runPlainMix) / N);
    tIncMix.push(time(runIncMix) / N);
    tPlainMixInt.push(time(runPlainMixInt) / N);
    tIncMixInt.push(time(runIncMixInt) / N);
  }
  const out = new Float64Array(NUM_METRICS);
  const SN = 200_000;
  const tSnap: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    tSnap.push(
      time(() => {
        for (let k = 0; k < SN; k++) c.snapshot(out);
      }) / SN,
    );
  if (out[0] === 0) throw new Error('snapshot saw no increments');
  return {
    rounds: { tPlain, tInc, tPlainMethod, tPlainMix, tIncMix, tPlainMixInt, tIncMixInt, tSnap },
    plainNs: median(tPlain),
    incNs: median(tInc),
    plainMethodNs: median(tPlainMethod),
    plainMixNs: median(tPlainMix),
    incMixNs: median(tIncMix),
    atomicsNs: median(tAtomics),
    plainBigIntNs: median(tPlainBig),
    snapshotNs: median(tSnap),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchCounters();
  const x = r.rounds;
  console.log(`${LOAD}: ${ROUNDS} interleaved rounds of ${N / 1e6} M increments; median ±half the spread`);
  console.log(`plain Float64Array inc method     ${figure(x.tPlainMethod, 'ns', 2)}`);
  console.log(`plain Float64Array inline a[i]+=1 ${figure(x.tPlain, 'ns', 2)}`);
  console.log(
    `SessionCounters.inc               ${figure(x.tInc, 'ns', 2)}   ratio ${ratio(x.tInc, x.tPlainMethod)} plain method (target <= 2x), ${ratio(x.tInc, x.tPlain)} inline`,
  );
  console.log(
    `Atomics.add on shared BigInt64    ${r.atomicsNs.toFixed(2)} ns   ratio ${(r.atomicsNs / r.plainNs).toFixed(2)}x plain (for context)`,
  );
  console.log(
    `plain BigInt64Array increment     ${r.plainBigIntNs.toFixed(2)} ns   ratio ${(r.plainBigIntNs / r.plainNs).toFixed(2)}x plain (for context)`,
  );
  console.log(
    `engine-like mix (random index 0..69, value 1 or 16 KiB): plain ${figure(x.tPlainMix, 'ns', 2)}, SessionCounters.inc ${figure(x.tIncMix, 'ns', 2)}   ratio ${ratio(x.tIncMix, x.tPlainMix)} (target <= 2x)`,
  );
  console.log(
    `engine-like mix, small-integer values (as the engine passes them): plain ${figure(x.tPlainMixInt, 'ns', 2)}, SessionCounters.inc ${figure(x.tIncMixInt, 'ns', 2)}   ratio ${ratio(x.tIncMixInt, x.tPlainMixInt)} (target <= 2x)`,
  );
  console.log(
    `SessionCounters.snapshot          ${figure(
      x.tSnap.map((v) => v / 1000),
      'us',
      3,
    )} (target < 5 us)`,
  );
}
