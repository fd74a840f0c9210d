import { afterAll, describe, expect, it } from 'vitest';
import { type Daemon, startDeluge, startQbittorrent, startSeeder, startTransmission } from './harness';

describe('daemon harness', () => {
  const started: Daemon[] = [];
  afterAll(async () => {
    for (const d of started) await d.dispose();
  });
  it('starts and stops all three daemons and a seeder', async () => {
    for (const start of [startQbittorrent, startTransmission, startDeluge]) {
      const d = await start();
      started.push(d);
      expect(d.procs.every((p) => p.running)).toBe(true);
    }
    const s = await startSeeder(1 << 20, 1 << 20);
    expect(s.infoHash).toMatch(/^[0-9a-f]{40}$/);
    await s.stop();
    for (const d of started) await d.stop();
    expect(started.every((d) => d.procs.every((p) => !p.running))).toBe(true);
  });
});
