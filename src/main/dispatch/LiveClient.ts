import type { HostEvent, HostHello, HostStatus } from '../../shared/api';
import { encodeSnapshot, type Snapshot } from '../../shared/snapshot';
import type { StatsHost } from '../live/statsHost';
import type { Dispatcher } from './Dispatcher';

/*
 * One live-stream client, whatever carries it (a WebSocket of the browser shell, a MessagePort
 * of an Electron window): hello, the sessions to open, the last snapshot, then every snapshot
 * and status; commands in, refusals out; everything let go when the transport closes.
 *
 * Memory per client stays bounded whatever the client does. Out: while the transport has more
 * than `backlogBytes` unsent, snapshots are skipped, statuses collapse into the latest (each is
 * the whole state), a new hello (the live registry changed) is kept and sent first, and other
 * events wait in a short queue (the rest are counted and reported
 * once). In: commands run one at a time, in order; beyond a short queue a client that sends
 * faster than they run is refused, with one error per burst.
 */

/** What a transport delivers for a message it could not decode (binary or not JSON on a WebSocket). */
export const UNREADABLE = Symbol('unreadable message');

export interface LiveTransport {
  sendEvent(event: HostEvent): void;
  /** A binary frame: one snapshot (src/shared/snapshot.ts) or a level of history (src/shared/series-history.ts). */
  sendSnapshot(frame: ArrayBuffer): void;
  /** `bytes`: the message's size on the wire, where the transport knows it. */
  onMessage(listener: (message: unknown, bytes: number) => void): void;
  onClose(listener: () => void): void;
  /** Bytes handed over and not yet sent; a transport without it never backs up. */
  backlog?(): number;
}

export interface LiveLimits {
  /** Unsent bytes above which the client gets no new snapshots and events wait. */
  readonly backlogBytes: number;
  /** Events (other than statuses) kept while the client is behind. */
  readonly queuedEvents: number;
  /** Commands waiting behind the one that runs. */
  readonly queuedCommands: number;
  /** Bytes of commands waiting behind the one that runs (a command alone may be larger). */
  readonly queuedCommandBytes: number;
}

const LIVE_LIMITS: LiveLimits = {
  backlogBytes: 1 << 20,
  queuedEvents: 16,
  queuedCommands: 32,
  queuedCommandBytes: 1 << 20,
};

export interface LiveClientOptions {
  readonly host: StatsHost;
  readonly dispatcher: Pick<Dispatcher, 'command'>;
  /** Library ids this client should open at once (the first client to connect takes them). */
  readonly takeOpen?: () => readonly string[];
  readonly limits?: Partial<LiveLimits>;
}

export interface LiveClient {
  /** Send an event of the host's own (a menu command, sessions to open). */
  send(event: HostEvent): void;
  /** What this client holds now (for tests and diagnostics). */
  stats(): { backlog: number; queuedEvents: number; queuedCommands: number; droppedEvents: number };
  /** Let go of the host (the transport closing does this too). */
  detach(): void;
}

