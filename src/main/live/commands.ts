import type { Recorder } from './recorder';
import type { StatsHost } from './statsHost';

/**
 * Keep the host's recording status in step with the recorder, so every client's switch shows
 * the truth (on, off, which file, or why it stopped).
 */
export function wireRecorder(host: StatsHost, recorder: Recorder | null): void {
  if (!recorder) return;
  // The recorder knows why it is stopped (and clears it once a new file records).
  const publish = () =>
    host.setRecordingState({
      available: true,
      enabled: recorder.enabled,
      id: recorder.current?.id ?? null,
      error: recorder.error,
    });
  for (const ev of ['started', 'stopped', 'switched', 'error'] as const) recorder.on(ev, publish);
  publish();
}
