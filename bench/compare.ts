// Opening a comparison of two 24 h, 1 Hz sessions against opening one of them, same run, the
// way the app does it:
//   host     the library decodes the files in its session-reader worker pool (started with the
//            host, as `serve` and the desktop app do); for a comparison each worker also
//            computes its session's half of the summary table, then the host joins the halves
//   wire     the columns frame the renderer receives (encode + decode) for the first section
//            (bandwidth: the columns its panels read, and what alignment reads), and the
//            summary's JSON
//   panels   the renderer loads each session into a SeriesStore and draws that section at
//            1,000 px
// One session is opened the same way (first section's columns), so the ratio compares like
// with like. "on screen" is when the first section is drawn; "open" also waits for the
// summary table, which the host computes while the renderer draws.
// Every round uses a fresh library (nothing decoded in memory). Prints medians and the ratio;
// asserts nothing. Also prints the summary computed on one thread, for reference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSessionFile } from '../src/main/storage/sessionExport';
import { SessionLibrary } from '../src/main/storage/sessionLibrary';
import { WorkerSessionReader } from '../src/main/storage/sessionReaderPool';
import { parseComparisonJson, summarizeComparison } from '../src/shared/compare/sessionFigures';
import { bindPanel, buildPanelData } from '../src/shared/panel-data';
import { panelsOf, sectionColumns } from '../src/shared/panels';
import { SeriesStore } from '../src/shared/series';
import type { SessionData } from '../src/shared/session/data';
import { decodeColumns, encodeColumns, queryData } from '../src/shared/session/wire';
import { makeMeta } from '../test/sessions/helpers';
import { makeBenchDay } from './_day';

import { figure, LOAD, median, ROUNDS, ratio } from './_stats';

const N = 86_400;
const WIDTH = 1000;
/** The reader pool's size decides how much of the open runs in parallel: measured with 1 and 2 workers. */
const POOLS = (process.env.BENCH_POOLS ?? '1,2').split(',').map(Number);

/** What the renderer does with a session's columns before the first section is on screen. */
function drawFirstSection(data: SessionData): number {
  const store = SeriesStore.forSession(data.meta.registry, data.length);
  store.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  let points = 0;
  for (const p of panelsOf('bandwidth')) {
    const bound = bindPanel(p, data.meta.registry, {});
    const view = store.window({ from: store.startT, to: store.endT, maxPoints: WIDTH });
    points += buildPanelData(bound, view, 'rate', WIDTH).rows.length;
  }
  return points;
}

const FIRST = sectionColumns('bandwidth');
const wire = (data: SessionData) =>
  decodeColumns(encodeColumns(queryData(data, { names: FIRST })).slice().buffer as ArrayBuffer);

const dir = mkdtempSync(join(tmpdir(), 'tg-bench-compare-'));
try {
  const sessions = join(dir, 'data');
  const lib0 = new SessionLibrary(sessions);
  const src = mkdtempSync(join(dir, 'src-'));
  for (const [id, startedAt] of [
    ['a', 1_700_000_000_000],
    ['b', 1_700_100_000_000],
  ] as const) {
    const f = join(src, `${id}.arrow`);
    await writeSessionFile(makeBenchDay(N, makeMeta(undefined, { id, notReported: {}, startedAt })), f);
    await lib0.add(f);
  }
  for (const size of POOLS) await measure(sessions, size);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function measure(sessions: string, size: number) {
  const reader = new WorkerSessionReader(size).warm();
  try {
    const fresh = () => new SessionLibrary(sessions, { reader });

    async function openOne() {
      const lib = fresh();
      const t0 = performance.now();
      const [{ opened }] = await Promise.all([lib.open('a'), lib.get('a')]);
      const t1 = performance.now();
      const data = wire(opened.data);
      const t2 = performance.now();
      drawFirstSection(data);
      const t3 = performance.now();
      return { total: t3 - t0, host: t1 - t0, wire: t2 - t1, panels: t3 - t2 };
    }

    async function openComparison() {
      const lib = fresh();
      const t0 = performance.now();
      // The compare view asks for both sessions' first-section columns and the summary at once;
      // it draws as soon as the columns are there, and shows the summary when it arrives.
      let summaryAt = 0;
      let rows = 0;
      const summary = lib.compare({ ids: ['a', 'b'] }).then((s) => {
        rows = parseComparisonJson(JSON.stringify(s)).comparison.rows.length;
        summaryAt = performance.now();
      });
      const [a, b] = await Promise.all([lib.open('a'), lib.open('b')]);
      const t1 = performance.now();
      const da = wire(a.opened.data);
      const db = wire(b.opened.data);
      const t2 = performance.now();
      drawFirstSection(da);
      drawFirstSection(db);
      const t3 = performance.now();
      await summary;
      if (rows < 99) throw new Error('summary incomplete');
      const end = Math.max(t3, summaryAt);
      return {
        total: end - t0,
        host: t1 - t0,
        wire: t2 - t1,
        panels: t3 - t2,
        screen: t3 - t0,
        summary: summaryAt - t0,
      };
    }

    await openOne(); // warm up (JIT, zstd in the workers)
    await openComparison();
    const one: Awaited<ReturnType<typeof openOne>>[] = [];
    const two: Awaited<ReturnType<typeof openComparison>>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      one.push(await openOne());
      two.push(await openComparison());
    }
    // For reference: the whole summary on one thread (what the renderer used to do).
    const { opened: oa } = await fresh().open('a');
    const { opened: ob } = await fresh().open('b');
    const single: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      summarizeComparison([
        { id: 'a', title: 'a', data: oa.data },
        { id: 'b', title: 'b', data: ob.data },
      ]);
      single.push(performance.now() - t0);
    }
    const phases = (xs: { host: number; wire: number; panels: number }[]) =>
      `host ${median(xs.map((x) => x.host)).toFixed(0)}, wire ${median(xs.map((x) => x.wire)).toFixed(0)}, panels ${median(xs.map((x) => x.panels)).toFixed(0)}`;
    const t1 = one.map((x) => x.total);
    const t2 = two.map((x) => x.total);
    console.log(
      `${LOAD}, 24 h, 1 Hz x 99 metrics; ${reader.size} reader worker(s); ${ROUNDS} interleaved rounds, median ±half the spread`,
    );
    console.log(`  open one session:      ${figure(t1, 'ms')} (${phases(one)})`);
    console.log(
      `  open a comparison (2): ${figure(t2, 'ms')} (${phases(two)}; first section on screen at ${median(two.map((x) => x.screen)).toFixed(0)}, summary at ${median(two.map((x) => x.summary)).toFixed(0)})   target < 500 ms`,
    );
    console.log(`  ratio comparison / one: ${ratio(t2, t1)}   target <= 1.5x`);
    console.log(`  reference: the two-session summary on one thread: ${figure(single, 'ms')}`);
  } finally {
    await reader.close();
  }
}
