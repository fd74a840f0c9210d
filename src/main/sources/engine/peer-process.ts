import { Worker } from 'node:worker_threads';

/*
 * Entry of a loopback swarm member process (the member itself is peer-member.ts). A member has
 * nothing to do without the process that started it, so it must never outlive it, however that
 * process ended (kill -9 included):
 *   - the IPC channel closes when the parent dies: 'disconnect' exits at once;
 *   - a watchdog thread checks every 200 ms that the parent is still our parent (an orphan is
 *     handed to init or a subreaper) and kills this process otherwise. It runs beside the main
 *     thread, so a member busy in synchronous work (making 16 MiB of content, hashing it) still
 *     dies within a second; it carries no uTP (utp-native allows one such thread per process).
 * Both are armed before the member's modules (webtorrent) load, which takes a while.
 */

const parent = process.ppid;

function orphaned(): boolean {
  return !process.connected || process.ppid !== parent;
}

process.on('disconnect', () => process.exit(0));
if (orphaned()) process.exit(0);

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL');
}, 200);
`;
new Worker(WATCHDOG, { eval: true, workerData: parent }).unref();
// The main thread's own check, for a 'disconnect' that came before anyone listened.
setInterval(() => {
  if (orphaned()) process.exit(0);
}, 200).unref();

await import('./peer-member');
