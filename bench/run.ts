// `npm run bench [-- --quiet | --loaded] [name…]`: every benchmark in bench/, one after another,
// each twice: on the machine as it is ("quiet"), then with one core-bound process beside it that
// this runner starts and kills ("loaded"), because a user's laptop is busy too (issue 21). Each
// benchmark prints its own ratios against a baseline measured in the same run.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const modes = args.includes('--quiet') ? ['quiet'] : args.includes('--loaded') ? ['loaded'] : ['quiet', 'loaded'];
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(`bench: no benchmark matches ${only.join(', ')} (have: ${readdirSync(dir).join(' ')})`);
  process.exit(2);
}

/** One busy core: a child spinning until killed (never outlives this runner: killed on every exit path). */
function startLoad(): ChildProcess {
  const c = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  const stop = () => c.kill('SIGKILL');
  process.once('exit', stop);
  for (const s of ['SIGINT', 'SIGTERM'] as const)
    process.once(s, () => {
      stop();
      process.exit(130);
    });
  return c;
}

let failed = 0;
for (const f of files) {
  for (const mode of modes) {
    console.log(`\n== bench/${f} (${mode === 'quiet' ? 'quiet' : 'loaded: one core-bound process beside it'})`);
    const load = mode === 'loaded' ? startLoad() : null;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_LOAD: mode },
    });
    load?.kill('SIGKILL');
    if (r.status !== 0) failed++;
  }
}
process.exitCode = failed ? 1 : 0;
