import { join } from 'node:path';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { builtinRegistry } from '../../src/shared/registry';
import { ColumnBuilder, type SessionData } from '../../src/shared/session/data';
import { makeMeta } from '../sessions/helpers';

/*
 * Session files that look like a real download for report tests and the bench: a download
 * that ramps up, wanders and completes, uploads, peers that come and go, disk writes.
 */

export interface ShapedOptions {
  readonly rows: number;
  readonly id: string;
  readonly title: string;
  /** Mean download rate, B/s. */
  readonly rate?: number;
  /** Row at which the download completes (default: 80% of rows). */
  readonly completeAt?: number;
  readonly seed?: number;
  readonly intervalMs?: number;
  readonly tags?: string[];
  readonly notes?: string;
}

export function shapedSession(o: ShapedOptions): SessionData {
  const registry = builtinRegistry();
  const meta = makeMeta(registry, {
    id: o.id,
    title: o.title,
    intervalMs: o.intervalMs ?? 1000,
    notReported: {},
    tags: o.tags ?? ['bench', 'loopback'],
    notes: o.notes ?? '',
    source: { kind: 'engine', label: 'Embedded engine: loopback swarm' },
  });
  const at = new Map(registry.map((e, i) => [e.name, i]));
  const idx = (n: string) => {
    const i = at.get(n);
    if (i === undefined) throw new Error(`no metric ${n}`);
    return i;
  };
  const rate = o.rate ?? 4 * 1024 * 1024;
  const completeAt = o.completeAt ?? Math.floor(o.rows * 0.8);
  const seed = o.seed ?? 1;
  const b = new ColumnBuilder(registry.length, o.rows);
  const v = new Float64Array(registry.length);
  const dt = (o.intervalMs ?? 1000) / 1000;
  const down = [idx('net.bytes_recv'), idx('bw.total_downloaded'), idx('net.tcp_bytes_recv')];
  const up = [idx('net.bytes_sent'), idx('bw.total_uploaded'), idx('net.tcp_bytes_sent')];
  for (let r = 0; r < o.rows; r++) {
    const phase = r / Math.max(1, o.rows);
    const ramp = Math.min(1, r / 20);
    const wave = 1 + 0.35 * Math.sin(r / 37 + seed) + 0.15 * Math.sin(r / 5.3 + seed * 2);
    const dRate = r < completeAt ? rate * ramp * wave : 0;
    const uRate = rate * 0.3 * ramp * (1 + 0.4 * Math.sin(r / 23 + seed));
    registry.forEach((e, i) => {
      if (e.kind === 'counter') v[i] = (v[i] ?? 0) + (i % 7) * dt;
      else v[i] = Math.round(5 + 4 * Math.sin(r / 50 + i));
    });
    for (const i of down) v[i] = (r ? (v[i] as number) : 0) + dRate * dt;
    for (const i of up) v[i] = (r ? (v[i] as number) : 0) + uRate * dt;
    v[idx('disk.write_bytes')] = v[down[0] as number] as number;
    v[idx('bw.download_rate')] = dRate;
    v[idx('bw.upload_rate')] = uRate;
    v[idx('bw.payload_download_rate')] = dRate * 0.97;
    v[idx('bw.payload_upload_rate')] = uRate * 0.97;
    v[idx('peer.peers_connected')] = Math.round(12 + 8 * Math.sin(r / 60 + seed) * ramp + (r > completeAt ? -6 : 0));
    v[idx('net.num_connections')] = (v[idx('peer.peers_connected')] as number) + 2;
    v[idx('peer.num_downloading_torrents')] = r < completeAt ? 1 : 0;
    v[idx('peer.num_seeding_torrents')] = r < completeAt ? 0 : 1;
    b.push(meta.startedAt + r * (o.intervalMs ?? 1000) + phase * 0, r % 600 < 300, v);
  }
  return b.build(meta);
}

/** Write a shaped session to dir/id.arrow; returns the path. */
export async function writeShaped(dir: string, o: ShapedOptions): Promise<string> {
  const file = join(dir, `${o.id}.arrow`);
  await writeSessionFile(shapedSession(o), file);
  return file;
}
