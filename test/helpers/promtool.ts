import { spawnSync } from 'node:child_process';

/** Debian's `prometheus` package ships promtool (.ci/run installs it). */
export const PROMTOOL = process.env.TIDEGAUGE_PROMTOOL ?? '/usr/bin/promtool';
export const hasPromtool = spawnSync(PROMTOOL, ['--version'], { stdio: 'ignore' }).status === 0;

/** `promtool check metrics` on an exposition: its exit status and what it printed (problems, one a line). */
export function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** A small parser of the text format: samples, TYPE and HELP by name; throws on a malformed line. */
export function parseExposition(text: string) {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$/.exec(line);
    if (m) {
      types.set(m[1] as string, m[2] as string);
      continue;
    }
    m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (m) {
      helps.set(m[1] as string, m[2] as string);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not a valid exposition line: ${line}`);
    samples.set(m[1] as string, Number(m[2]));
  }
  return { samples, types, helps };
}
