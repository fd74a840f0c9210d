import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUM_METRICS } from '../../../src/shared/registry';
import type { SessionData } from '../../../src/shared/session/data';
import type { Snapshot } from '../../../src/shared/snapshot';
import { type Daemon, type Seeder, startSeeder, waitFor } from './harness';
import { at, column, snapshotWhere, v, type Watched, watchThroughHost } from './host-harness';
import { deadPort, htmlServer } from './wrong-servers';

/*
 * One real daemon watched through Tidegauge's host, end to end: a torrent from the loopback
 * swarm added through the host's torrent control, checked in the host's snapshots and in the
 * recorded file; the daemon SIGKILLed mid-session and restarted on the same port and profile;
 * wrong password, nothing listening and a web server that is not the daemon, as the host says
 * them. One daemon for the whole file, so each file stays well under a minute.
 */

// 6 MiB at 1.5 MiB/s: a download of a few seconds, many samples at 500 ms.
const SIZE = 6 * 1024 * 1024;
const RATE = 1536 * 1024;

export interface HostCase {
  readonly name: string;
  start(): Promise<Daemon>;
  address(d: Daemon, password?: string, port?: number): string;
  /** Whether the daemon reports waste (redundant/failed bytes), which payload may include. */
  readonly waste: boolean;
  /** Our metrics the daemon cannot report, with what their reason says. */
  readonly notReported: Readonly<Record<string, RegExp>>;
  readonly wrongPassword: RegExp;
  readonly notTheDaemon: RegExp;
  /** Extra columns (the engine's own metrics beyond ours) the recording and the live stream must hold. */
  readonly extras?: readonly string[];
  /**
   * Extra counters that are above 0 after the download and that the restarted daemon counts
   * from 0 again: recorded and streamed as totals that never go down.
   */
  readonly foldedExtras?: readonly string[];
}

/** The live stream's column of a metric by name (extras after our 99), -1 when it has none. */
const liveAt = (w: Watched, name: string) => w.host.liveRegistry.findIndex((e) => e.name === name);

const payload = (c: HostCase, s: Snapshot) => v(s, 'bw.total_downloaded') - (c.waste ? v(s, 'proto.waste_bytes') : 0);

/** The file's row recorded at time t (-1 when none). */
const rowAt = (d: SessionData, t: number) => d.t.indexOf(t);
const rowIsNull = (d: SessionData, r: number) => d.columns.every((col) => Number.isNaN(col[r] as number));

