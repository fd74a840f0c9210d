// Long sessions (issue 18, "views that cost what they show"): 1-day, 7-day and 30-day 1 Hz
// recordings written by the recorder's own SessionWriter (900-sample batches), then the views
// the app opens first, each in a fresh child process so its peak memory is its own: the
// library row (first listing, no cached summary, then the cached listing), replay's first
// paint (what the page asks the host for: the session's details and its columns, through the
// host's worker reader), `tidegauge info FILE` and `tidegauge report FILE` (the built CLI, the
// system Chromium). Each figure is printed against the 1-day file's in the same run, rounds
// interleaved. Targets: a 30-day first paint and info < 500 ms, a report < 2 s, peak memory
// < 300 MB, within 2x of the 1-day figures. Files are cached in $TMPDIR/tg-bench-long-v2
// (BENCH_LONG_DAYS=1,7 for fewer sizes, BENCH_LONG_VIEWS=info,report for fewer views; BENCH_LONG_TIMEOUT_S per child, default 180).
// Asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../src/main/report/chromium';
import { SessionWriter } from '../src/main/storage/sessionWriter';
import { ensureZstd } from '../src/main/storage/zstd';
import { builtinRegistry } from '../src/shared/registry';
import type { SessionMeta } from '../src/shared/session/meta';
import { figure, LOAD, median, ratio } from './_stats';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'tidegauge.js');
const CACHE = join(tmpdir(), 'tg-bench-long-v2');
const DAYS = (process.env.BENCH_LONG_DAYS ?? '1,7,30').split(',').map(Number);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const TIMEOUT_MS = Number(process.env.BENCH_LONG_TIMEOUT_S ?? 180) * 1000;

const idOf = (days: number) => `long-${days}d`;
const dataDirOf = (days: number) => join(CACHE, `${days}d`);
const fileOf = (days: number) => join(dataDirOf(days), 'sessions', `${idOf(days)}.arrow`);

/**
 * `days` of an engine at 1 Hz that downloads two hours a day and seeds the rest: ~30 metrics
 * move every second, peers wander, diagnostics off. Written sample by sample like a recording.
 */
function write(days: number): void {
  const file = fileOf(days);
  if (existsSync(file)) return;
  mkdirSync(join(dataDirOf(days), 'sessions'), { recursive: true });
  const reg = builtinRegistry();
  const meta: SessionMeta = {
    format: 'tidegauge-session',
    version: 1,
    id: idOf(days),
    appVersion: '0.1.0',
    startedAt: Date.UTC(2026, 0, 1),
    intervalMs: 1000,
    source: { kind: 'engine', label: 'Embedded engine' },
    registry: reg,
    notReported: {},
    origin: { type: 'recording' },
  };
  const tmp = `${file}.part`;
  rmSync(tmp, { force: true });
  const w = new SessionWriter(tmp, meta);
  const v = new Float64Array(reg.length);
  let rnd = 12345;
  const r = () => {
    rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
    return rnd / 0x7fffffff;
  };
  let peers = 30;
  const round = Math.round;
  const n = days * 86_400;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // Whole bytes, so the invariants hold as in an honest recording: wire = payload + overhead,
    // wire = TCP + uTP, each rate the bytes of the last second.
    const dlp = i % 86_400 < 7200 ? round(5e6 * (0.7 + 0.6 * r())) : 0;
    const ulp = round(1e6 * (0.2 + 1.6 * r()) * (i % 600 < 300 ? 1 : 0.1));
    const ulw = ulp + round(ulp * 0.03);
    const dlw = dlp + round(dlp * 0.03) + 2000;
    const ult = round(ulw * 0.6);
    const dlt = round(dlw * 0.6);
    v[0] = (v[0] as number) + ulw;
    v[1] = (v[1] as number) + dlw;
    v[8] = (v[8] as number) + ult;
    v[9] = (v[9] as number) + dlt;
    v[10] = (v[10] as number) + ulw - ult;
    v[11] = (v[11] as number) + dlw - dlt;
    v[63] = (v[63] as number) + ulp;
    v[64] = (v[64] as number) + dlp;
    v[55] = ulw;
    v[56] = dlw;
    v[57] = ult;
    v[58] = dlt;
    v[59] = ulw - ult;
    v[60] = dlw - dlt;
    v[61] = ulp;
    v[62] = dlp;
    if (r() < 0.1) peers = Math.max(0, peers + round((r() - 0.5) * 4));
    v[2] = peers;
    v[4] = round(peers * 0.6);
    v[5] = peers - (v[4] as number);
    v[12] = (v[12] as number) + round(ulp / 16384);
    v[13] = (v[13] as number) + round(dlp / 16384);
    v[14] = (v[14] as number) + ulp;
    v[15] = (v[15] as number) + dlp;
    v[18] = round(r() * 3);
    v[19] = (v[19] as number) + round(r() * 4000);
    v[24] = (v[24] as number) + round(300 + r() * 200);
    v[25] = (v[25] as number) + round(250 + r() * 200);
    v[37] = peers;
    if (r() < 0.05) v[38] = round(100 + r() * 50);
    v[65] = 3;
    v[66] = 5;
    v[67] = i;
    w.append(meta.startedAt + i * 1000, false, v);
  }
  w.close();
  renameSync(tmp, file);
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  console.log(`  wrote ${days} d (${n} samples): ${(statSync(file).size / 1e6).toFixed(1)} MB in ${s} s`);
}

