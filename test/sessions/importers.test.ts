import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSession, writeSessionFile } from '../../src/main/storage/sessionExport';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { importFile } from '../../src/main/storage/sessionImport';
import type { SessionData } from '../../src/shared/session/data';
import { cleanTempDirs, expectSameData, LT, makeData, tempDir } from './helpers';

afterAll(cleanTempDirs);

interface Truth {
  contentSize: number;
  pieces: number;
  intervalS: number;
  downloadSamples: number;
  metricsInHeader: number;
}
const truth: Truth = JSON.parse(readFileSync(join(LT, 'truth.json'), 'utf8'));

function col(d: SessionData, name: string): Float64Array {
  const i = d.meta.registry.findIndex((e) => e.name === name);
  if (i < 0) throw new Error(`no metric ${name}`);
  return d.columns[i] as Float64Array;
}
const last = (c: Float64Array) => c[c.length - 1] as number;

function checkDownloadLog(dir: string, t: Truth) {
  return async () => {
    const { data, report } = await importFile(join(dir, 'libtorrent-download.log'), { intervalS: t.intervalS });
    expect(report.format).toBe('libtorrent');
    expect(data.length).toBe(t.downloadSamples);
    // Ground truth of the loopback transfer: the payload is the file, piece for piece.
    expect(last(col(data, 'bw.total_downloaded'))).toBe(t.contentSize);
    expect(last(col(data, 'proto.pieces_downloaded'))).toBe(t.pieces);
    expect(last(col(data, 'disk.hash_count'))).toBe(t.pieces);
    expect(last(col(data, 'proto.hashfails'))).toBe(0);
    expect(last(col(data, 'proto.waste_bytes'))).toBe(0);
    // Everything on the wire is at least the payload.
    expect(last(col(data, 'net.bytes_recv'))).toBeGreaterThan(t.contentSize);
    // Derived rates add back up to the total.
    const rates = col(data, 'bw.payload_download_rate');
    const sum = rates.reduce((a, x) => a + x * t.intervalS, 0);
    expect(sum).toBeCloseTo(t.contentSize, 3);
    // The registry is ours; what libtorrent lacks is "not reported", not zero.
    expect(data.meta.registry).toHaveLength(99);
    const uptime = data.meta.registry.findIndex((e) => e.name === 'ses.uptime_secs');
    expect(data.meta.notReported[String(uptime)]).toMatch(/not in libtorrent/);
    expect(Number.isNaN(data.columns[uptime]![0]!)).toBe(true);
    expect(report.mapped.find((m) => m.to === 'bw.total_downloaded')?.from).toBe('net.recv_payload_bytes');
    expect(report.derived.map((d) => d.to)).toContain('bw.download_rate');
    expect(report.mapped.length + report.derived.flatMap((d) => d.from).length).toBeLessThan(t.metricsInHeader);
    expect(report.leftOut.length).toBeGreaterThan(200);
    expect(report.leftOut).toContain('peer.error_peers');
    // Times: one sample per interval.
    expect((data.t[1] as number) - (data.t[0] as number)).toBe(t.intervalS * 1000);
  };
}

describe('import: libtorrent session-stats logs (real fixtures from python3-libtorrent on loopback)', () => {
  it('downloader log: payload bytes and pieces equal the torrent', checkDownloadLog(LT, truth));

  it('seeder log: payload uploaded equals the content size', async () => {
    const { data } = await importFile(join(LT, 'libtorrent-seed.log'));
    expect(last(col(data, 'bw.total_uploaded'))).toBe(truth.contentSize);
    expect(last(col(data, 'bw.total_downloaded'))).toBe(0);
  });

  it('--keep-unmapped keeps libtorrent-only metrics under libtorrent.<name> with their kinds', async () => {
    const { data, report } = await importFile(join(LT, 'libtorrent-download.log'), { keepUnmapped: true });
    expect(report.leftOut).toEqual([]);
    const e = data.meta.registry.find((x) => x.name === 'libtorrent.peer.num_peers_end_game');
    expect(e?.kind).toBe('gauge');
    expect(data.meta.registry.find((x) => x.name === 'libtorrent.net.recv_redundant_bytes')).toBeUndefined(); // used by a derivation
    expect(data.meta.registry.length).toBe(99 + report.kept.length);
  });

  it('the interval option spaces samples', async () => {
    const { data } = await importFile(join(LT, 'libtorrent-download.log'), { intervalS: 0.25, startMs: 1_000_000 });
    expect(data.t[0]).toBe(1_000_000);
    expect(data.t[4]).toBe(1_001_000);
  });
});

