import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../src/main/dispatch/Dispatcher';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { inThreadReader, type SessionReader } from '../../src/main/storage/sessionReader';
import type { TotalsReport } from '../../src/shared/totals/report';
import { cleanTempDirs, tempDir } from '../sessions/helpers';
import { expected, MIDNIGHTS, sessionA, sessionB, TZ } from './berlin';

/*
 * The library's totals request through the one dispatcher both shells use: the shared schema
 * refuses what the CLI refuses (with the field named), and a library of real files answers the
 * sums the test makes. A later request for another unit or zone decodes nothing again.
 */

afterAll(cleanTempDirs);
let d: Dispatcher;
let lib: SessionLibrary;
/** Files the library's reader decoded (nothing is kept decoded: every open reaches the reader). */
let reads = 0;
const reader: SessionReader = {
  ...inThreadReader,
  read: (file, options) => {
    reads++;
    return inThreadReader.read(file, options);
  },
};
const A = sessionA();
const B = sessionB();

beforeAll(async () => {
  const base = tempDir();
  lib = new SessionLibrary(base, { reader, keepDecoded: 0 });
  for (const s of [A, B]) {
    const f = join(base, `${s.data.meta.id}.arrow`);
    await writeSessionFile(s.data, f);
    await lib.add(f);
  }
  d = createDispatcher({ host: new StatsHost({ intervalMs: 1000 }), library: lib });
});

async function totals(req: Record<string, unknown>): Promise<TotalsReport> {
  const a = await d.library({ op: 'totals', ...req });
  if (!a.ok) throw new Error(`${a.status} ${a.error}`);
  return a.value as TotalsReport;
}

describe('the totals request', () => {
  it.each([
    [{ by: 'year', tz: TZ }, 'by must be day, week or month'],
    [{ by: 'day', tz: 'Mars/Olympus' }, 'tz must be an IANA time zone'],
    [{ by: 'day' }, 'tz'],
    [{ by: 'day', tz: TZ, cap: -1 }, 'cap must be a number of bytes above 0'],
    [{ by: 'day', tz: TZ, from: 10, to: 5 }, 'from must be before to'],
    [{ by: 'day', tz: TZ, path: '/etc' }, 'path'],
  ])('%j is refused with 400', async (req, message) => {
    const a = await d.library({ op: 'totals', ...req });
    expect(a.ok).toBe(false);
    if (a.ok) return;
    expect(a.status).toBe(400);
    expect(a.error).toContain(message);
  });

  it('answers the days the test adds up, and reuses each session’s slots', async () => {
    const want = expected([...A.steps, ...B.steps]);
    const first = reads;
    const r = await totals({ by: 'day', tz: TZ });
    // The first request decodes each session once.
    expect(reads - first).toBe(2);
    expect(r.rows.map((x) => x.key)).toEqual([...want.days.keys()]);
    for (const row of r.rows) {
      expect(row.start).toBe(MIDNIGHTS[row.key]);
      expect(row.downloaded).toBeCloseTo(want.days.get(row.key)?.down ?? Number.NaN, 3);
    }
    // Another unit, zone and a cap: the sessions' slots are kept, no file is decoded again.
    const before = reads;
    const month = await totals({ by: 'month', tz: 'UTC', cap: 2 ** 30, asOf: Date.parse('2024-03-31T12:00:00Z') });
    expect(reads).toBe(before);
    expect(month.rows.map((x) => x.key)).toEqual(['2024-03']);
    expect(month.budget?.key).toBe('2024-03');
    // Outside every session's span: nothing to decode, nothing to count.
    const none = await totals({ by: 'day', tz: TZ, from: Date.parse('2025-01-01T00:00:00Z') });
    expect([none.rows, none.sessions]).toEqual([[], []]);
    expect(reads).toBe(before);
  });
});
