// A recorder in its own process, for the kill -9 test: records a host whose counters follow a
// known pattern (counter i = (i + 1) * tick) and prints each sample's tick once it is flushed.
import { Recorder } from '../../../src/main/live/recorder';
import { StatsHost } from '../../../src/main/live/statsHost';
import type { Source } from '../../../src/main/sources/Source';
import type { SourceInfo } from '../../../src/shared/api';
import type { SessionCounters } from '../../../src/shared/counters';

const [dir = '.', intervalArg] = process.argv.slice(2);
const intervalMs = Number(intervalArg ?? 50);

class PatternSource implements Source {
  readonly info: SourceInfo = { kind: 'pattern', label: 'Pattern' };
  readonly notReported = new Map<number, string>();
  async start(_c: SessionCounters): Promise<void> {}
  async stop(): Promise<void> {}
}

const host = new StatsHost({ intervalMs, source: new PatternSource() });
let tick = 0;
// Set the pattern just before each sample: wrap sample() so values are a function of the tick.
const sample = host.sample.bind(host);
host.sample = () => {
  tick++;
  for (let i = 0; i < 70; i++) host.counters.set(i, (i + 1) * tick);
  return sample();
};
const recorder = new Recorder(host, { dir, batchRows: 40, flushMs: 1000 });
recorder.on('started', (r) => console.log(`started ${r.path}`));
await recorder.start();
await host.start();
setInterval(() => console.log(`rows ${recorder.current?.rows ?? 0}`), 200).unref();
setInterval(() => undefined, 1 << 30);
