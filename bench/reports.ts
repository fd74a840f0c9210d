// PNG reports the way a benchmark pipeline makes them: the built CLI (`tidegauge report FILE…
// -o out.png`, a fresh process each time, system Chromium headless, element screenshot at DPR
// 2) for a 24 h 1 Hz session and a two-session comparison of 24 h sessions, against a baseline
// measured in the same run: a trivial page screenshot through the same browser launch, also
// in a fresh process. Wall time of each process. Prints the phases the CLI reports; asserts
// nothing. Target: < 2 s per report. Needs `npm run build` (the CLI runs from out/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../src/main/report/chromium';
import { pngSize } from '../src/shared/pngText';
import { writeShaped } from '../test/report/sessions';
import { figure, LOAD, ROUNDS, ratio } from './_stats';

const DAY = 86_400;
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'tidegauge.js');

const BASELINE = `
import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: process.argv[1], headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
const page = await (await b.newContext({ deviceScaleFactor: 2 })).newPage();
await page.setContent('<div id="x" style="width:1200px;height:600px;background:#fff">trivial</div>');
await page.locator('#x').screenshot();
await b.close();
`;

function timed(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

const browser = findChromium();
if (!browser) {
  console.log('no Chromium found (set TIDEGAUGE_CHROMIUM): nothing to measure');
  process.exit(0);
}
if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
  console.log('the build is missing: run `npm run build` first');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'tg-bench-reports-'));
try {
  console.log(`writing two 24 h 1 Hz sessions (${DAY} samples x 99 metrics)…`);
  const a = await writeShaped(dir, { rows: DAY, id: 'day-a', title: 'Day A', completeAt: 7200 });
  const b = await writeShaped(dir, { rows: DAY, id: 'day-b', title: 'Day B', completeAt: 6000, seed: 3, rate: 5e6 });
  const out = join(dir, 'out.png');
  const report = (files: string[]) => () => {
    const compare = files.length > 1 ? ['--compare'] : [];
    const r = timed([CLI, 'report', ...files, ...compare, '-o', out, '--force', '--renderer', 'chromium']);
    if (pngSize(new Uint8Array(readFileSync(out))).width !== 2400) throw new Error('unexpected PNG width');
    return { ms: r.ms, phases: r.stderr.match(/\((reading .*)\)\s*$/m)?.[1] ?? '' };
  };
  const cases: [string, () => { ms: number; phases: string }][] = [
    [
      'baseline: launch + trivial element screenshot',
      () => ({ ms: timed(['--input-type=module', '-e', BASELINE, browser.path]).ms, phases: '' }),
    ],
    ['24 h session report', report([a])],
    ['comparison of two 24 h sessions', report([a, b])],
  ];
  const results = new Map<string, { ms: number[]; phases: string }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of cases) {
      const x = run();
      const e = results.get(name) ?? { ms: [], phases: '' };
      e.ms.push(x.ms);
      e.phases = x.phases;
      results.set(name, e);
    }
  }
  const base = results.get(cases[0]?.[0] ?? '')?.ms ?? [1];
  console.log(
    `\n${LOAD}: ${ROUNDS} interleaved rounds, wall time of a fresh process each, median ±half the spread, browser ${browser.path}`,
  );
  for (const [name, e] of results) {
    const target = e.ms === base ? '' : '   target <= 1.3x';
    console.log(`${name.padEnd(48)} ${figure(e.ms, 'ms').padStart(24)}  ${ratio(e.ms, base)} baseline${target}`);
    if (e.phases) console.log(`${''.padEnd(48)} (last run: ${e.phases})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
