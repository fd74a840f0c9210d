import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/main/live/recorder';
import { StatsHost } from '../../src/main/live/statsHost';
import { createSource } from '../../src/main/sources/addresses';
import { createDefaultSource } from '../../src/main/sources/default';
import type { EngineSource } from '../../src/main/sources/engine/EngineSource';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { startWebShell } from '../../src/main/web/WebShell';
import { M } from '../../src/shared/registry';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { staticDir, until } from '../sources/helpers';

/*
 * One Tidegauge watching another, both real: the first runs the embedded engine downloading
 * from a loopback seeder behind the web shell (what `serve` runs, with an access token); the
 * second watches it through tidegauge:// and a third through irontide:// (the same API shapes).
 * Same totals, the first one's diagnostics switched from the second, and the second's
 * recording ends with a payload total equal to the content the first downloaded.
 */

const MiB = 1024 * 1024;
const CONTENT = 2 * MiB;
const TOKEN = 'watch-serve-token-123456';
const t0 = Date.now();
/** Progress on stderr, so a run that stalls on a loaded machine says where. */
const step = (what: string) => console.error(`watch-serve: ${what} after ${Date.now() - t0} ms`);

afterAll(() => cleanTempDirs());

describe('serve watched by serve', () => {
  it('tidegauge:// and irontide:// show the engine totals; the recording has the whole download', async () => {
    const engine = createDefaultSource({
      contentSize: CONTENT,
      pieceLength: 64 * 1024,
      seeders: 1,
      leechers: 0,
      corruptEvery: 0,
      cycle: false,
      seederUploadLimit: -1,
      downloadLimit: 1 * MiB,
      tickMs: 250,
    }) as EngineSource;
    const first = new StatsHost({ intervalMs: 250, source: engine });
    const shell = await startWebShell({ host: first, staticDir: staticDir(), token: TOKEN });
    const dir = tempDir();
    const done = new Promise<void>((resolve) => engine.on('done', () => resolve()));
    const stops: Array<() => Promise<void>> = [async () => shell.close(), () => first.stop()];
    try {
      await first.start();
      step('engine started');
      const second = new StatsHost({
        intervalMs: 250,
        source: await createSource(`tidegauge://127.0.0.1:${shell.port}?token=${TOKEN}`),
      });
      const third = new StatsHost({
        intervalMs: 250,
        source: await createSource(`irontide://127.0.0.1:${shell.port}?token=${TOKEN}`),
      });
      const recorder = new Recorder(second, { dir });
      stops.unshift(
        () => third.stop(),
        () => second.stop(),
        () => recorder.stop(),
      );
      await recorder.start();
      await second.start();
      await third.start();
      expect(second.state().error).toBeNull();
      expect(third.state().error).toBeNull();
      await done;
      step('downloaded');
      // The engine's tallies reach its counters a step after the torrent says it is done.
      await until(
        'the engine counted the whole download',
        () => Number(first.counters.get(M.BW_TOTAL_DOWNLOADED)) === CONTENT,
      );
      // Totals go on moving a little (keep-alives): the watchers agree with the first within a reading.
      for (const h of [second, third]) {
        await until(
          'the watcher has the whole download',
          () => Number(h.counters.get(M.BW_TOTAL_DOWNLOADED)) === CONTENT,
        );
        await until(
          'wire totals agree',
          () =>
            Math.abs(Number(h.counters.get(M.NET_BYTES_RECV)) - Number(first.counters.get(M.NET_BYTES_RECV))) <
            64 * 1024,
        );
      }
      step('totals agree');
      // The second's diagnostics switch is the first's engine's.
      second.setDiagnostics(true);
      await until('diagnostics on at the first', () => first.state().diagnostics);
      await until('a recorded sample after the download', () => (recorder.current?.rows ?? 0) > 3);
      await new Promise((r) => setTimeout(r, 600));
      const prov = second.sourceProvenance;
      expect(prov?.version).toMatch(/^Tidegauge /);
      await recorder.stop();
      const file = readdirSync(dir).find((f) => f.endsWith('.arrow'));
      if (!file) throw new Error('no recording was written');
      const { data } = await readSessionFile(join(dir, file));
      const col = data.columns[M.BW_TOTAL_DOWNLOADED] as Float64Array;
      expect(col[col.length - 1]).toBe(CONTENT);
      expect(data.meta.source?.kind).toBe('tidegauge');
      expect(data.meta.sourceProvenance?.registry.length).toBe(99);
      expect(JSON.stringify(data.meta)).not.toContain(TOKEN);
    } finally {
      for (const s of stops) await s().catch(() => undefined);
    }
  }, 180_000);
});
