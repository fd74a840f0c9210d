// Adapter CPU at 1 Hz against the real daemons (Debian's qbittorrent-nox, transmission-daemon,
// deluged + deluge-web): qBittorrent holding 1,000 small idle torrents against one holding 10,
// polled alternately in the same run (the baseline), then Transmission and Deluge with 10.
// Figures: CPU time of this process per poll (the adapter: HTTP, JSON, merge, sums), as a share
// of one core at 1 Hz, and the daemon's own CPU over the same window (what polling costs it).
//   npm run bench -- daemons      (DAEMON_BENCH_SECONDS=60 by default)
import { readFileSync } from 'node:fs';
import { DelugeAdapter } from '../src/main/sources/deluge/DelugeAdapter';
import { QbittorrentAdapter } from '../src/main/sources/qbittorrent/QbittorrentAdapter';
import type { RemoteAdapter } from '../src/main/sources/remote/adapter';
import { TransmissionAdapter } from '../src/main/sources/transmission/TransmissionAdapter';
import {
  type Daemon,
  makeSmallTorrents,
  startDeluge,
  startQbittorrent,
  startTransmission,
  waitFor,
} from '../test/sources/daemons/harness';

const SECONDS = Number(process.env.DAEMON_BENCH_SECONDS ?? 60);
const MANY = 1000;
const FEW = 10;
const TICKS = 100; // USER_HZ on Linux (clock ticks in /proc/PID/stat)

function daemonCpuMs(d: Daemon): number {
  let ms = 0;
  for (const p of d.procs) {
    const stat = readFileSync(`/proc/${p.child.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ms += ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
  }
  return ms;
}

interface Side {
  readonly label: string;
  readonly adapter: RemoteAdapter;
  readonly daemon: Daemon;
  cpuUs: number[];
  daemonMs0: number;
}

async function addQbt(d: Daemon, torrents: Uint8Array[], content: string): Promise<void> {
  const base = `http://127.0.0.1:${d.port}/api/v2`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: d.user, password: d.password }),
  });
  const sid = /SID=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
  for (let i = 0; i < torrents.length; i += 100) {
    const form = new FormData();
    form.set('savepath', content);
    torrents.slice(i, i + 100).forEach((t, j) => form.append('torrents', new Blob([t]), `t${i + j}.torrent`));
    const r = await fetch(`${base}/torrents/add`, { method: 'POST', body: form, headers: { cookie: `SID=${sid}` } });
    if ((await r.text()).trim() !== 'Ok.')
      throw new Error(`qBittorrent refused a batch of torrents (HTTP ${r.status})`);
  }
}

async function settle(label: string, a: RemoteAdapter, name: string, want: number): Promise<void> {
  await waitFor(
    `${label}: ${want} torrents seeding`,
    async () => ((await a.poll(AbortSignal.timeout(30_000))).values.get(name) === want ? true : undefined),
    600_000,
  );
}

async function measure(sides: Side[]): Promise<void> {
  for (const s of sides) s.daemonMs0 = daemonCpuMs(s.daemon);
  const t0 = Date.now();
  for (let tick = 0; tick < SECONDS; tick++) {
    const start = Date.now();
    for (const s of sides) {
      const c = process.cpuUsage();
      await s.adapter.poll(AbortSignal.timeout(30_000));
      const d = process.cpuUsage(c);
      s.cpuUs.push(d.user + d.system);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - start))));
  }
  const wall = Date.now() - t0;
  for (const s of sides) {
    const sorted = [...s.cpuUs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const mean = s.cpuUs.reduce((a, b) => a + b, 0) / Math.max(1, s.cpuUs.length);
    const daemonShare = ((daemonCpuMs(s.daemon) - s.daemonMs0) / wall) * 100;
    console.log(
      `${s.label.padEnd(34)} adapter CPU/poll median ${(median / 1000).toFixed(2)} ms, mean ${(mean / 1000).toFixed(2)} ms` +
        ` = ${(mean / 10_000).toFixed(2)} % of a core at 1 Hz; daemon ${daemonShare.toFixed(1)} % of a core`,
    );
  }
}

async function main(): Promise<void> {
  const small = makeSmallTorrents(MANY, 16 * 1024);
  const started: Daemon[] = [];
  try {
    const [qMany, qFew, tr, dl] = await Promise.all([
      startQbittorrent(),
      startQbittorrent(),
      startTransmission(),
      startDeluge(),
    ]);
    started.push(qMany, qFew, tr, dl);
    const url = (d: Daemon, kind: string) => `${kind}://${d.user}:${d.password}@127.0.0.1:${d.port}`;
    const many = new QbittorrentAdapter(url(qMany, 'qbittorrent'));
    const few = new QbittorrentAdapter(url(qFew, 'qbittorrent'));
    const trA = new TransmissionAdapter(url(tr, 'transmission'));
    const dlA = new DelugeAdapter(`deluge://:${dl.password}@127.0.0.1:${dl.port}`);
    for (const a of [many, few, trA, dlA]) await a.connect(AbortSignal.timeout(30_000));

    await addQbt(qMany, small.torrents, small.content);
    await addQbt(qFew, small.torrents.slice(0, FEW), small.content);
    for (const t of small.torrents.slice(0, FEW)) {
      await trA.rpc.call(
        'torrent_add',
        { metainfo: Buffer.from(t).toString('base64'), download_dir: small.content },
        AbortSignal.timeout(30_000),
      );
      await dlA.web.core(
        'core.add_torrent_file',
        ['t.torrent', Buffer.from(t).toString('base64'), { download_location: small.content }],
        AbortSignal.timeout(30_000),
      );
    }
    await settle('qBittorrent ×1000', many, 'torrents.seeding', MANY);
    await settle('qBittorrent ×10', few, 'torrents.seeding', FEW);
    await settle('Transmission ×10', trA, 'torrents.seeding', FEW);
    await settle('Deluge ×10', dlA, 'ses.num_seeding_torrents', FEW);
    console.log(`polling each daemon once a second for ${SECONDS} s, interleaved (Node ${process.version})`);
    const side = (label: string, adapter: RemoteAdapter, daemon: Daemon): Side => ({
      label,
      adapter,
      daemon,
      cpuUs: [],
      daemonMs0: 0,
    });
    const sides = [
      side(`qbittorrent-nox, ${MANY} torrents`, many, qMany),
      side(`qbittorrent-nox, ${FEW} torrents`, few, qFew),
      side(`transmission-daemon, ${FEW} torrents`, trA, tr),
      side(`deluged + deluge-web, ${FEW} torrents`, dlA, dl),
    ];
    await measure(sides);
    const [m, f] = sides;
    const mean = (s: Side) => s.cpuUs.reduce((a, b) => a + b, 0) / s.cpuUs.length;
    if (m && f)
      console.log(
        `qBittorrent: ${MANY} vs ${FEW} torrents = ${(mean(m) / mean(f)).toFixed(1)}× the adapter CPU per poll`,
      );
    console.log(
      `per-peer list requests: ${many.peerRequests} with ${MANY} idle torrents, ${few.peerRequests} with ${FEW}`,
    );
  } finally {
    for (const d of started) await d.dispose();
    small.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
