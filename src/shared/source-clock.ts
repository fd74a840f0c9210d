/**
 * When the source's session started, by the source's own clock: its uptime gauge
 * (ses.uptime_secs). The host starts before its source (the embedded engine takes seconds to
 * boot), so the host's own start would put every uptime on screen a few seconds ahead of the
 * Uptime panel.
 *
 * The gauge is whole seconds, written on the source's tick and read on the host's, so
 * t - uptime never falls before the true start and lies at most a second plus one source tick
 * after it: the smallest estimate so far is the best one. An uptime that goes down is a new
 * session of the source, and starts over.
 */
export interface SourceClock {
  /** ms since the epoch. */
  readonly startedAt: number;
  /** The last uptime read, seconds. */
  readonly uptime: number;
}

export function advanceSourceClock(prev: SourceClock | null, t: number, uptimeSecs: number): SourceClock | null {
  // 0 is also what an uptime reads before the source first wrote it.
  if (!(uptimeSecs > 0) || !Number.isFinite(uptimeSecs)) return prev;
  const candidate = t - uptimeSecs * 1000;
  if (prev === null || uptimeSecs < prev.uptime) return { startedAt: candidate, uptime: uptimeSecs };
  return { startedAt: Math.min(prev.startedAt, candidate), uptime: uptimeSecs };
}
