import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as TrackerServer } from 'bittorrent-tracker';

/*
 * The real daemons from Debian, each on 127.0.0.1 with a throwaway profile in a temp folder
 * (settings from ../shared/sources/SOURCES.md), started for a test and stopped by PID in its
 * afterAll. Every child is also killed when the test process exits, so nothing outlives a
 * failed or interrupted test.
 */

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
// Node runs no 'exit' handlers when a signal ends it: stop the daemons first, then end.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
}

export const PYTHON = '/usr/bin/python3';
const SEEDER = join(import.meta.dirname, 'seeder.py');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export class Proc {
  readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<void>;

  constructor(cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
    this.child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(this.child);
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.exited.then(() => children.delete(this.child));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not gone after 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(t);
  }

  /** Dies at once, as a crashed daemon does. */
  async crash(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

async function answers(url: string, init?: RequestInit): Promise<boolean | undefined> {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  await r.arrayBuffer();
  return r.status > 0 ? true : undefined;
}

export interface Daemon {
  readonly dir: string;
  /** The API port (WebUI, RPC, deluge-web). */
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly procs: Proc[];
  /** Stop (restart with start()) or crash the daemon; the profile stays until dispose(). */
  start(): Promise<void>;
  stop(): Promise<void>;
  crash(): Promise<void>;
  dispose(): Promise<void>;
}

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `tidegauge-${name}-`));
}

