/*
 * An engine's counter as a total that never goes down, whatever the engine does: a reading
 * below the one before is a restarted engine (a daemon SIGKILLed and started again counts
 * from 0), so all of the new reading came after the restart and is added, as Prometheus'
 * increase() reads a reset. Used by the live Prometheus source and by a remote source's extra
 * columns (libtorrent's counters through Deluge), so a recorded total reads the same way.
 */

export interface CounterRun {
  /** The engine's own last reading. */
  raw: number;
  /** The reset-free total handed on. */
  total: number;
}

/** A run that starts at the engine's first reading: its own total is where ours starts. */
export function startRun(first: number): CounterRun {
  return { raw: first, total: first };
}

/** Fold the engine's next reading into the run; true when it was a reset. */
export function foldCounter(run: CounterRun, v: number): boolean {
  const reset = v < run.raw;
  run.total += reset ? v : v - run.raw;
  run.raw = v;
  return reset;
}
