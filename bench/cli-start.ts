// How long `tidegauge --version` and `tidegauge --help` take from process start to exit, with
// every command loaded lazily (the CLI as built) against the eager baseline it replaced: the
// same built CLI with every command's module imported before main runs, as the static imports
// once did. Both sides run in the same run, interleaved, BENCH_ROUNDS (5) rounds each, medians ± spread;
// plus how many modules each side loads (counted by the loader hook the laziness test uses).
//   npx tsx bench/cli-start.ts        (needs the build: npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { figure, LOAD, ROUNDS, ratio } from './_stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cli = join(ROOT, 'out', 'main', 'cli.js');
if (!existsSync(cli)) throw new Error(`the build is missing (${cli}); run \`npm run build\` first`);

const work = mkdtempSync(join(tmpdir(), 'tidegauge-cli-start-'));
const eager = join(work, 'eager.mjs');
writeFileSync(
  eager,
  `const m = await import(${JSON.stringify(pathToFileURL(cli).href)});
await Promise.all(m.COMMANDS.map((c) => c.load()));
process.exitCode = await m.main(process.argv.slice(2));
`,
);
const sides = { eager: [eager], lazy: [join(ROOT, 'bin', 'tidegauge.js')] } as const;

function once(script: readonly string[], args: readonly string[], extra: string[] = [], env = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...extra, ...script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script.join(' ')} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function modules(script: readonly string[], args: readonly string[]): number {
  const log = join(work, `loads-${Math.random().toString(36).slice(2)}.txt`);
  once(script, args, ['--import', join(ROOT, 'test', 'fixtures', 'record-loads.mjs')], { TIDEGAUGE_LOAD_LOG: log });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
}

try {
  for (const args of [['--version'], ['--help']]) {
    const times = { eager: [] as number[], lazy: [] as number[] };
    once(sides.eager, args); // warm the file cache for both
    once(sides.lazy, args);
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which side goes first, so a burst of load elsewhere hits both alike.
      const order = i % 2 ? (['lazy', 'eager'] as const) : (['eager', 'lazy'] as const);
      for (const side of order) times[side].push(once(sides[side], args));
    }
    console.log(
      `[${LOAD}] tidegauge ${args.join(' ')}: eager ${figure(times.eager, 'ms')}, lazy ${figure(times.lazy, 'ms')}: ` +
        `lazy/eager ${ratio(times.lazy, times.eager)}, modules loaded ${modules(sides.eager, args)} vs ${modules(sides.lazy, args)}`,
    );
  }
  const bare = [] as number[];
  for (let i = 0; i < ROUNDS; i++) bare.push(once(['-e', ''], []));
  console.log(`for scale: node -e '' ${figure(bare, 'ms')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
