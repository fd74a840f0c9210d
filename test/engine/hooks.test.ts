import Wire from 'bittorrent-protocol';
import { describe, expect, it } from 'vitest';
import TorrentClass from 'webtorrent/lib/torrent.js';
import { checkHooks, HOOKS } from '../../src/main/sources/engine/hooks';
import { NOT_REPORTED, notReportedWith } from '../../src/main/sources/engine/mapping';
import { installPatches } from '../../src/main/sources/engine/patches';
import { M } from '../../src/shared/registry-data';

/*
 * The instrumentation reaches into webtorrent, bittorrent-protocol, bittorrent-tracker,
 * bittorrent-dht and the chunk stores. These run the engine's start-up check against the
 * installed (pinned) versions, and simulate an upgrade that renamed a member by deleting it
 * from its prototype in this process.
 */

/** Run `fn` with `proto[name]` deleted, then put it back. */
function without<T>(proto: object, name: string, fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(proto, name);
  if (!saved) throw new Error(`${name} is not an own member of that prototype`);
  delete (proto as Record<string, unknown>)[name];
  try {
    return fn();
  } finally {
    Object.defineProperty(proto, name, saved);
  }
}

describe('hooked webtorrent members', () => {
  it('all exist, with the expected types, on the installed versions', () => {
    const r = checkHooks();
    expect(r.missing).toEqual([]);
    expect([...r.notReported]).toEqual([]);
  });

  it('each names what it reaches and the metrics that read it', () => {
    expect(new Set(HOOKS.map((h) => h.member)).size).toBe(HOOKS.length);
    for (const h of HOOKS) expect(h.metrics.length, h.member).toBeGreaterThan(0);
  });

  it('a missing prototype method moves exactly its metrics to not reported, with the reason', () => {
    const r = without(TorrentClass.prototype, '_updateWire', () => checkHooks());
    const member = 'Torrent.prototype._updateWire (webtorrent)';
    expect(r.missing).toEqual([member]);
    expect([...r.notReported.keys()].sort((a, b) => a - b)).toEqual([
      M.DISPATCH_ACQUIRE_TOTAL,
      M.DISPATCH_ACQUIRE_NONE_TOTAL,
      M.DISPATCH_ACQUIRE_US,
    ]);
    for (const reason of r.notReported.values()) expect(reason).toBe(`this webtorrent version changed ${member}`);
    // What the source then reports: the engine's own reasons, plus these.
    const all = notReportedWith(r.notReported);
    expect(all.size).toBe(NOT_REPORTED.size + 3);
    expect(all.get(M.DISPATCH_ACQUIRE_US)).toBe(`this webtorrent version changed ${member}`);
  });

  it('a metric fed by two changed members names both', () => {
    const r = without(Wire.prototype, 'request', () => without(Wire.prototype, 'extended', () => checkHooks()));
    expect(r.missing).toEqual([
      'Wire.prototype.request (bittorrent-protocol)',
      'Wire.prototype.extended (bittorrent-protocol)',
    ]);
    expect([...r.notReported.keys()].sort((a, b) => a - b)).toEqual(
      [
        M.PROTO_PIECE_REQUESTS,
        M.PROTO_WASTE_BYTES,
        M.DISPATCH_TX_HIGH_WATER,
        M.PROTO_PEX_MESSAGES_OUT,
        M.PROTO_METADATA_REQUESTS,
      ].sort((a, b) => a - b),
    );
    expect(r.notReported.get(M.PROTO_PEX_MESSAGES_OUT)).toBe(
      'this webtorrent version changed Wire.prototype.extended (bittorrent-protocol)',
    );
  });

  it('a changed event moves the metrics that listen for it', () => {
    // The source text is what is checked for events; a class whose text lost the event fails.
    const r = checkHooks(
      HOOKS.filter((h) => h.member.startsWith("Torrent 'hotswap'")).map((h) => ({ ...h, ok: () => false })),
    );
    expect([...r.notReported.keys()]).toEqual([M.PIECE_STEALS_TOTAL]);
  });

  it('the prototype wrappers leave a missing member alone instead of wrapping undefined', () => {
    without(TorrentClass.prototype, '_updateWire', () => {
      installPatches();
      expect(Object.hasOwn(TorrentClass.prototype, '_updateWire')).toBe(false);
    });
  });
});
