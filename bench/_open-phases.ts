// Where opening a day-long session for a comparison spends its time, each step on this thread
// (no pool), medians of a few rounds: a profiling aid for bench/compare.ts (`npx tsx bench/_open-phases.ts`;
// `bench/run.ts` skips files starting with `_`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSessionFile } from '../src/main/storage/sessionExport';
import { readSessionFile } from '../src/main/storage/sessionFiles';
import { metricFigures, sessionInfo, spanStart } from '../src/shared/compare/compareSessions';
import { sessionDerived } from '../src/shared/compare/derivedRows';
import { headlineFigures } from '../src/shared/compare/headline';
import { sessionFindings } from '../src/shared/session/findings';
import { sessionInvariants } from '../src/shared/session/invariants';
import { makeMeta } from '../test/sessions/helpers';
import { makeBenchDay } from './_day';
import { median } from './_stats';

const dir = mkdtempSync(join(tmpdir(), 'tg-bench-phases-'));
try {
  const f = join(dir, 'a.arrow');
  await writeSessionFile(makeBenchDay(86_400, makeMeta(undefined, { id: 'a', notReported: {} })), f);
  const times: Record<string, number[]> = {};
  const time = async <T>(k: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    const xs = times[k] ?? [];
    xs.push(performance.now() - t0);
    times[k] = xs;
    return r;
  };
  for (let r = 0; r < 5; r++) {
    const o = await time('decode', () => readSessionFile(f, { shared: true }));
    const input = { id: 'a', title: 'a', data: o.data, markers: [], nudgeMs: 0 };
    const info = await time('sessionInfo', () => sessionInfo(input, { kind: 'start' }));
    await time('metricFigures', () => metricFigures(o.data, info));
    await time('sessionDerived', () => sessionDerived(input, info));
    await time('headline', () => headlineFigures(o.data, spanStart(o.data, info.origin)));
    await time('invariants', () => sessionInvariants(o.data));
    await time('findings (with invariants)', () => sessionFindings(o.data));
  }
  for (const [k, v] of Object.entries(times)) console.log(`${k.padEnd(28)} ${median(v).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
