import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultSource } from '../../src/main/sources/default';
import { EngineSource } from '../../src/main/sources/engine/EngineSource';
import { SessionCounters } from '../../src/shared/counters';
import { NUM_METRICS } from '../../src/shared/registry';
import { M } from '../../src/shared/registry-data';
import { waitFor } from './helpers';

/*
 * Torrent commands on a bare session (no loopback swarm): real webtorrent in the worker,
 * real parsing; bad input is refused with a clear message and the session keeps running.
 */

// A magnet for a torrent nobody has: valid, stays in the metadata state.
const HASH = '0123456789abcdef0123456789abcdef01234567';
const MAGNET = `magnet:?xt=urn:btih:${HASH}&dn=nobody`;

describe('engine commands', () => {
  const counters = new SessionCounters();
  const source = new EngineSource({ loopback: null, tickMs: 100 });
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidegauge-cmd-'));
    await source.start(counters);
  });

  afterAll(async () => {
    await source.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses bad input with a clear message and keeps running', async () => {
    await expect(source.addTorrent('')).rejects.toThrow(/no torrent given/);
    await expect(source.addTorrent('magnet:?dn=no-hash')).rejects.toThrow(
      /^Not a magnet link: it has no info hash; expected magnet:\?xt=urn:btih:<40 hex or 32 base32 chars>/,
    );
    await expect(source.addTorrent('magnet:?xt=urn:btih:nothex')).rejects.toThrow(
      /^Not a magnet link: its info hash “urn:btih:nothex” is not 40 hex or 32 base32 chars/,
    );
    await expect(source.addTorrent(join(dir, 'missing.torrent'))).rejects.toThrow(
      /cannot read the torrent file .*ENOENT/,
    );
    const junk = join(dir, 'junk.torrent');
    await writeFile(junk, 'this is not bencode');
    await expect(source.addTorrent(junk)).rejects.toThrow(/not a valid \.torrent file/);
    await expect(source.addTorrent(new Uint8Array(0))).rejects.toThrow(/not a valid \.torrent file: it is empty/);
    await expect(source.addTorrent(new TextEncoder().encode('d4:spam4:eggse'))).rejects.toThrow(
      /not a valid \.torrent file/,
    );
    await expect(source.pause('xyz')).rejects.toThrow(/not an info hash/);
    await expect(source.pause(HASH)).rejects.toThrow(/no torrent .* in the session/);
    expect(await source.list()).toEqual([]);
  });

  it('adds, pauses, resumes and removes a torrent; the gauges follow', async () => {
    const added = await source.addTorrent(MAGNET);
    expect(added).toMatchObject({ infoHash: HASH, state: 'metadata' });
    await expect(source.addTorrent(MAGNET)).rejects.toThrow(/already in the session/);
    await waitFor(() => counters.get(M.SES_NUM_TORRENTS) === 1n && counters.get(M.SES_ACTIVE_TORRENTS) === 1n, 5000);

    expect(await source.pause(HASH)).toMatchObject({ state: 'paused' });
    await waitFor(
      () => counters.get(M.PEER_NUM_PAUSED_TORRENTS) === 1n && counters.get(M.SES_ACTIVE_TORRENTS) === 0n,
      5000,
    );

    expect((await source.resume(HASH)).state).toBe('metadata');
    await waitFor(() => counters.get(M.PEER_NUM_PAUSED_TORRENTS) === 0n, 5000);

    expect((await source.list()).map((t) => t.infoHash)).toEqual([HASH]);
    await source.remove(HASH);
    expect(await source.list()).toEqual([]);
    await waitFor(() => counters.get(M.SES_NUM_TORRENTS) === 0n, 5000);
    await expect(source.remove(HASH)).rejects.toThrow(/no torrent/);
  });
});

describe('default source', () => {
  it('is the loopback-swarm engine and names what it cannot report', () => {
    const s = createDefaultSource({ contentSize: 1024 * 1024, seeders: 2 });
    expect(s).toBeInstanceOf(EngineSource);
    expect(s?.info.kind).toBe('engine');
    for (const [i, why] of s?.notReported ?? []) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(NUM_METRICS);
      expect(why.length).toBeGreaterThan(10);
    }
    // Everything the issue names as knowable is reported.
    for (const i of [
      M.NET_BYTES_SENT,
      M.DISK_CACHE_HITS,
      M.DHT_NODES_V4,
      M.PROTO_PEX_MESSAGES_IN,
      M.PIECE_STEALS_TOTAL,
    ]) {
      expect(s?.notReported.has(i), `metric ${i}`).toBe(false);
    }
  });

  it('checks its options', () => {
    expect(() => createDefaultSource({ utpShare: 2 })).toThrow(/utpShare/);
    expect(() => createDefaultSource({ pieceLength: 100_000 })).toThrow(/pieceLength/);
    expect(() => createDefaultSource({ seeders: 0 })).toThrow(/seeders/);
  });
});
