import type { SourceHealth, SourceHealthState } from '../../shared/api';
import {
  MAX_SESSION_EVENTS,
  OUTAGE_NO_CONNECTIONS,
  OUTAGE_UNREACHABLE,
  type SessionEvent,
  type SessionEventKind,
  sessionEvent,
} from '../../shared/session/events';

/** Health states in which the source gives no readings: the session has an outage. */
const DOWN: ReadonlySet<SourceHealthState> = new Set([
  'lagging',
  'unreachable',
  'auth failed',
  'banned',
  'protocol error',
]);
/**
 * Samples with no connected peer before "no connections" starts: a peer set that turns over
 * (one leaves as the next connects) reads 0 for a sample without being an outage.
 */
export const NO_PEERS_SAMPLES = 3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * The events of the current source's session, as the host sees them happen: alerts, outages
 * (the source's connection down; no peer connected), diagnostics switched, source switches.
 * Turns health and peer readings into outage-start/outage-end pairs (one of each cause open at
 * a time, so a flapping connection makes one start and one end per flap, never two starts).
 * Bounded like a session file's events; the host passes each new one to the recorder.
 */
export class EventLog {
  private list: SessionEvent[] = [];
  private down: number | null = null;
  private zeroPeersSince: number | null = null;
  private zeroPeers = 0;
  private noPeers: number | null = null;

  constructor(private readonly emit: (e: SessionEvent) => void) {}

  /** A new source: its session starts with no events (but the switch itself, if the caller adds it). */
  reset(): void {
    this.list = [];
    this.down = null;
    this.zeroPeers = 0;
    this.zeroPeersSince = null;
    this.noPeers = null;
  }

  /** Every event of the session so far, oldest first. */
  all(): readonly SessionEvent[] {
    return this.list;
  }

  /** The newest `n`, for clients (the status message carries them; the file keeps all). */
  recent(n: number): readonly SessionEvent[] {
    return this.list.length <= n ? this.list : this.list.slice(-n);
  }

  add(kind: SessionEventKind, text: string, t = Date.now()): SessionEvent {
    const e = sessionEvent(t, kind, text);
    if (this.list.length < MAX_SESSION_EVENTS) this.list.push(e);
    this.emit(e);
    return e;
  }

  /** A health report of the source (on every change): an outage starts or ends. */
  health(h: SourceHealth | null | undefined, label: string, t = Date.now()): void {
    if (!h) return;
    if (this.down === null && DOWN.has(h.state)) {
      this.down = t;
      const why = h.lastError ? `: ${h.lastError}` : '';
      this.add('outage-start', `${OUTAGE_UNREACHABLE}: ${label} is ${h.state}${why}`, t);
    } else if (this.down !== null && h.state === 'live') {
      this.add('outage-end', `${OUTAGE_UNREACHABLE}: ${label} is live again after ${seconds(t - this.down)}`, t);
      this.down = null;
    }
  }

  /**
   * Connected peers of a real sample (NaN: not reported, which says nothing). An outage starts
   * once NO_PEERS_SAMPLES samples in a row had none after some had been connected, and is
   * dated from the first of them.
   */
  peers(n: number, t: number): void {
    if (Number.isNaN(n)) return;
    if (n > 0) {
      if (this.noPeers !== null)
        this.add('outage-end', `${OUTAGE_NO_CONNECTIONS}: ${n} connected again after ${seconds(t - this.noPeers)}`, t);
      this.noPeers = null;
      this.zeroPeers = 1;
      this.zeroPeersSince = null;
      return;
    }
    // zeroPeers 0: no peer was ever connected in this session (nothing was lost).
    if (this.zeroPeers === 0 || this.noPeers !== null) return;
    this.zeroPeersSince ??= t;
    if (++this.zeroPeers > NO_PEERS_SAMPLES) {
      this.noPeers = this.zeroPeersSince;
      this.add('outage-start', `${OUTAGE_NO_CONNECTIONS}: no peer connected`, this.noPeers);
    }
  }
}
