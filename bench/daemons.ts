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
    // The content is the one the torrents were made from: no need to hash 1,000 of them one by one.
    form.set('skip_checking', 'true');
    for (const [j, t] of torrents.slice(i, i + 100).entries())
      form.append('torrents', new Blob([t]), `t${i + j}.torrent`);
    const r = await fetch(`${base}/torrents/add`, { method: 'POST', body: form, headers: { cookie: `SID=${sid}` } });
    if ((await r.text()).trim() !== 'Ok.')
      throw new Error(`qBittorrent refused a batch of torrents (HTTP ${r.status})`);
  }
}

/** Wait until the daemon holds `want` torrents and none is still being checked; print their states. */
async function settle(label: string, a: RemoteAdapter, total: string, checking: string, want: number): Promise<void> {
  const r = await waitFor(
    `${label}: ${want} torrents checked`,
    async () => {
      const r = await a.poll(AbortSignal.timeout(30_000));
      return r.values.get(total) === want && r.values.get(checking) === 0 ? r : undefined;
    },
    900_000,
  );
  const states = [...r.values].filter(([k, v]) => /torrents\.|_torrents$/.test(k) && v > 0);
  console.log(`${label}: ${states.map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

/** Each daemon's own CPU while nobody polls it: what the polled figure is compared with. */
async function idleShares(sides: Side[]): Promise<number[]> {
  const before = sides.map((s) => daemonCpuMs(s.daemon));
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, Math.min(20, SECONDS) * 1000));
  return sides.map((s, i) => ((daemonCpuMs(s.daemon) - (before[i] ?? 0)) / (Date.now() - t0)) * 100);
}

async function measure(sides: Side[]): Promise<void> {
  const idle = await idleShares(sides);
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
  for (const [i, s] of sides.entries()) {
    const sorted = [...s.cpuUs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const mean = s.cpuUs.reduce((a, b) => a + b, 0) / Math.max(1, s.cpuUs.length);
    const daemonShare = ((daemonCpuMs(s.daemon) - s.daemonMs0) / wall) * 100;
    console.log(
      `${s.label.padEnd(34)} adapter CPU/poll median ${(median / 1000).toFixed(2)} ms, mean ${(mean / 1000).toFixed(2)} ms` +
        ` = ${(mean / 10_000).toFixed(2)} % of a core at 1 Hz; daemon ${daemonShare.toFixed(1)} % of a core` +
        ` (${(idle[i] ?? 0).toFixed(1)} % unpolled)`,
    );
  }
}

async function main(): Promise<void> {
  let t = Date.now();
  const small = makeSmallTorrents(MANY, 16 * 1024);
  console.log(`made ${MANY} torrents of 16 KiB in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  t = Date.now();
  const started: Daemon[] = [];
  try {
    // Settled one by one, so a daemon that fails to start does not leave the others running.
    const results = await Promise.allSettled([
      startQbittorrent(),
      startQbittorrent(),
      startTransmission(),
      startDeluge(),
    ]);
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [qMany, qFew, tr, dl] = started as [Daemon, Daemon, Daemon, Daemon];
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
    const t0 = Date.now();
    await settle('qBittorrent ×1000', many, 'torrents.total', 'torrents.checking', MANY);
    console.log(`(${MANY} torrents checked in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    await settle('qBittorrent ×10', few, 'torrents.total', 'torrents.checking', FEW);
    await settle('Transmission ×10', trA, 'session_stats.torrent_count', 'torrents.checking', FEW);
    await settle('Deluge ×10', dlA, 'derived.num_torrents', 'ses.num_checking_torrents', FEW);
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