export function describeThroughHost(c: HostCase): void {
  describe(`${c.name} through the host (StatsHost + recorder), end to end`, () => {
    let d: Daemon;
    let seeder: Seeder;
    let w: Watched;
    const others: Watched[] = [];

    beforeAll(async () => {
      [d, seeder] = await Promise.all([c.start(), startSeeder(SIZE, RATE)]);
      w = await watchThroughHost(c.address(d));
      await waitFor('the source live', () => w.source.health().state === 'live' || undefined);
    }, 180_000);
    afterAll(async () => {
      for (const o of others) await o.close();
      await w?.close();
      await seeder?.stop();
      await d?.dispose();
    });

    it('downloads a torrent added through the host: payload, states, connections, not reported', async () => {
      expect(w.host.state().error).toBeNull();
      const from = w.snaps.length;
      const added = await w.host.torrentControl?.add(seeder.torrent);
      expect(added?.infoHash).toBe(seeder.infoHash);
      const done = await snapshotWhere(
        w,
        'seeding with the whole payload',
        (s) => v(s, 'peer.num_seeding_torrents') === 1 && payload(c, s) >= SIZE,
        from,
      );
      // Payload downloaded is the content, to the byte.
      expect(payload(c, done)).toBe(SIZE);
      const run = w.snaps.slice(from, w.snaps.indexOf(done) + 1).filter((s) => !s.gap);
      const firstDownloading = run.findIndex((s) => v(s, 'peer.num_downloading_torrents') === 1);
      const firstSeeding = run.findIndex((s) => v(s, 'peer.num_seeding_torrents') === 1);
      expect(firstDownloading).toBeGreaterThanOrEqual(0);
      expect(firstDownloading).toBeLessThan(firstSeeding);
      expect(Math.max(...run.map((s) => v(s, 'net.num_connections')))).toBeGreaterThan(0);
      // The host's torrent list follows the daemon's.
      await waitFor('the host lists it', () =>
        w.host.state().torrents?.some((t) => t.infoHash === seeder.infoHash) ? true : undefined,
      );

      // Connections fall to 0: at once when both ends are seeds (libtorrent drops seed to seed),
      // else when the seeder leaves.
      await seeder.stop();
      const fell = await snapshotWhere(
        w,
        'connections to fall to 0',
        (s) => v(s, 'net.num_connections') === 0,
        w.snaps.indexOf(done),
      );
      expect(fell.t).toBeGreaterThanOrEqual(done.t);

      // The same story in the recording, read back with our reader (the journal is flushed
      // about once a second: wait for it to hold the sample above).
      const f = await waitFor('the recording to hold it', async () => {
        const x = await w.read();
        return rowAt(x, fell.t) >= 0 ? x : undefined;
      });
      const total = column(f, 'bw.total_downloaded');
      const r = rowAt(f, done.t);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(total[r]! - (c.waste ? column(f, 'proto.waste_bytes')[r]! : 0)).toBe(SIZE);
      const dl = [...column(f, 'peer.num_downloading_torrents')].indexOf(1);
      const seed = [...column(f, 'peer.num_seeding_torrents')].indexOf(1);
      expect(dl).toBeGreaterThanOrEqual(0);
      expect(dl).toBeLessThan(seed);
      const conns = column(f, 'net.num_connections');
      expect(Math.max(...conns.filter(Number.isFinite))).toBeGreaterThan(0);
      expect(conns[rowAt(f, fell.t)]).toBe(0);
      // What the daemon cannot report: null in every row, with the reason in the file.
      for (const [m, why] of Object.entries(c.notReported)) {
        expect(f.meta.notReported[String(at(m))], m).toMatch(why);
        expect(column(f, m).every(Number.isNaN), m).toBe(true);
      }
      expect(f.meta.sourceProvenance?.version).toMatch(new RegExp(c.name === 'Deluge' ? '^Deluge ' : `^${c.name} `));
      for (const x of c.extras ?? []) {
        expect(f.meta.registry.find((e) => e.name === x)).toMatchObject({ extra: true, category: 'libtorrent' });
        expect(column(f, x).some(Number.isFinite), x).toBe(true);
        // The live stream carries them too, after our 99, with the values the file has.
        const i = liveAt(w, x);
        expect(i, x).toBeGreaterThanOrEqual(NUM_METRICS);
        expect(w.host.hello().registry[i]).toMatchObject({ name: x, extra: true, category: 'libtorrent' });
        expect(done.values[i], x).toBe(column(f, x)[r]);
      }
      if (!c.extras) expect(w.host.liveRegistry.length).toBe(NUM_METRICS);
    }, 120_000);

    it('SIGKILLed mid-session: unreachable, a gap of nulls, recovery on restart, nothing lost', async () => {
      await snapshotWhere(w, 'a real sample', () => true, w.snaps.length);
      const killedAt = Date.now();
      const before = w.snaps.filter((s) => !s.gap && s.t < killedAt);
      const lastTotal = v(before.at(-1) as Snapshot, 'bw.total_downloaded');
      await d.crash();
      await waitFor('unreachable', () => w.source.health().state === 'unreachable' || undefined);
      expect(w.host.state().health?.lastError).toMatch(
        /127\.0\.0\.1:\d+.*(connection refused|not connected|connection was closed.*did the daemon stop)/,
      );
      await waitFor('two gap samples', () => w.snaps.filter((s) => s.gap && s.t > killedAt).length >= 2 || undefined);
      const restartAt = Date.now();
      await d.start();
      await waitFor('live again', () => w.source.health().state === 'live' || undefined, 60_000);
      const back = await snapshotWhere(w, 'a real sample after the restart', (s) => s.t > restartAt, 0);
      // The daemon's own total started again from 0; the session's goes on from where it was.
      expect(v(back, 'bw.total_downloaded')).toBeGreaterThanOrEqual(lastTotal);
      // So do its own counters beyond ours (extras), in the live stream.
      const lastExtras = (c.foldedExtras ?? []).map((x) => (before.at(-1) as Snapshot).values[liveAt(w, x)] as number);
      (c.foldedExtras ?? []).forEach((x, k) => {
        expect(lastExtras[k], x).toBeGreaterThan(0);
        expect(back.values[liveAt(w, x)], x).toBeGreaterThanOrEqual(lastExtras[k] as number);
      });

      await w.recorder.stop();
      expect(w.recorderErrors).toEqual([]);
      const f = await w.read();
      // Every sample recorded before the kill is in the file, unchanged.
      for (const s of before) {
        const r = rowAt(f, s.t);
        if (r < 0) continue; // before the file opened (the source's first real sample)
        expect(column(f, 'bw.total_downloaded')[r]).toBe(v(s, 'bw.total_downloaded'));
        expect(column(f, 'net.num_connections')[r]).toBe(v(s, 'net.num_connections'));
      }
      expect(before.filter((s) => rowAt(f, s.t) >= 0).length).toBeGreaterThan(10);
      // The gap: rows of nulls in every column (extras too), never zeros or invented values.
      const gaps = w.snaps.filter((s) => s.gap && s.t > killedAt && s.t < back.t);
      expect(gaps.length).toBeGreaterThanOrEqual(2);
      for (const s of gaps) expect(rowIsNull(f, rowAt(f, s.t)), `row at ${s.t}`).toBe(true);
      // Every real row: the session total never went down and is never 0 after the download.
      const totals = [...column(f, 'bw.total_downloaded')].filter(Number.isFinite);
      expect(totals.every((x, i) => i === 0 || x >= (totals[i - 1] as number))).toBe(true);
      expect(totals.filter((x) => x >= SIZE).length).toBeGreaterThan(0);
      expect(f.t.length).toBe(w.snaps.filter((s) => s.t >= (f.t[0] as number) && s.t <= (f.t.at(-1) as number)).length);
      expect(rowIsNull(f, rowAt(f, back.t))).toBe(false);
      // The extra counters in the file: never down across the restart, the live values.
      for (const x of c.foldedExtras ?? []) {
        const col = column(f, x);
        const real = [...col].filter(Number.isFinite);
        expect(
          real.every((y, i) => i === 0 || y >= (real[i - 1] as number)),
          x,
        ).toBe(true);
        expect(col[rowAt(f, back.t)], x).toBe(back.values[liveAt(w, x)]);
      }
    }, 120_000);

    it('wrong password, nothing listening, not the daemon: clear messages through the host', async () => {
      const wrong = await watchThroughHost(c.address(d, 'wrong-pass'), false);
      others.push(wrong);
      expect(wrong.source.health().state).toBe('auth failed');
      expect(wrong.host.state().error).toMatch(c.wrongPassword);
      expect(JSON.stringify(wrong.host.state())).not.toContain('wrong-pass');
      expect(wrong.host.sample().gap).toBe(true);

      const none = await watchThroughHost(c.address(d, d.password, await deadPort()), false);
      others.push(none);
      expect(none.source.health().state).toBe('unreachable');
      expect(none.host.state().health?.lastError).toMatch(/connection refused: is the daemon running/);

      const html = await htmlServer(404);
      try {
        const other = await watchThroughHost(c.address(d, d.password, html.port), false);
        others.push(other);
        expect(other.source.health().state).toBe('protocol error');
        expect(other.host.state().error).toMatch(c.notTheDaemon);
        await other.close();
      } finally {
        await html.close();
      }
    }, 60_000);
  });
}
