import type { ClientCommand } from '../../shared/api';
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

/** Carry out a validated command from a client (the same for the WebSocket and Electron). */
export async function applyCommand(
  host: StatsHost,
  recorder: Recorder | null,
  cmd: ClientCommand,
): Promise<string | null> {
  switch (cmd.type) {
    case 'setDiagnostics':
      host.setDiagnostics(cmd.enabled);
      return null;
    case 'setInterval':
      host.setIntervalMs(cmd.ms);
      return null;
    case 'setRecording':
      if (!recorder) return 'this host has no data folder to record into';
      if (cmd.enabled) await recorder.start();
      else await recorder.stop();
      return null;
    case 'addTorrent':
    case 'torrent': {
      const control = host.torrentControl;
      if (!control) return 'this source does not manage torrents';
      try {
        if (cmd.type === 'addTorrent') {
          const input = cmd.magnet ?? new Uint8Array(Buffer.from(cmd.torrentBase64 ?? '', 'base64'));
          await control.add(input);
        } else {
          await control[cmd.action](cmd.infoHash);
        }
      } catch (e) {
        return (e as Error).message;
      } finally {
        await host.refreshTorrents();
      }
      return null;
    }
  }
}
