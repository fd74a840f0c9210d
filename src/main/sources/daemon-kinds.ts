import { DelugeAdapter } from './deluge/DelugeAdapter';
import type { ParsedAddress, SourceContext } from './parsedAddress';
import { QbittorrentAdapter } from './qbittorrent/QbittorrentAdapter';
import type { RemoteAdapter } from './remote/adapter';
import { RemoteSource } from './remote/RemoteSource';
import { TransmissionAdapter } from './transmission/TransmissionAdapter';

/*
 * The daemon kinds by address scheme (registered in ./addresses.ts):
 *   qbittorrent://user:pass@host:8080
 *   transmission://user:pass@host:9091  (RPC at /transmission/rpc)
 *   deluge://:password@host:8112[?daemon=host:58846]   (deluge-web's address and password)
 *   deluge+rpc://user:password@host:58846             (deluged's own RPC, a user of its auth file)
 * Credentials come from the address or, apart from it, from the Connect… dialog / a saved
 * connection; they stay inside the adapter.
 */
export const DAEMON_KINDS: Readonly<Record<string, (address: string) => RemoteAdapter>> = {
  qbittorrent: (address) => new QbittorrentAdapter(address),
  transmission: (address) => new TransmissionAdapter(address),
  deluge: (address) => new DelugeAdapter(address),
  'deluge+rpc': (address) => new DelugeAdapter(address, 'rpc'),
};

export function daemonSource(a: ParsedAddress, c: SourceContext): RemoteSource {
  const make = DAEMON_KINDS[a.scheme];
  if (!make) throw new Error(`no daemon kind ${a.scheme}`);
  const user = c.credentials?.username ?? a.username ?? '';
  const password = c.credentials?.password ?? a.password ?? '';
  const query = a.params.toString();
  const address = `${a.scheme}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${a.authority}${query ? `/?${query}` : ''}`;
  return new RemoteSource(make(address));
}
