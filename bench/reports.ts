// PNG reports through the CLI path (renderReport: temporary library, in-process shell, system
// Chromium, element screenshot at DPR 2): a 24 h 1 Hz session and a two-session comparison of
// 24 h sessions, against a baseline measured in the same run, a trivial page screenshot through
// the same launch. Prints the phases; asserts nothing. Target: < 2 s per report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { renderReport } from '../src/main/report/capture';
import { CHROMIUM_ARGS, findChromium } from '../src/main/report/chromium';
import { pngSize } from '../src/shared/pngText';
import { writeShaped } from '../test/report/sessions';

const DAY = 86_400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function baseline(path: string): Promise<number> {
  const t0 = performance.now();
  const b = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, headless: true });
  const page = await (await b.newContext({ deviceScaleFactor: 2 })).newPage();
  await page.setContent('<div id="x" style="width:1200px;height:600px;background:#fff">trivial</div>');
  await page.locator('#x').screenshot();
  await b.close();
  return performance.now() - t0;
}

const browser = findChromium();
if (!browser) {
  console.log('no Chromium found (set TIDEGAUGE_CHROMIUM): nothing to measure');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'tg-bench-reports-'));
try {
  console.log(`writing two 24 h 1 Hz sessions (${DAY} samples x 99 metrics)…`);
  const a = await writeShaped(dir, { rows: DAY, id: 'day-a', title: 'Day A', completeAt: 7200 });
  const b = await writeShaped(dir, { rows: DAY, id: 'day-b', title: 'Day B', completeAt: 6000, seed: 3, rate: 5e6 });
  const cases: [string, () => Promise<{ ms: number; phases: string }>][] = [
    ['baseline: launch + trivial element screenshot', async () => ({ ms: await baseline(browser.path), phases: '' })],
    ...(
      [
        ['24 h session report', [a]],
        ['comparison of two 24 h sessions', [a, b]],
      ] as const
    ).map(([name, files]): [string, () => Promise<{ ms: number; phases: string }>] => [
      name,
      async () => {
        const t0 = performance.now();
        const r = await renderReport({ files });
        const ms = performance.now() - t0;
        if (pngSize(r.png).width !== 2400) throw new Error('unexpected PNG width');
        const p = r.timings;
        return {
          ms,
          phases: `import ${fmt(p.import)}, launch ${fmt(p.launch)}, load+draw ${fmt(p.render)}, capture ${fmt(p.capture)}`,
        };
      },
    ]),
  ];
  const results = new Map<string, { ms: number[]; phases: string }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of cases) {
      const x = await run();
      const e = results.get(name) ?? { ms: [], phases: '' };
      e.ms.push(x.ms);
      e.phases = x.phases;
      results.set(name, e);
    }
  }
  const base = median(results.get(cases[0]?.[0] ?? '')?.ms ?? [1]);
  console.log(`\nmedian of ${ROUNDS} rounds, browser ${browser.path}`);
  for (const [name, e] of results) {
    const m = median(e.ms);
    console.log(
      `${name.padEnd(48)} ${fmt(m).padStart(8)}  ${(m / base).toFixed(1)}x baseline${e.phases ? `  (${e.phases})` : ''}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
