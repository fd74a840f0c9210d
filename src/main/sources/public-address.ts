import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/*
 * A link the host fetches on a user's word (an http(s) .torrent in the add box, a magnet's xs=)
 * must not reach the host's own network: a seedbox's browser shell would otherwise let any
 * page that can send a command probe 127.0.0.1:8080 (qBittorrent's WebUI), the router or a
 * cloud metadata address. Only public addresses are fetched; TIDEGAUGE_FETCH_ALLOW
 * (comma-separated addresses or host names) names the exceptions, which the tests use for
 * their local servers.
 */

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** What kind of non-public address this is, or null for a public one. */
export function privateKind(address: string): string | null {
  const v = isIP(address);
  if (v === 0) return 'not an IP address';
  // ::ffff:10.0.0.1 is 10.0.0.1 on a dual-stack socket.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateKind(mapped[1] as string);
  if (!PRIVATE.check(address, v === 4 ? 'ipv4' : 'ipv6')) return null;
  if (/^127\.|^::1$/.test(address)) return 'loopback';
  if (/^169\.254\.|^fe[89ab]/i.test(address)) return 'link-local';
  return 'private or reserved';
}

/** The allow list from TIDEGAUGE_FETCH_ALLOW (read at each fetch, so a test can set it). */
export function fetchAllowList(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.TIDEGAUGE_FETCH_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The address to connect to for `host`: resolved once here and then used for the connection
 * (so a name cannot resolve to a public address for the check and a private one for the
 * fetch). Throws a message that names the host and why it was refused.
 */
export async function publicAddress(
  host: string,
  allow: readonly string[] = fetchAllowList(),
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  let found: { address: string; family: number }[];
  if (isIP(bare)) found = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      found = await lookup(bare, { all: true, verbatim: true });
    } catch {
      throw new Error(`the host ${host} could not be found (DNS)`);
    }
  }
  if (found.length === 0) throw new Error(`the host ${host} could not be found (DNS)`);
  const allowedName = allow.includes(bare);
  for (const a of found) {
    const kind = privateKind(a.address);
    if (kind && !allowedName && !allow.includes(a.address.toLowerCase()))
      throw new Error(
        `${host} is a ${kind} address (${a.address}); only public addresses are fetched (TIDEGAUGE_FETCH_ALLOW lists exceptions)`,
      );
  }
  const first = found[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
