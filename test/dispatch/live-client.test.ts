import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { attachLiveClient, type LiveTransport, UNREADABLE } from '../../src/main/dispatch/LiveClient';
import { StatsHost } from '../../src/main/live/statsHost';
import type { HostEvent } from '../../src/shared/api';
import { decodeHistory, isHistoryFrame } from '../../src/shared/series-history';
import { decodeSnapshot } from '../../src/shared/snapshot';

/*
 * The live-stream client adapter both shells use, over the smallest transport there is: one
 * that keeps what it is given. `backlog` stands in for a socket whose peer stopped reading.
 */

type Sent = { event: HostEvent } | { snapshot: number } | { history: { level: number; lastSeq: number } };

function memoryTransport() {
  const sent: Sent[] = [];
  let onMessage: (m: unknown, bytes: number) => void = () => {};
  let onClose: () => void = () => {};
  const state = { backlogBytes: 0 };
  const t = {
    state,
    sent,
    transport: {
      sendEvent: (event) => sent.push({ event }),
      sendSnapshot: (frame) => {
        if (!isHistoryFrame(frame)) sent.push({ snapshot: decodeSnapshot(frame).seq });
        else {
          const { level, lastSeq } = decodeHistory(frame, frame.byteLength > 0 ? (new Float64Array(frame)[5] ?? 0) : 0);
          sent.push({ history: { level, lastSeq } });
        }
      },
      onMessage: (l) => {
        onMessage = l;
      },
      onClose: (l) => {
        onClose = l;
      },
      backlog: () => state.backlogBytes,
    } satisfies LiveTransport,
    receive: (m: unknown, bytes = 50) => onMessage(m, bytes),
    close: () => onClose(),
    types: () => sent.map((s) => ('event' in s ? s.event.type : 'history' in s ? 'history' : 'snapshot')),
    errors: () => sent.flatMap((s) => ('event' in s && s.event.type === 'error' ? [s.event.message] : [])),
  };
  return t;
}

const hosts: StatsHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
});
function newHost(): StatsHost {
  const h = new StatsHost({ intervalMs: 60_000 });
  hosts.push(h);
  return h;
}

describe('live client: the attach sequence', () => {
  it('hello, the sessions to open, the history so far, then every snapshot and status; nothing after close', async () => {
    const host = newHost();
    host.sample();
    host.sample();
    const last = host.latest()?.seq;
    const own = host.listenerCount('snapshot'); // the host's own history
    const t = memoryTransport();
    attachLiveClient(t.transport, {
      host,
      dispatcher: createDispatcher({ host }),
      takeOpen: () => ['run-a', 'run-b'],
    });
    // Every level of the history, the coarsest first, each up to the last sample; the last
    // snapshot is in it, so it is not sent again.
    const levels = ['history', 'history', 'history', 'history'];
    expect(t.types()).toEqual(['hello', 'open', ...levels]);
    expect(t.sent[1]).toEqual({ event: { type: 'open', ids: ['run-a', 'run-b'] } });
    expect(t.sent.slice(2)).toEqual([3, 2, 1, 0].map((level) => ({ history: { level, lastSeq: last } })));
    host.sample();
    host.setDiagnostics(true);
    expect(t.types()).toEqual(['hello', 'open', ...levels, 'snapshot', 'status']);
    t.close();
    host.sample();
    host.setDiagnostics(false);
    expect(t.sent).toHaveLength(8);
    expect(host.listenerCount('snapshot')).toBe(own);
    expect(host.listenerCount('status')).toBe(0);
  });

  it('carries commands out in the order sent and answers refusals with the reason', async () => {
    const host = newHost();
    const t = memoryTransport();
    attachLiveClient(t.transport, { host, dispatcher: createDispatcher({ host }) });
    t.receive({ type: 'setInterval', ms: 300 });
    t.receive(UNREADABLE);
    t.receive({ type: 'setInterval', ms: 400 });
    t.receive({ type: 'setRecording', enabled: true });
    await expect.poll(() => t.errors().length).toBe(2);
    expect(t.errors()).toEqual([
      'invalid command: expected a JSON text message',
      'this host has no data folder to record into',
    ]);
    expect(host.intervalMs).toBe(400);
  });
});

describe('live samples: one instant each', () => {
  it('samples taken in the same millisecond get distinct instants, and every one reaches the history', () => {
    const host = newHost();
    const snaps = Array.from({ length: 5 }, () => host.sample());
    for (let k = 1; k < snaps.length; k++) expect(snaps[k]?.t).toBeGreaterThan(snaps[k - 1]?.t as number);
    const t = memoryTransport();
    attachLiveClient(t.transport, { host, dispatcher: createDispatcher({ host }) });
    const raw = t.sent.find((s) => 'history' in s && s.history.level === 0);
    expect(raw).toEqual({ history: { level: 0, lastSeq: snaps[4]?.seq } });
  });
});

describe('live client: bounded memory', () => {
  it('while the peer does not read: no snapshots, one latest status, a short event queue, the rest counted', async () => {
    const host = newHost();
    const t = memoryTransport();
    const client = attachLiveClient(t.transport, {
      host,
      dispatcher: createDispatcher({ host }),
      limits: { backlogBytes: 1000, queuedEvents: 3 },
    });
    const before = t.sent.length;
    t.state.backlogBytes = 5000;
    for (let i = 0; i < 100; i++) {
      host.sample();
      host.setIntervalMs(100 + i);
      client.send({ type: 'menu', action: 'toggle-theme' });
    }
    expect(t.sent.length).toBe(before);
    expect(client.stats()).toMatchObject({ queuedEvents: 4, droppedEvents: 97 });

    // The peer reads again: the queued events, one line for the dropped ones, then the latest status.
    t.state.backlogBytes = 0;
    host.sample();
    const after = t.sent.slice(before);
    expect(after.map((s) => ('event' in s ? s.event.type : 'snapshot'))).toEqual([
      'menu',
      'menu',
      'menu',
      'error',
      'status',
      'snapshot',
    ]);
    expect(t.errors()).toEqual(['97 messages to this window were dropped: it did not read them fast enough']);
    const status = after[4] as { event: { type: 'status'; intervalMs: number } };
    expect(status.event.intervalMs).toBe(199);
    expect(client.stats()).toMatchObject({ queuedEvents: 0, droppedEvents: 0 });
  });

  it('runs one command at a time and refuses a flood beyond its queue with one error per burst', async () => {
    const host = newHost();
    const t = memoryTransport();
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const slow = {
      command: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        return { ok: true as const };
      },
    };
    const client = attachLiveClient(t.transport, { host, dispatcher: slow, limits: { queuedCommands: 4 } });
    for (let i = 0; i < 1000; i++) t.receive({ type: 'setDiagnostics', enabled: true });
    expect(client.stats().queuedCommands).toBe(4);
    expect(t.errors()).toEqual(['commands refused: this window sends them faster than the host carries them out']);
    while (release.length || running) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(most).toBe(1);
    // Bytes count too: behind the one that runs, large commands wait only up to the byte limit.
    for (let i = 0; i < 10; i++) t.receive({ type: 'setDiagnostics', enabled: true }, 600 * 1024);
    expect(client.stats().queuedCommands).toBe(1);
    expect(t.errors()).toHaveLength(2);
    client.detach();
    for (const r of release.splice(0)) r();
  });
});
