import { afterEach, describe, expect, it } from 'vitest';
import { Shutdown } from '../../src/main/lifetime/shutdown';

/*
 * The one shutdown path (src/main/lifetime/shutdown.ts) on its own: steps in order, each once,
 * a failing step does not stop the others, and the process always ends — a step that never
 * finishes is cut off by the deadline, a second signal exits at once.
 */

const untraps: Array<() => void> = [];
afterEach(() => {
  for (const u of untraps.splice(0)) u();
});

function make(options: { deadlineMs?: number; finish?: 'drain' | 'exit'; graceMs?: number } = {}) {
  const exits: number[] = [];
  const lines: string[] = [];
  const life = new Shutdown('test', {
    deadlineMs: options.deadlineMs ?? 60_000,
    graceMs: options.graceMs ?? 60_000,
    finish: options.finish,
    exit: (code) => exits.push(code),
    log: (line) => lines.push(line),
    debug: false,
  });
  return { life, exits, lines };
}

/** The handler `trap` installed for `signal`, called as the signal would call it. */
function deliver(signal: NodeJS.Signals): void {
  const handler = process.listeners(signal).at(-1) as (s: NodeJS.Signals) => void;
  handler(signal);
}

describe('Shutdown', () => {
  it('runs the steps once, in order, each after the one before has finished', async () => {
    const { life, exits } = make({ finish: 'exit' });
    const order: string[] = [];
    life
      .add('a', async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push('a');
      })
      .add('b', () => order.push('b'))
      .add('c', () => order.push('c'));
    const first = life.stop(0);
    expect(life.stopping).toBe(true);
    expect(life.stop(3)).toBe(first);
    expect(await first).toBe(0);
    expect(await life.ended).toBe(0);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(exits).toEqual([0]);
  });

  it('a step that throws is reported and the next ones still run', async () => {
    const { life, lines } = make();
    const ran: string[] = [];
    life
      .add('closing the recording', () => {
        throw new Error('disk gone');
      })
      .add('stopping the source', async () => {
        ran.push('source');
      });
    await life.stop();
    expect(ran).toEqual(['source']);
    expect(lines).toEqual(['test: while stopping, closing the recording failed: disk gone']);
  });

  it('a step that never finishes is cut off by the deadline, which names it', async () => {
    const { life, exits, lines } = make({ deadlineMs: 100 });
    life.add('closing the recording', () => undefined).add('stopping the source', () => new Promise(() => {}));
    void life.stop();
    await expect.poll(() => exits, { timeout: 30_000 }).toEqual([1]);
    expect(lines).toEqual([
      'test: the 0.1 s shutdown deadline passed while stopping the source had not finished; exiting now',
    ]);
  });

  it('the first SIGTERM runs the steps, a second one exits at once with 143', async () => {
    const { life, exits, lines } = make();
    const seen: string[] = [];
    untraps.push(life.trap((s) => seen.push(s)));
    let release = () => {};
    life.add('stopping the source', () => new Promise<void>((r) => (release = r)));
    deliver('SIGTERM');
    expect(seen).toEqual(['SIGTERM']);
    expect(life.stopping).toBe(true);
    expect(exits).toEqual([]);
    deliver('SIGTERM');
    expect(exits).toEqual([143]);
    expect(lines.at(-1)).toBe('test: SIGTERM again while stopping the source had not finished; exiting now');
    release();
  });

  it('SIGINT twice exits 130; the handlers go once the steps are done with finish "exit"', async () => {
    const before = process.listenerCount('SIGINT');
    const { life, exits } = make({ finish: 'exit' });
    life.trap();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    let release = () => {};
    life.add('closing connections', () => new Promise<void>((r) => (release = r)));
    deliver('SIGINT');
    deliver('SIGINT');
    expect(exits).toEqual([130]);
    release();
    await life.ended;
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('with finish "drain" the exit is left to the event loop, forced only after the grace', async () => {
    const { life, exits } = make({ graceMs: 50 });
    life.add('nothing', () => undefined);
    expect(await life.stop(0)).toBe(0);
    expect(exits).toEqual([]);
    // In a test runner the loop never empties: the grace timer forces the exit.
    await expect.poll(() => exits, { timeout: 30_000 }).toEqual([0]);
  });
});