export function attachLiveClient(transport: LiveTransport, options: LiveClientOptions): LiveClient {
  const { host, dispatcher } = options;
  const limits = { ...LIVE_LIMITS, ...options.limits };
  const backlog = () => transport.backlog?.() ?? 0;
  let attached = true;

  // Out: events that wait while the client is behind.
  let pendingHello: HostHello | null = null;
  let pendingStatus: HostStatus | null = null;
  const pendingEvents: HostEvent[] = [];
  let droppedEvents = 0;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const behind = () => pendingHello !== null || pendingStatus !== null || pendingEvents.length > 0 || droppedEvents > 0;

  function flush(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (!attached) return;
    while (backlog() <= limits.backlogBytes && behind()) {
      // The hello first: what follows it (snapshots of the new width) only makes sense after it.
      const next = pendingHello ?? pendingEvents.shift();
      pendingHello = null;
      if (next) transport.sendEvent(next);
      else if (droppedEvents > 0) {
        transport.sendEvent({
          type: 'error',
          message: `${droppedEvents} messages to this window were dropped: it did not read them fast enough`,
        });
        droppedEvents = 0;
      } else if (pendingStatus) {
        transport.sendEvent(pendingStatus);
        pendingStatus = null;
      }
    }
    // A transport has no "drained" signal common to both shells: look again shortly.
    if (behind()) {
      flushTimer = setTimeout(flush, 50);
      flushTimer.unref?.();
    }
  }

  function send(event: HostEvent): void {
    if (!attached) return;
    if (!behind() && backlog() <= limits.backlogBytes) {
      transport.sendEvent(event);
      return;
    }
    if (event.type === 'status') pendingStatus = event;
    else if (event.type === 'hello') pendingHello = event;
    else if (pendingEvents.length < limits.queuedEvents) pendingEvents.push(event);
    else droppedEvents++;
    if (!flushTimer) flush();
  }

  const onSnapshot = (s: Snapshot) => {
    if (behind()) flush();
    // A slow client gets fewer frames rather than an ever-growing buffer.
    if (!attached || behind() || backlog() > limits.backlogBytes) return;
    transport.sendSnapshot(encodeSnapshot(s));
  };
  const onStatus = (s: HostStatus) => send(s);
  // The live registry changed (a source's extra columns came or went): the stream starts again
  // at the new width, from a hello, as on connecting (the host's history starts again with it).
  const onRegistry = () => send(host.hello());

  // In: one command at a time, in the order sent.
  const commands: { message: unknown; bytes: number }[] = [];
  let queuedBytes = 0;
  let refusing = false;
  let running = false;

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    for (let next = commands.shift(); next && attached; next = commands.shift()) {
      queuedBytes -= next.bytes;
      const answer =
        next.message === UNREADABLE
          ? { ok: false as const, error: 'invalid command: expected a JSON text message' }
          : await dispatcher.command(next.message);
      if (!answer.ok) send({ type: 'error', message: answer.error });
      else if (answer.reply) send(answer.reply);
    }
    running = false;
    refusing = false;
  }

  function receive(message: unknown, bytes: number): void {
    if (!attached) return;
    const waiting = commands.length;
    const fits = waiting === 0 || (waiting < limits.queuedCommands && queuedBytes + bytes <= limits.queuedCommandBytes);
    if (!fits) {
      // One error per burst: the client is told, not flooded back.
      if (!refusing)
        send({
          type: 'error',
          message: 'commands refused: this window sends them faster than the host carries them out',
        });
      refusing = true;
      return;
    }
    commands.push({ message, bytes });
    queuedBytes += bytes;
    void pump();
  }

  function detach(): void {
    if (!attached) return;
    attached = false;
    host.off('snapshot', onSnapshot);
    host.off('status', onStatus);
    host.off('registry', onRegistry);
    if (flushTimer) clearTimeout(flushTimer);
    commands.length = 0;
    pendingEvents.length = 0;
    pendingStatus = null;
    pendingHello = null;
  }

  send(host.hello());
  const open = options.takeOpen?.() ?? [];
  if (open.length) send({ type: 'open', ids: open });
  // The session so far (coarse levels first), then the live samples carry on from it; nothing
  // runs in between, so no sample is missed or sent twice.
  const history = host.history.frames();
  for (const frame of history) transport.sendSnapshot(frame);
  const last = host.latest();
  if (last && history.length === 0) onSnapshot(last);
  host.on('snapshot', onSnapshot);
  host.on('status', onStatus);
  host.on('registry', onRegistry);
  transport.onMessage(receive);
  transport.onClose(detach);

  return {
    send,
    detach,
    stats: () => ({
      backlog: backlog(),
      queuedEvents: pendingEvents.length + (pendingStatus ? 1 : 0) + (pendingHello ? 1 : 0),
      queuedCommands: commands.length,
      droppedEvents,
    }),
  };
}
