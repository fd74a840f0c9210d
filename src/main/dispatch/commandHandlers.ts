import type { ClientCommand } from '../../shared/api';
import type { Recorder } from '../live/recorder';
import type { StatsHost } from '../live/statsHost';
import { fetchTorrentLink } from '../sources/torrent-url';
import { RequestError } from './failure';
import type { SourceSwitch } from './sourceHandlers';

type CommandType = ClientCommand['type'];
/** A handler may answer the client that sent it with a HostEvent (a connection test's result). */
export type CommandHandlers = {
  [T in CommandType]: (cmd: Extract<ClientCommand, { type: T }>) => Promise<unknown>;
};

/**
 * The live commands of a client (the WebSocket and the Electron port alike), already validated.
 * A refusal throws a RequestError whose message the client shows as it is.
 */
export function commandHandlers(host: StatsHost, recorder: Recorder | null, sources: SourceSwitch): CommandHandlers {
  /** Run one torrent action; whatever the engine says is the user's to read, then the list is fresh. */
  const torrents = async (run: (control: NonNullable<StatsHost['torrentControl']>) => Promise<unknown>) => {
    const control = host.torrentControl;
    if (!control) throw new RequestError(409, 'this source does not manage torrents');
    try {
      await run(control);
    } catch (e) {
      throw new RequestError(422, (e as Error).message);
    } finally {
      await host.refreshTorrents();
    }
  };
  return {
    setDiagnostics: async (cmd) => host.setDiagnostics(cmd.enabled),
    setInterval: async (cmd) => host.setIntervalMs(cmd.ms),
    setRecording: async (cmd) => {
      if (!recorder) throw new RequestError(409, 'this host has no data folder to record into');
      if (cmd.enabled) await recorder.start();
      else await recorder.stop();
    },
    addTorrent: (cmd) =>
      torrents(async (c) => {
        if (cmd.url !== undefined) return c.add(await fetchTorrentLink(cmd.url));
        if (cmd.magnet !== undefined) return c.add(cmd.magnet);
        try {
          return await c.add(new Uint8Array(Buffer.from(cmd.torrentBase64 ?? '', 'base64')));
        } catch (e) {
          // The file's name is the user's handle on which one was wrong (several may be dropped).
          const name = [...(cmd.fileName ?? '')]
            .filter((ch) => ch >= ' ')
            .join('')
            .slice(0, 120);
          throw name ? new Error(`${name}: ${(e as Error).message}`) : e;
        }
      }),
    torrent: (cmd) => torrents((c) => c[cmd.action](cmd.infoHash)),
    setSource: (cmd) => sources.switchTo(cmd.address, cmd.credentials),
    testSource: (cmd) => sources.test(cmd.address, cmd.credentials),
  };
}