function daemon(
  dir: string,
  port: number,
  user: string,
  password: string,
  launch: () => Promise<Proc[]>,
): Daemon & { procs: Proc[] } {
  const d = {
    dir,
    port,
    user,
    password,
    procs: [] as Proc[],
    async start() {
      d.procs = await launch();
    },
    async stop() {
      for (const p of [...d.procs].reverse()) await p.stop();
    },
    async crash() {
      for (const p of d.procs) await p.crash();
    },
    async dispose() {
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return d;
}

export interface QbtOptions {
  /** qBittorrent bans the IP after this many failed logins (default 5). */
  readonly maxAuthFailures?: number;
}

/** qbittorrent-nox 4.5.2: admin/adminadmin is 4.5's default WebUI login. */
export async function startQbittorrent(o: QbtOptions = {}): Promise<Daemon> {
  const dir = tempDir('qbt');
  const [port, peerPort] = [await freePort(), await freePort()];
  mkdirSync(join(dir, 'qBittorrent', 'config'), { recursive: true });
  mkdirSync(join(dir, 'downloads'));
  writeFileSync(
    join(dir, 'qBittorrent', 'config', 'qBittorrent.conf'),
    [
      '[LegalNotice]',
      'Accepted=true',
      '',
      '[BitTorrent]',
      'Session\\InterfaceAddress=127.0.0.1',
      'Session\\DHTEnabled=false',
      'Session\\LSDEnabled=false',
      'Session\\PeXEnabled=false',
      'Session\\IgnoreLimitsOnLAN=false',
      `Session\\Port=${peerPort}`,
      `Session\\DefaultSavePath=${join(dir, 'downloads')}`,
      // The 1,000-torrent bench: no queueing, every torrent is started.
      'Session\\QueueingSystemEnabled=false',
      '',
      '[Preferences]',
      'WebUI\\Address=127.0.0.1',
      `WebUI\\Port=${port}`,
      `WebUI\\MaxAuthenticationFailCount=${o.maxAuthFailures ?? 5}`,
      'WebUI\\BanDuration=3600',
      'Connection\\UPnP=false',
      'General\\Locale=en',
      '',
    ].join('\n'),
  );
  const d = daemon(dir, port, 'admin', 'adminadmin', async () => {
    const p = new Proc('/usr/bin/qbittorrent-nox', [`--profile=${dir}`, `--webui-port=${port}`], { HOME: dir });
    await waitFor(`qbittorrent-nox on ${port}`, () =>
      p.running ? answers(`http://127.0.0.1:${port}/api/v2/app/version`) : Promise.reject(new Error(p.log)),
    );
    return [p];
  });
  await d.start();
  return d;
}

/** transmission-daemon 3.00 with Basic auth tg/secret. */
export async function startTransmission(): Promise<Daemon> {
  const dir = tempDir('tr');
  const [port, peerPort] = [await freePort(), await freePort()];
  mkdirSync(join(dir, 'downloads'));
  const settings = {
    'bind-address-ipv4': '127.0.0.1',
    'rpc-bind-address': '127.0.0.1',
    'rpc-port': port,
    'rpc-authentication-required': true,
    'rpc-username': 'tg',
    'rpc-password': 'secret',
    'rpc-whitelist-enabled': true,
    'rpc-whitelist': '127.0.0.1',
    'dht-enabled': false,
    'lpd-enabled': false,
    'pex-enabled': false,
    'port-forwarding-enabled': false,
    'peer-port': peerPort,
    'download-dir': join(dir, 'downloads'),
    'incomplete-dir-enabled': false,
    'message-level': 1,
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
  const d = daemon(dir, port, 'tg', 'secret', async () => {
    const p = new Proc('/usr/bin/transmission-daemon', ['-f', '-g', dir], { HOME: dir });
    await waitFor(`transmission-daemon on ${port}`, () =>
      p.running ? answers(`http://127.0.0.1:${port}/transmission/rpc`) : Promise.reject(new Error(p.log)),
    );
    return [p];
  });
  await d.start();
  return d;
}

/** deluged 2.0.3 and deluge-web (its JSON API, the adapter's route) sharing one config folder. */
export async function startDeluge(): Promise<Daemon & { daemonPort: number }> {
  const dir = tempDir('deluge');
  const [port, daemonPort, peerPort] = [await freePort(), await freePort(), await freePort()];
  mkdirSync(join(dir, 'downloads'));
  const core = {
    dht: false,
    lsd: false,
    upnp: false,
    natpmp: false,
    utpex: false,
    ignore_limits_on_local_network: false,
    allow_remote: false,
    listen_ports: [peerPort, peerPort],
    random_port: false,
    listen_interface: '127.0.0.1',
    download_location: join(dir, 'downloads'),
    new_release_check: false,
  };
  writeFileSync(join(dir, 'core.conf'), `{\n "file": 1,\n "format": 1\n}${JSON.stringify(core, null, 2)}`);
  // deluge-web's default password is "deluge"; it stores only a salted hash in web.conf.
  const d = daemon(dir, port, '', 'deluge', async () => {
    const core = new Proc('/usr/bin/deluged', [
      '-d',
      '-c',
      dir,
      '-u',
      '127.0.0.1',
      '-p',
      String(daemonPort),
      '-i',
      '127.0.0.1',
      '-L',
      'error',
    ]);
    // deluged (Python) can take a while to start on a busy machine.
    const auth = await waitFor(
      'deluged auth file',
      () => readFileSync(join(dir, 'auth'), 'utf8').split('\n')[0]?.split(':') ?? undefined,
      180_000,
    );
    await waitFor(`deluged on ${daemonPort}`, () =>
      core.running
        ? new Promise<boolean | undefined>((resolve) => {
            const s = connect(daemonPort, '127.0.0.1', () => {
              s.destroy();
              resolve(true);
            });
            s.once('error', () => resolve(undefined));
          })
        : Promise.reject(new Error(core.log)),
    );
    // The host list deluge-web offers: the daemon above, with the localclient login deluged made.
    writeFileSync(
      join(dir, 'hostlist.conf'),
      `{\n "file": 3,\n "format": 1\n}${JSON.stringify({ hosts: [['0123456789abcdef0123456789abcdef', '127.0.0.1', daemonPort, auth[0], auth[1]]] }, null, 2)}`,
    );
    const web = new Proc('/usr/bin/deluge-web', [
      '-d',
      '-c',
      dir,
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '--no-ssl',
      '-L',
      'error',
    ]);
    await waitFor(`deluge-web on ${port}`, () =>
      web.running ? answers(`http://127.0.0.1:${port}/`) : Promise.reject(new Error(web.log)),
    );
    return [core, web];
  });
  await d.start();
  return Object.assign(d, { daemonPort });
}

export interface Seeder {
  readonly torrent: Uint8Array;
  readonly infoHash: string;
  readonly size: number;
  /** The seeder's listen port on 127.0.0.1. */
  readonly port: number;
  stop(): Promise<void>;
}

/** A tracker on 127.0.0.1 and a libtorrent seeder announcing to it; the daemons find it there. */
export async function startSeeder(size: number, rateBytesPerS: number): Promise<Seeder> {
  const tracker = new TrackerServer({ http: true, udp: false, ws: false, stats: false, interval: 5_000 });
  tracker.on('error', () => undefined);
  tracker.on('warning', () => undefined);
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const addr = tracker.http?.address();
  const trackerUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/announce`;
  const dir = tempDir('seeder');
  const p = new Proc(PYTHON, [SEEDER, dir, trackerUrl, String(size), String(rateBytesPerS)]);
  const line = await waitFor(
    'the seeder',
    () =>
      p.log.split('\n').find((l) => l.startsWith('{')) ?? (p.running ? undefined : Promise.reject(new Error(p.log))),
  );
  const info = JSON.parse(line) as { torrent: string; infoHash: string; size: number; port: number };
  return {
    port: info.port,
    torrent: new Uint8Array(readFileSync(info.torrent)),
    infoHash: info.infoHash,
    size: info.size,
    async stop() {
      p.child.stdin?.end();
      await p.stop();
      await new Promise<void>((resolve) => tracker.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** COUNT small torrents (and their content) for the scale bench; no seeding. */
export function makeSmallTorrents(
  count: number,
  size: number,
): { torrents: Uint8Array[]; content: string; dispose(): void } {
  const dir = tempDir('small');
  const r = spawnSync(PYTHON, [SEEDER, dir, 'http://127.0.0.1:9/announce', String(size), '0', String(count)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`making small torrents failed: ${r.stderr}`);
  const info = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { torrents: string[]; content: string };
  return {
    torrents: info.torrents.map((t) => new Uint8Array(readFileSync(t))),
    content: info.content,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
