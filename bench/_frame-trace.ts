// What fills a dashboard's slow frames: reads the traces `BENCH_TRACE=dir npx tsx bench/frames.ts`
// writes and prints, for frames over a threshold (default 8 ms of main-thread work) and for all
// frames, each trace event's self time (its duration less its children's) summed by name: Layout,
// Paint, FunctionCall, UpdateLayoutTree, GC… A profiling aid, not a benchmark: asserts nothing.
// Usage: npx tsx bench/_frame-trace.ts DIR [THRESHOLD_MS]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TraceEvent as Ev, pageMainThread, parseTrace } from './_trace';

const dir = process.argv[2] ?? '.';
const threshold = Number(process.argv[3] ?? 8) * 1000;

for (const file of readdirSync(dir).filter((f) => /^trace-.*\.json$/.test(f))) {
  const main = pageMainThread(parseTrace(readFileSync(join(dir, file))));
  if (!main) continue;
  const xs = [...main.events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time by nesting: an event's children are the events that start inside it.
  const self = new Map<Ev, number>();
  const stack: Ev[] = [];
  for (const e of xs) {
    while (stack.length && (stack.at(-1) as Ev).ts + ((stack.at(-1) as Ev).dur ?? 0) <= e.ts) stack.pop();
    self.set(e, e.dur ?? 0);
    const parent = stack.at(-1);
    if (parent) self.set(parent, (self.get(parent) ?? 0) - (e.dur ?? 0));
    stack.push(e);
  }
  const starts = main.frameStarts;
  const slow = new Map<string, number>();
  const all = new Map<string, number>();
  let slowFrames = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const a = starts[i] as number;
    const b = starts[i + 1] as number;
    const inside = xs.filter((e) => e.ts >= a && e.ts < b);
    const work = inside.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((s, e) => s + (e.dur ?? 0), 0);
    const into = work > threshold ? slow : null;
    if (into) slowFrames++;
    for (const e of inside) {
      const t = self.get(e) ?? 0;
      all.set(e.name, (all.get(e.name) ?? 0) + t);
      if (into) into.set(e.name, (into.get(e.name) ?? 0) + t);
    }
  }
  const top = (m: Map<string, number>, frames: number) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([n, t]) => `${n} ${(t / 1000 / Math.max(1, frames)).toFixed(2)}`)
      .join(', ');
  console.log(`${file}: ${starts.length - 1} frames, ${slowFrames} over ${threshold / 1000} ms`);
  console.log(`  slow frames, ms per frame: ${top(slow, slowFrames)}`);
  console.log(`  all frames, ms per frame: ${top(all, starts.length - 1)}`);
}
