import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { compareSessions } from '../../src/shared/compare/compareSessions';
import { cleanTempDirs, makeData, makeMeta, tempDir } from '../sessions/helpers';

afterAll(() => cleanTempDirs());

describe('markers', () => {
  it('are saved with a session, validated, and align a comparison', async () => {
    const dir = tempDir();
    const lib = new SessionLibrary(join(dir, 'data'));
    const a = join(dir, 'a.arrow');
    const b = join(dir, 'b.arrow');
    await writeSessionFile(makeData(30, makeMeta(undefined, { id: 'run-a' })), a);
    await writeSessionFile(makeData(30, makeMeta(undefined, { id: 'run-b', startedAt: 1_700_000_100_000 })), b);
    const sa = (await lib.add(a)).summary;
    const sb = (await lib.add(b)).summary;
    expect(sa.markers).toEqual([]);

    await lib.update(sa.id, { markers: [{ name: 'warm', t: sa.startedAt + 5000 }] });
    await lib.update(sb.id, { markers: [{ name: 'warm', t: sb.startedAt + 12_000 }] });
    await expect(lib.update(sa.id, { markers: [{ name: '', t: 1 }] })).rejects.toThrow(/markers\.0\.name/);
    await expect(lib.update(sa.id, { markers: [{ name: 'x', t: 'soon' }] })).rejects.toThrow(/markers\.0\.t/);

    const ga = await lib.get(sa.id);
    const gb = await lib.get(sb.id);
    expect(ga.markers).toEqual([{ name: 'warm', t: sa.startedAt + 5000 }]);

    const oa = await lib.open(sa.id);
    const ob = await lib.open(sb.id);
    const c = compareSessions(
      [
        { id: ga.id, title: ga.title, data: oa.opened.data, markers: ga.markers },
        { id: gb.id, title: gb.title, data: ob.opened.data, markers: gb.markers },
      ],
      { alignment: { kind: 'marker', name: 'warm' } },
    );
    expect(c.sessions.map((s) => s.origin)).toEqual([sa.startedAt + 5000, sb.startedAt + 12_000]);
    expect(c.sessions.every((s) => s.alignmentError === null)).toBe(true);
    // From the marker on, session b has 18 samples of 1 s: counter 0 grows 1000 a second.
    const row = c.rows.find((r) => r.name === oa.opened.data.meta.registry[0]?.name);
    const fb = row?.sessions[1];
    expect(typeof fb === 'object' && fb.total).toBeCloseTo(17_000, -1);
  });
});
