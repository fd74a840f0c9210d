import type { Recorder } from '../live/recorder';
import type { StatsHost } from '../live/statsHost';
import type { Shutdown } from './shutdown';

/**
 * What a host process (`serve`, the desktop app) holds, as far as shutting down goes. Getters:
 * a signal may come while the host is still being made, when some parts do not exist yet.
 */
export interface HostParts {
  readonly host: () => StatsHost | null;
  readonly recorder: () => Recorder | null;
  /** The shell's connections: the web server and its sockets, or the desktop's live ports. */
  readonly closeShell: () => unknown;
  /** Worker pools and anything else that goes last (session readers, imports under way). */
  readonly closeWorkers: () => unknown;
}

/**
 * The steps every host shuts down with, in this order: the sampler stops (so no sample comes
 * after the file's end) and the source is told to stop; the recording is closed (last batch,
 * end marker, journal removed) without waiting for the source, which may take seconds to say
 * goodbye to its peers; the shell's connections close; then the source is waited for and the
 * workers end.
 */
export function addHostSteps(life: Shutdown, parts: HostParts): Shutdown {
  let sourceStopped: Promise<void> = Promise.resolve();
  return life
    .add('stopping the sampler', () => {
      sourceStopped = parts.host()?.stop() ?? Promise.resolve();
    })
    .add('closing the recording', () => parts.recorder()?.stop())
    .add('closing connections', parts.closeShell)
    .add('stopping the source', () => sourceStopped)
    .add('ending worker threads', parts.closeWorkers);
}
