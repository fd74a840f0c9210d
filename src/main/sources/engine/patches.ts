import { performance } from 'node:perf_hooks';
import TrackerClientClass, { type TrackerClient, type TrackerLike } from 'bittorrent-tracker/client';
import type { Torrent, Wire } from 'webtorrent';
import PeerClass, { type Peer } from 'webtorrent/lib/peer.js';
import TorrentClass from 'webtorrent/lib/torrent.js';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/*
 * Prototype wrappers on webtorrent's Peer and Torrent and on bittorrent-tracker's Client:
 * sockets, handshakes and announces are created inside them before any public event could let
 * us in. Installed once per worker; they report to the one session the worker measures (the
 * `active` sink) and do nothing while there is none. A member that is not there is left alone
 * (hooks.ts has already moved its metrics to "not reported"), so a changed webtorrent cannot
 * crash the engine through them.
 */

/** What the wrappers report to (the Instrumentation of the running session). */
export interface PatchSink {
  readonly c: SessionCounters;
  peerConnected(peer: Peer): void;
  peerDestroyed(peer: Peer): void;
}

let active: PatchSink | null = null;
let patched = false;

export function setActiveSink(sink: PatchSink | null): void {
  if (sink && active && active !== sink) throw new Error('an engine session is already measured in this worker');
  active = sink;
}

export function activeSink(): PatchSink | null {
  return active;
}

export function installPatches(): void {
  if (patched) return;
  patched = true;

  const peerProto = PeerClass.prototype;
  const onConnect = peerProto.onConnect;
  if (typeof onConnect === 'function') {
    peerProto.onConnect = function (this: Peer): void {
      onConnect.call(this);
      active?.peerConnected(this);
    };
  }
  const destroy = peerProto.destroy;
  if (typeof destroy === 'function') {
    peerProto.destroy = function (this: Peer, err?: Error): void {
      if (!this.destroyed) active?.peerDestroyed(this);
      destroy.call(this, err);
    };
  }

  const torrentProto = TorrentClass.prototype;
  const updateWire = torrentProto._updateWire;
  if (typeof updateWire === 'function') {
    torrentProto._updateWire = function (this: Torrent & { _updateWire: typeof updateWire }, wire: Wire): unknown {
      const a = active;
      // Piece selection is timed only while diagnostics are on: the clock costs more than the count.
      if (!a?.c.diagnosticsEnabled() || wire.peerChoking || !wire.amInterested) return updateWire.call(this, wire);
      const before = wire.requests.length;
      const t0 = performance.now();
      const r = updateWire.call(this, wire);
      a.c.incDiag(M.DISPATCH_ACQUIRE_US, Math.round((performance.now() - t0) * 1000));
      a.c.incDiag(M.DISPATCH_ACQUIRE_TOTAL);
      if (wire.requests.length <= before) a.c.incDiag(M.DISPATCH_ACQUIRE_NONE_TOTAL);
      a.c.setMaxDiag(M.DISPATCH_TX_HIGH_WATER, wire.requests.length);
      return r;
    };
  }

  const trackerProto = TrackerClientClass.prototype;
  const announceAll = trackerProto._announce;
  if (typeof announceAll === 'function') {
    trackerProto._announce = function (this: TrackerClient & { __tgWatched?: boolean }, opts: object): void {
      // start() announces through here first; wrap each tracker then, so the interval
      // announces that trackers send on their own are counted as well.
      if (!this.__tgWatched) {
        this.__tgWatched = true;
        this.on('warning', () => active?.c.inc(M.PROTO_TRACKER_ERRORS));
        for (const tr of Array.isArray(this._trackers) ? this._trackers : []) wrapTracker(tr);
      }
      announceAll.call(this, opts);
    };
  }
}

function wrapTracker(tr: TrackerLike & { __tgWrapped?: boolean }): void {
  const announce = tr.announce;
  if (tr.__tgWrapped || typeof announce !== 'function') return;
  tr.__tgWrapped = true;
  tr.announce = function (this: TrackerLike, opts: object): void {
    active?.c.inc(M.PROTO_TRACKER_ANNOUNCES);
    announce.call(this, opts);
  };
}
