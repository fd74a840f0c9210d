import { DelugeAdapter } from './deluge/DelugeAdapter';
import { QbittorrentAdapter } from './qbittorrent/QbittorrentAdapter';
import type { RemoteAdapter } from './remote/adapter';
import { TransmissionAdapter } from './transmission/TransmissionAdapter';

/*
 * The daemon kinds by address scheme, for the address table (scheme -> adapter factory):
 *   qbittorrent://user:pass@host:8080
 *   transmission://user:pass@host:9091/transmission/rpc
 *   deluge://:password@host:8112[?daemon=host:58846]   (deluge-web's address and password)
 * Each factory takes the whole address; credentials stay inside the adapter.
 */
export const DAEMON_KINDS: Readonly<Record<string, (address: string) => RemoteAdapter>> = {
  qbittorrent: (address) => new QbittorrentAdapter(address),
  transmission: (address) => new TransmissionAdapter(address),
  deluge: (address) => new DelugeAdapter(address),
};