/** In a child: one view, timed after its imports; prints {ms, rssMb} (peak of this process, threads included). */
async function child(view: string, days: number): Promise<void> {
  const { SessionLibrary } = await import('../src/main/storage/sessionLibrary');
  const { WorkerSessionReader } = await import('../src/main/storage/sessionReaderPool');
  const { libraryHandlers } = await import('../src/main/dispatch/libraryHandlers');
  const { encodeColumns } = await import('../src/shared/session/wire');
  const reader = new WorkerSessionReader().warm();
  const library = new SessionLibrary(dataDirOf(days), { reader });
  const id = idOf(days);
  if (view === 'library-cached') await library.list(); // the summary is cached from here on
  if (view === 'levels') {
    const { openLevels } = await import('../src/main/storage/sessionLevels');
    await openLevels(fileOf(days));
    console.log(JSON.stringify({ ms: 0, rssMb: 0 }));
    await reader.close();
    return;
  }
  const t0 = performance.now();
  if (view.startsWith('library')) {
    const rows = await library.list();
    if (rows[0]?.id !== id || rows[0].state === 'unreadable')
      throw new Error(`library row: ${JSON.stringify(rows[0])}`);
  } else {
    // What the replay page asks for when it opens (openSession: get + data, no query).
    const h = libraryHandlers(library, null);
    const [detail, data] = await Promise.all([h.get({ op: 'get', id }), h.data({ op: 'data', id })]);
    const frame = encodeColumns(data);
    if (!detail.id || frame.length === 0) throw new Error('replay: nothing to draw');
  }
  const ms = performance.now() - t0;
  await reader.close();
  console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024 }));
}

interface Run {
  readonly ms: number;
  readonly rssMb: number;
  readonly failed?: string;
}

/** GNU time's "%e %M" (wall s, peak KB of the process) from the end of stderr. */
function timeOf(stderr: string): { ms: number; rssMb: number } | null {
  const m = stderr.trim().match(/TG_TIME ([\d.]+) (\d+)\s*$/);
  return m ? { ms: Number(m[1]) * 1000, rssMb: Number(m[2]) / 1024 } : null;
}

function run(view: string, days: number, browser: string | null): Run {
  const out = join(CACHE, `report-${days}d.png`);
  const cli: Record<string, string[]> = {
    info: [CLI, 'info', fileOf(days)],
    report: [CLI, 'report', fileOf(days), '-o', out, '--force', '--renderer', 'chromium', '--chromium', browser ?? ''],
  };
  const args = cli[view];
  // Library views need a listing without the cached summary: the sidecar goes before each round.
  if (view === 'library-first') rmSync(join(dataDirOf(days), 'sessions', `${idOf(days)}.json`), { force: true });
  const r = args
    ? spawnSync('/usr/bin/time', ['-f', 'TG_TIME %e %M', process.execPath, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', view, String(days)], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
  if (r.error || r.status !== 0) {
    const why = r.error?.message ?? r.stderr.trim().split('\n').slice(-3).join(' / ');
    return { ms: Number.NaN, rssMb: Number.NaN, failed: why.slice(0, 200) };
  }
  if (args) {
    const t = timeOf(r.stderr);
    return t ?? { ms: Number.NaN, rssMb: Number.NaN, failed: 'no timing from /usr/bin/time' };
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Run;
}

async function main(): Promise<void> {
  const browser = findChromium()?.path ?? null;
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    console.log('the build is missing: run `npm run build` first');
    process.exit(1);
  }
  console.log(`long sessions (${DAYS.join(', ')} d at 1 Hz), cached in ${CACHE}`);
  await ensureZstd();
  for (const d of DAYS) write(d);
  // The recorder writes each file's levels sidecar as it goes (test/storage/levels.test.ts: the
  // same as a build); files from before it get theirs on first open. Either way it is there.
  // In a child: Linux starts a child's peak RSS at its parent's, so the parent stays small.
  for (const d of DAYS) run('levels', d, browser);
  const all = ['library-first', 'library-cached', 'replay', 'info', ...(browser ? ['report'] : [])];
  const only = process.env.BENCH_LONG_VIEWS?.split(',');
  const views = only ? all.filter((v) => only.includes(v)) : all;
  const results = new Map<string, Run[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const view of views)
      for (const d of DAYS) {
        const key = `${view} ${d}`;
        results.set(key, [...(results.get(key) ?? []), run(view, d, browser)]);
      }
  console.log(
    `\n${LOAD}: ${ROUNDS} interleaved rounds, a fresh process each, median ±half the spread; peak RSS of that process`,
  );
  console.log('(info and report: wall time of the CLI process, Node start included; others: the view after imports)');
  for (const view of views) {
    const base = results.get(`${view} ${DAYS[0]}`) ?? [];
    for (const d of DAYS) {
      const rs = results.get(`${view} ${d}`) ?? [];
      const failed = rs.find((x) => x.failed);
      const name = `${view.padEnd(15)} ${String(d).padStart(2)} d`;
      if (failed) {
        console.log(`${name}  FAILED (${rs.filter((x) => x.failed).length}/${rs.length}): ${failed.failed}`);
        continue;
      }
      const ms = rs.map((x) => x.ms);
      const mb = rs.map((x) => x.rssMb);
      const vs =
        d === DAYS[0]
          ? ''
          : `  ${ratio(
              ms,
              base.map((x) => x.ms),
            )} time, ${ratio(
              mb,
              base.map((x) => x.rssMb),
            )} memory of ${DAYS[0]} d`;
      console.log(`${name}  ${figure(ms, 'ms').padStart(24)}  peak ${median(mb).toFixed(0).padStart(5)} MB${vs}`);
    }
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '', Number(process.argv[4]));
else await main();
