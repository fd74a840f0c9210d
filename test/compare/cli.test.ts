import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main/cli/index';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { builtinRegistry, M } from '../../src/shared/registry';
import { ColumnBuilder } from '../../src/shared/session/data';
import { captureConsole } from '../helpers/console';
import { cleanTempDirs, makeMeta, tempDir } from '../sessions/helpers';

/** A session downloading `size` bytes at `rate` B/s, 1 Hz, then idle; the payload counter is ground truth. */
async function writeRun(dir: string, name: string, rate: number, size: number, hashfails: number): Promise<string> {
  const meta = makeMeta(builtinRegistry(), { id: name, title: name, notReported: {} });
  const b = new ColumnBuilder(meta.registry.length);
  const v = new Float64Array(meta.registry.length);
  let got = 0;
  for (let s = 0; s <= 20; s++) {
    v[M.BW_TOTAL_DOWNLOADED] = got;
    v[M.PEER_NUM_DOWNLOADING_TORRENTS] = got < size ? 1 : 0;
    v[M.PROTO_HASHFAILS] = Math.min(s, hashfails);
    v[M.BW_PAYLOAD_DOWNLOAD_RATE] = got < size ? rate : 0;
    b.push(meta.startedAt + s * 1000, false, v);
    got = Math.min(size, got + rate);
  }
  const file = join(dir, `${name}.arrow`);
  await writeSessionFile(b.build(meta), file);
  return file;
}

const { out, err } = captureConsole();
afterAll(() => cleanTempDirs());

describe('tidegauge compare', () => {
  it('prints JSON a pipeline can gate on, with values computed from the files', async () => {
    const dir = tempDir();
    const slow = await writeRun(dir, 'slow', 1_000_000, 8_000_000, 0);
    const fast = await writeRun(dir, 'fast', 2_000_000, 8_000_000, 2);
    expect(await main(['compare', slow, fast, '--json'])).toBe(0);
    const j = JSON.parse(out.join('\n'));
    expect(j.baseline).toBe(1);
    expect(j.sessions.map((s: { timeToCompleteS: number }) => s.timeToCompleteS)).toEqual([8, 4]);
    const dl = j.entries.filter((e: { metric: string }) => e.metric === 'bw.total_downloaded');
    expect(dl).toHaveLength(2);
    expect(dl[0]).toMatchObject({ session: 1, total: 8_000_000, deltaPct: null });
    expect(dl[1]).toMatchObject({ session: 2, total: 8_000_000, deltaAbs: 0, verdict: 'same' });
    // Rates: 8 of 20 intervals at 1 MB/s vs 4 of 20 at 2 MB/s.
    expect(dl[0].mean).toBeCloseTo(400_000, 6);
    expect(dl[1].max).toBe(2_000_000);
    const hf = j.entries.find(
      (e: { metric: string; session: number }) => e.metric === 'proto.hashfails' && e.session === 2,
    );
    expect(hf).toMatchObject({ total: 2, verdict: 'worse' });
  });

  it('prints a text table with the baseline marked and changes named', async () => {
    const dir = tempDir();
    const a = await writeRun(dir, 'a', 1_000_000, 8_000_000, 0);
    const b = await writeRun(dir, 'b', 1_000_000, 8_000_000, 3);
    expect(await main(['compare', a, b, '--baseline', '2', '--filter', 'proto.hashfails'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Comparing 2 sessions, baseline 2/);
    expect(text).toMatch(/proto\.hashfails\s+0\s+3\s+gone better/);
  });

  it.each([
    [['compare', 'only-one.arrow'], 2, 'give 2 to 4 session files (or groups: A1 A2 --vs B1 B2), got 1'],
    [['compare', 'a', 'b', '--baseline', '3'], 2, '--baseline must be a whole number from 1 to 2'],
    [['compare', 'a', 'b', '--align', 'sideways'], 2, '--align must be start, first-payload, complete or marker:NAME'],
    [['compare', 'missing-a.arrow', 'missing-b.arrow'], 1, 'missing-a.arrow'],
  ])('%j exits %d naming the problem', async (argv, code, message) => {
    expect(await main(argv)).toBe(code);
    expect(err.join('\n')).toContain(message);
  });
});
