// Publishes (a += 1, b += 2, gauge = a) as one write, as fast as it can, until told the time is up.
import { parentPort, workerData } from 'node:worker_threads';
import { SessionCounters } from '../../src/shared/counters';
import { M } from '../../src/shared/registry-data';

const { buffer, ms } = workerData as { buffer: SharedArrayBuffer; ms: number };
const c = SessionCounters.fromBuffer(buffer);
const adds = [M.NET_BYTES_RECV, M.BW_TOTAL_DOWNLOADED];
const sets = [M.BW_DOWNLOAD_RATE];
const end = performance.now() + ms;
let a = 0;
parentPort?.postMessage({ type: 'ready' });
while (performance.now() < end) {
  a++;
  c.publish(adds, [1, 2], sets, [a]);
}
parentPort?.postMessage({ type: 'done', a });
