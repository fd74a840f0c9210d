import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSessionFile } from '../../src/main/storage/sessionFiles';
import { ensureZstd } from '../../src/main/storage/zstd';
import { builtinRegistry } from '../../src/shared/registry';
import { ExtraColumns, extraEntries, MAX_EXTRA_COLUMNS, type SourceExtras } from '../../src/shared/session/extras';
import { SessionMetaSchema } from '../../src/shared/session/meta';
import { cleanTempDirs, expectSameData, makeData, makeMeta, recordSession, tempDir } from './helpers';

afterAll(cleanTempDirs);

const OURS = new Set(builtinRegistry().map((e) => e.name));
const lt = (names: string[]): SourceExtras => ({
  section: 'libtorrent',
  metrics: names.map((name) => ({ name, kind: 'counter' as const })),
  values: Float64Array.from(names, (_n, i) => i + 1),
});

describe('extra columns (an engine’s metrics beyond ours)', () => {
  it('entries: never one of our names, a reserved column or a repeat; bounded', () => {
    const e = extraEntries(
      lt([
        'utp.utp_packet_loss',
        'net.bytes_recv',
        't',
        'utp.utp_packet_loss',
        'disk.disk_hash_time',
        'net.sent_ip_overhead_bytes',
      ]),
      OURS,
    );
    expect(e.map(({ description: _d, ...x }) => x)).toEqual([
      { name: 'utp.utp_packet_loss', kind: 'counter', unit: 'count', category: 'libtorrent', extra: true },
      { name: 'disk.disk_hash_time', kind: 'counter', unit: 'us', category: 'libtorrent', extra: true },
      { name: 'net.sent_ip_overhead_bytes', kind: 'counter', unit: 'B', category: 'libtorrent', extra: true },
    ]);
    expect(e[0]?.description).toBe(
      "libtorrent's own counter, as the engine reports it (not one of Tidegauge's metrics)",
    );
    const many = extraEntries(lt(Array.from({ length: MAX_EXTRA_COLUMNS + 5 }, (_x, i) => `x.m${i}`)), OURS);
    expect(many).toHaveLength(MAX_EXTRA_COLUMNS);
  });

  it('rows are filled by name: a gap or a missing name is null, never 0', () => {
    const cols = new ExtraColumns(extraEntries(lt(['a.x', 'a.y']), OURS));
    const row = new Float64Array(4);
    cols.fill(row, 2, lt(['a.y', 'a.x']), false);
    expect([...row.slice(2)]).toEqual([2, 1]);
    cols.fill(row, 2, lt(['a.x']), false);
    expect(row[2]).toBe(1);
    expect(row[3]).toBeNaN();
    cols.fill(row, 2, lt(['a.x', 'a.y']), true);
    expect([...row.slice(2)].every(Number.isNaN)).toBe(true);
    cols.fill(row, 2, null, false);
    expect([...row.slice(2)].every(Number.isNaN)).toBe(true);
  });

  it('the metadata refuses an extra without a section and more than the bound', () => {
    const reg = builtinRegistry();
    const noSection = SessionMetaSchema.safeParse(
      makeMeta([...reg, { name: 'a.x', kind: 'counter', unit: 'count', extra: true }]),
    );
    expect(noSection.success).toBe(false);
    expect(JSON.stringify(noSection.error?.issues)).toMatch(/needs a section/);
    const tooMany = Array.from({ length: MAX_EXTRA_COLUMNS + 1 }, (_x, i) => ({
      name: `x.m${i}`,
      kind: 'gauge' as const,
      unit: 'count',
      category: 'libtorrent',
      extra: true,
    }));
    const big = SessionMetaSchema.safeParse(makeMeta([...reg, ...tooMany]));
    expect(JSON.stringify(big.error?.issues)).toMatch(/1025 extra columns, more than the 1024/);
  });

  it('a session with extra columns writes and reads back the same; one without still opens', async () => {
    await ensureZstd();
    const dir = tempDir();
    const reg = [...builtinRegistry(), ...extraEntries(lt(['utp.utp_packet_loss', 'utp.utp_timeout']), OURS)];
    const data = makeData(30, makeMeta(reg));
    recordSession(join(dir, 'x.arrow'), data).close();
    const back = (await readSessionFile(join(dir, 'x.arrow'))).data;
    expectSameData(data, back);
    expect(back.meta.registry.at(-2)).toMatchObject({
      name: 'utp.utp_packet_loss',
      category: 'libtorrent',
      extra: true,
    });
    const plain = makeData(5);
    recordSession(join(dir, 'old.arrow'), plain).close();
    const old = (await readSessionFile(join(dir, 'old.arrow'))).data;
    expect(old.meta.registry.some((e) => e.extra)).toBe(false);
    expectSameData(plain, old);
  });
});