describe('import: irontide NDJSON counter dumps', () => {
  it('keeps the dump’s own registry (another engine’s names) and its values', async () => {
    const { data, report } = await importFile(join(LT, 'irontide-dump.ndjson'));
    expect(report.format).toBe('irontide');
    expect(data.length).toBe(truth.downloadSamples);
    expect(data.meta.registry).toHaveLength(100);
    expect(last(col(data, 'net.recv_payload_bytes'))).toBe(truth.contentSize);
    expect(data.meta.registry.find((e) => e.name === 'peer.num_peers_connected')?.kind).toBe('gauge');
    expect(report.kept).toHaveLength(100);
  });

  it('a dump of our own registry maps every name to ours', async () => {
    const d = makeData(3);
    const lines = Array.from({ length: d.length }, (_, r) =>
      JSON.stringify(
        d.meta.registry.map((e, i) => ({ name: e.name, kind: e.kind, value: i === 3 ? null : d.columns[i]![r] })),
      ),
    ).join('\n');
    const f = join(tempDir(), 'ours.ndjson');
    writeFileSync(f, `${lines}\n`);
    const { data, report } = await importFile(f);
    expect(report.mapped).toHaveLength(99);
    expect(data.meta.registry[0]?.unit).toBe('B');
    for (let r = 0; r < 3; r++) expect(data.columns[10]![r]).toBe(d.columns[10]![r]);
    expect(Number.isNaN(data.columns[3]![0]!)).toBe(true);
  });
});

describe('import: CSV', () => {
  it('a user CSV with ISO times and our names: payload equals the content size', async () => {
    const { data, report } = await importFile(join(LT, 'user-export.csv'));
    expect(report.format).toBe('csv');
    expect(data.length).toBe(truth.downloadSamples);
    expect(last(col(data, 'bw.total_downloaded'))).toBe(truth.contentSize);
    expect(report.kept).toEqual(['net.recv_redundant_bytes']);
    expect(data.meta.registry.find((e) => e.name === 'bw.total_downloaded')?.unit).toBe('B');
    // Real times from the file, about one second apart.
    expect(Math.abs((data.t[1] as number) - (data.t[0] as number) - 1000)).toBeLessThan(100);
  });

  it('export to CSV then import gives back the same session', async () => {
    const dir = tempDir();
    const d = makeData(200);
    await exportSession(d, join(dir, 's.csv'), { format: 'csv' });
    const { data, report } = await importFile(join(dir, 's.csv'));
    expect(report.leftOut).toEqual(['elapsed_s']);
    expect(data.meta.registry.map((e) => e.name)).toEqual(d.meta.registry.map((e) => e.name));
    expectSameData(data, d);
  });

  it('seconds-from-start, epoch seconds and tab separators', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'elapsed,net.bytes_recv\n0,10\n0.5,20\n1,30\n');
    const a = await importFile(join(dir, 'a.csv'), { startMs: 5000 });
    expect([...a.data.t]).toEqual([5000, 5500, 6000]);
    writeFileSync(join(dir, 'b.tsv'), 'time\tnet.bytes_recv\n1700000000\t1\n1700000001\t2\n');
    const b = await importFile(join(dir, 'b.tsv'), { format: 'csv' });
    expect([...b.data.t]).toEqual([1.7e12, 1.7e12 + 1000]);
    expect(b.data.meta.intervalMs).toBe(1000);
  });
});

describe('import output', () => {
  it('writes a session file that reopens identically', async () => {
    const { data } = await importFile(join(LT, 'libtorrent-download.log'));
    const out = join(tempDir(), 'lt.arrow');
    await writeSessionFile(data, out);
    const opened = await readSessionFile(out);
    expectSameData(opened.data, data);
    expect(opened.data.meta.origin).toEqual({ type: 'import', format: 'libtorrent', file: 'libtorrent-download.log' });
  });
});

/** Needs Debian's python3-libtorrent (apt-get install python3-libtorrent; .ci/run installs it). */
const hasLibtorrent = spawnSync('/usr/bin/python3', ['-c', 'import libtorrent'], { stdio: 'ignore' }).status === 0;
describe('fresh libtorrent run (needs python3-libtorrent; .ci/run installs it)', () => {
  it('has libtorrent for /usr/bin/python3', () =>
    expect(hasLibtorrent, 'apt-get install python3-libtorrent').toBe(true));
  const dir = tempDir();
  it('a new loopback transfer, imported, matches its own ground truth', async () => {
    const r = spawnSync(
      '/usr/bin/python3',
      [
        join(__dirname, '../../scripts/make-libtorrent-fixtures.py'),
        dir,
        '--size',
        '1234567',
        '--interval',
        '0.5',
        '--rate',
        '600000',
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const fresh: Truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
    expect(fresh.contentSize).toBe(1234567);
    await checkDownloadLog(dir, fresh)();
  }, 150_000);
});
