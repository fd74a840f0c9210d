import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { workerEndpoint } from '../../src/main/workers/endpoint';
import { WorkerLink } from '../../src/main/workers/workerLink';

/*
 * The one request/reply layer to workers (engine worker, swarm members, session-reader pool),
 * against a real worker thread that answers well, badly, or dies.
 */

const Reply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('echoed'), req: z.number().int(), n: z.number() }).strict(),
  z.object({ type: z.literal('reply-error'), req: z.number().int(), message: z.string() }).strict(),
]);
type Reply = z.infer<typeof Reply>;

const FIXTURE = new URL('../fixtures/link-worker.ts', import.meta.url);
const BOOT = new URL('../../src/main/workers/tsWorkerBoot.mjs', import.meta.url);

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

function start(failures: Error[] = []): WorkerLink<Reply> {
  worker = new Worker(BOOT, { argv: [FIXTURE.href] });
  return new WorkerLink(
    workerEndpoint(worker),
    'test worker',
    Reply,
    () => {},
    (e) => failures.push(e),
  );
}

describe('WorkerLink', () => {
  it('answers each request with its own reply; a reply that does not validate fails only its request', async () => {
    const failures: Error[] = [];
    const link = start(failures);
    const good = link.request((req) => ({ type: 'echo', req, n: 7 }));
    const bad = link.request((req) => ({ type: 'garble', req }));
    await expect(bad).rejects.toThrow(/^test worker sent an invalid reply: n: .*expected number/);
    expect(await good).toEqual({ type: 'echoed', req: 1, n: 7 });
    expect(link.alive).toBe(true);
    expect(failures).toEqual([]);
    expect(link.busy).toBe(0);
  });

  it('an error reply fails its request with the message', async () => {
    const link = start();
    await expect(link.request((req) => ({ type: 'fail', req }))).rejects.toThrow('no such thing');
    expect((await link.request((req) => ({ type: 'echo', req, n: 1 }))).type).toBe('echoed');
  });

  it('a worker that dies fails every pending request with a message naming it', async () => {
    const failures: Error[] = [];
    const link = start(failures);
    await link.request((req) => ({ type: 'echo', req, n: 1 })); // running
    const pending = link.request((req) => ({ type: 'hang', req }), null);
    link.send({ type: 'die', code: 3 });
    await expect(pending).rejects.toThrow('test worker exited (code 3)');
    expect(link.alive).toBe(false);
    expect(failures.map((e) => e.message)).toEqual(['test worker exited (code 3)']);
    await expect(link.request((req) => ({ type: 'echo', req, n: 3 }))).rejects.toThrow(/exited/);
  });
});
