import { AddressError, type ParsedAddress, type SourceContext } from './parsedAddress';
import { shownAddress } from './remote/secrets';
import type { Source } from './Source';

export { AddressError, type ParsedAddress, type SourceContext };

/*
 * Sources by address: `engine:` (the embedded engine, the default), `irontide://host:port`,
 * `tidegauge://host:port?token=…`, and one entry per further kind (qbittorrent://…). Adding a
 * protocol is one entry in SOURCE_KINDS: its factory builds the adapter and wraps it in a
 * RemoteSource (see irontide below).
 */

export interface SourceKind {
  /** Shown in the Connect… dialog's kind list and in messages. */
  readonly label: string;
  /** The port its daemon listens on by default, used when the address has none. */
  readonly defaultPort?: number;
  /** An example address, for help texts. */
  readonly example: string;
  /**
   * Query parameters that say what is watched rather than how to log in (prometheus' instance
   * and job): kept in the shown address, so a recent connection can be opened again.
   */
  readonly shownParams?: readonly string[];
  create(address: ParsedAddress, context: SourceContext): Promise<Source | null>;
}

const kinds = new Map<string, SourceKind>();

/** Register a kind of source under its scheme (one entry per protocol). */
export function registerSourceKind(scheme: string, kind: SourceKind): void {
  kinds.set(scheme.toLowerCase(), kind);
}

export function sourceKinds(): ReadonlyMap<string, SourceKind> {
  return kinds;
}

function examples(): string {
  return [...kinds.values()].map((k) => k.example).join(', ');
}

/** Parse an address; the error says what is wrong and shows the forms that work. */
export function parseAddress(text: string): ParsedAddress {
  const raw = text.trim();
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(raw);
  if (!m)
    throw new AddressError(`"${shownAddress(raw).slice(0, 200)}" is not a source address; give one of: ${examples()}`);
  const scheme = (m[1] as string).toLowerCase();
  const kind = kinds.get(scheme);
  if (!kind)
    throw new AddressError(
      `no source kind "${scheme}:" (known: ${[...kinds.keys()].map((k) => `${k}:`).join(', ')}); e.g. ${examples()}`,
    );
  if (scheme === 'engine' || scheme === 'none')
    return { scheme, authority: '', host: '', port: 0, params: new URLSearchParams(), shown: `${scheme}:` };
  let url: URL;
  try {
    url = new URL(`http:${(m[2] as string).startsWith('//') ? '' : '//'}${m[2]}`);
  } catch {
    throw new AddressError(`${shownAddress(raw).slice(0, 200)} is not a valid address; e.g. ${kind.example}`);
  }
  if (!url.hostname) throw new AddressError(`${shownAddress(raw)} names no host; e.g. ${kind.example}`);
  const port = url.port ? Number(url.port) : (kind.defaultPort ?? 0);
  if (!port) throw new AddressError(`${shownAddress(raw)} names no port; e.g. ${kind.example}`);
  const authority = `${url.hostname}:${port}`;
  // host:port stays readable (":" needs no escaping in a query).
  const shownQuery = (kind.shownParams ?? [])
    .flatMap((k) => (url.searchParams.has(k) ? [`${k}=${encodeURIComponent(url.searchParams.get(k) as string)}`] : []))
    .join('&')
    .replace(/%3A/gi, ':');
  return {
    scheme,
    authority,
    host: url.hostname,
    port,
    params: url.searchParams,
    shown: `${scheme}://${authority}${shownQuery ? `?${shownQuery}` : ''}`,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** The source an address names (null for `none:`); rejects with an AddressError for a bad address. */
export async function createSource(address: string, context: SourceContext = {}): Promise<Source | null> {
  const parsed = parseAddress(address);
  return (kinds.get(parsed.scheme) as SourceKind).create(parsed, context);
}

registerSourceKind('engine', {
  label: 'Embedded engine',
  example: 'engine:',
  // The engine (webtorrent, the swarm's tracker and DHT) loads only when it is used.
  create: async (_a, c) => (await import('./default')).createDefaultSource(c.engine),
});

registerSourceKind('none', { label: 'No source', example: 'none:', create: async () => null });

registerSourceKind('irontide', {
  label: 'irontide daemon',
  defaultPort: 9080,
  example: 'irontide://127.0.0.1:9080',
  // irontide itself has no auth on /api/v1; a token (?token= or credentials) reaches a
  // Tidegauge serve that answers irontide's API behind one.
  create: async (a, c) => {
    const { irontideSource } = await import('./irontide/index');
    return irontideSource(a, 'irontide', c.credentials?.token ?? a.params.get('token') ?? undefined);
  },
});

registerSourceKind('tidegauge', {
  label: 'Another Tidegauge (serve)',
  defaultPort: 7420,
  example: 'tidegauge://host:7420?token=…',
  create: async (a, c) => {
    const { irontideSource } = await import('./irontide/index');
    return irontideSource(a, 'tidegauge', c.credentials?.token ?? a.params.get('token') ?? undefined);
  },
});

for (const [scheme, label, defaultPort, example] of [
  ['qbittorrent', 'qBittorrent (WebUI)', 8080, 'qbittorrent://admin:password@127.0.0.1:8080'],
  ['transmission', 'Transmission (RPC)', 9091, 'transmission://user:password@127.0.0.1:9091'],
  ['deluge', 'Deluge (deluge-web)', 8112, 'deluge://:password@127.0.0.1:8112'],
  ['deluge+rpc', 'Deluge (daemon RPC)', 58846, 'deluge+rpc://localclient:password@127.0.0.1:58846'],
] as const) {
  registerSourceKind(scheme, {
    label,
    defaultPort,
    example,
    create: async (a, c) => (await import('./daemon-kinds')).daemonSource(a, c),
  });
}

for (const [scheme, example] of [
  ['prometheus', 'prometheus://127.0.0.1:9090?instance=box1:7420'],
  ['prometheus+https', 'prometheus+https://metrics.example:443?instance=box1:7420&job=seedbox'],
] as const) {
  registerSourceKind(scheme, {
    label: 'Prometheus (one instance)',
    defaultPort: scheme === 'prometheus' ? 9090 : 443,
    example,
    shownParams: ['instance', 'job'],
    create: async (a, c) => (await import('./prometheus/index')).prometheusSource(a, c),
  });
}
