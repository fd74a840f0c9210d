import type { Socket } from 'node:dgram';
import type { DhtLike } from 'webtorrent';
import type { SessionCounters } from '../../../shared/counters';
import { M } from '../../../shared/registry-data';

/** Count the session DHT's lookups, announces and UDP bytes (routing-table size is a tick gauge). */
export function watchDht(c: SessionCounters, dht: DhtLike): void {
  const lookup = dht.lookup;
  if (typeof lookup === 'function') {
    dht.lookup = function (this: DhtLike, ...args: Parameters<DhtLike['lookup']>): unknown {
      c.inc(M.DHT_LOOKUPS);
      return lookup.apply(this, args);
    };
  }
  const announce = dht.announce;
  if (typeof announce === 'function') {
    dht.announce = function (this: DhtLike, ...args: Parameters<DhtLike['announce']>): void {
      // bittorrent-dht first looks the hash up when it has no table for it, then calls
      // announce again; count the call that sends announce_peer queries.
      const key = typeof args[0] === 'string' ? args[0] : Buffer.from(args[0]).toString('hex');
      if (this._tables?.get(key)) c.inc(M.DHT_ANNOUNCE_COUNT);
      announce.apply(this, args);
    };
  }
  const socket: Socket | undefined = dht._rpc?.socket?.socket;
  if (socket && typeof socket.send === 'function') {
    socket.on('message', (buf: Buffer) => c.inc(M.DHT_BYTES_IN, buf.length));
    const send = socket.send;
    socket.send = function (this: Socket, ...args: unknown[]): void {
      const buf = args[0];
      if (buf instanceof Uint8Array) c.inc(M.DHT_BYTES_OUT, buf.length);
      (send as (...a: unknown[]) => void).apply(this, args);
    } as Socket['send'];
  }
}
