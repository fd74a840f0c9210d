import type { Recorder } from './recorder';
import type { StatsHost } from './statsHost';

/**
 * Keep the host's recording status in step with the recorder, so every client's switch shows
 * the truth (on, off, which file, or why it stopped).
 */
export function wireRecorder(host: StatsHost, recorder: Recorder | null): void {
  if (!recorder) return;
  let error: string | null = null;
  const publish = () =>
    host.setRecordingState({ available: true, enabled: recorder.enabled, id: recorder.current?.id ?? null, error });
  recorder.on('started', publish);
  recorder.on('stopped', publish);
  recorder.on('switched', (on) => {
    if (on) error = null;
    publish();
  });
  recorder.on('error', (e) => {
    error = e.message;
    publish();
  });
  publish();
}
