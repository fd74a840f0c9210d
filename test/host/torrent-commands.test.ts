import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { createDefaultSource } from '../../src/main/sources/default';
import { parseClientCommand } from '../../src/shared/api';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';
const MAGNET = `magnet:?xt=urn:btih:${HASH}&dn=example`;

/** A command through the host's dispatcher, as a client sends it: null when done, else what the client is told. */
async function applyCommand(host: StatsHost, _recorder: null, cmd: unknown): Promise<string | null> {
  const answer = await createDispatcher({ host }).command(cmd);
  return answer.ok ? null : answer.error;
}

describe('torrent commands from a client', () => {
  it('refuse paths and malformed input before they reach the engine', () => {
    expect(parseClientCommand({ type: 'addTorrent', magnet: '/etc/passwd' })).toMatchObject({ ok: false });
    expect(parseClientCommand({ type: 'addTorrent' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/give one magnet link, \.torrent file or http\(s\) link/),
    });
    expect(parseClientCommand({ type: 'addTorrent', url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/starts with http:\/\/ or https:\/\//),
    });
    expect(parseClientCommand({ type: 'torrent', action: 'pause', infoHash: 'xyz' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/40 hex digits/),
    });
  });

  it('add, pause, resume and remove a torrent in a bare engine session; bad ones are reported', async () => {
    const host = new StatsHost({ intervalMs: 1000, source: createDefaultSource({ swarm: false }) });
    await host.start();
    try {
      expect(host.state().torrents).toEqual([]);
      expect(await applyCommand(host, null, { type: 'addTorrent', magnet: MAGNET })).toBeNull();
      expect(host.state().torrents).toEqual([
        expect.objectContaining({ infoHash: HASH, state: 'metadata', progress: 0 }),
      ]);
      expect(await applyCommand(host, null, { type: 'addTorrent', magnet: MAGNET })).toMatch(/already in the session/);
      const garbage = Buffer.from('this is not bencoded').toString('base64');
      expect(await applyCommand(host, null, { type: 'addTorrent', torrentBase64: garbage })).toMatch(
        /not a valid \.torrent file/,
      );
      // The file is named in the refusal, in plain words.
      expect(
        await applyCommand(host, null, { type: 'addTorrent', torrentBase64: garbage, fileName: 'junk.torrent' }),
      ).toBe(
        'junk.torrent: not a valid .torrent file: it is not a .torrent: a .torrent is bencoded metadata (it starts with “d8:announce” or “d4:info”)',
      );
      // A link to the host's own loopback is not fetched (no allow list here).
      delete process.env.TIDEGAUGE_FETCH_ALLOW;
      expect(await applyCommand(host, null, { type: 'addTorrent', url: 'http://127.0.0.1:9/x.torrent' })).toBe(
        'The link http://127.0.0.1:9/x.torrent was not fetched: 127.0.0.1 is a loopback address (127.0.0.1); only public addresses are fetched (TIDEGAUGE_FETCH_ALLOW lists exceptions)',
      );
      expect(await applyCommand(host, null, { type: 'torrent', action: 'pause', infoHash: HASH })).toBeNull();
      expect(host.state().torrents?.[0]?.state).toBe('paused');
      expect(await applyCommand(host, null, { type: 'torrent', action: 'resume', infoHash: HASH })).toBeNull();
      expect(host.state().torrents?.[0]?.state).not.toBe('paused');
      expect(await applyCommand(host, null, { type: 'torrent', action: 'remove', infoHash: HASH })).toBeNull();
      expect(host.state().torrents).toEqual([]);
      expect(await applyCommand(host, null, { type: 'torrent', action: 'remove', infoHash: HASH })).toMatch(
        /no torrent/,
      );
      // The session is still alive after the refusals.
      expect(host.state().error).toBeNull();
    } finally {
      await host.stop();
    }
  });

  it('a host without a torrent-managing source says so', async () => {
    const host = new StatsHost();
    expect(await applyCommand(host, null, { type: 'addTorrent', magnet: MAGNET })).toBe(
      'this source does not manage torrents',
    );
    expect(host.state().torrents).toBeNull();
  });
});
