import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StatsHost } from '../../src/main/live/statsHost';
import { writeSessionFile } from '../../src/main/storage/sessionExport';
import { SessionLibrary } from '../../src/main/storage/sessionLibrary';
import { startWebShell } from '../../src/main/web/WebShell';
import { httpLibrary, LibraryCallError } from '../../src/renderer/src/api/library';
import { cleanTempDirs, makeData, tempDir } from '../sessions/helpers';

afterAll(() => cleanTempDirs());

describe('renderer library client over HTTP', () => {
  it('lists, reads, edits and deletes saved sessions through the browser shell', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'tg-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    const dir = tempDir();
    const library = new SessionLibrary(join(dir, 'data'));
    const file = join(dir, 'run.arrow');
    const data = makeData(120);
    await writeSessionFile(data, file);
    const { summary } = await library.add(file);
    const host = new StatsHost();
    const shell = await startWebShell({ host, staticDir, port: 0, token: 'token-for-test', library: { library } });
    try {
      const api = httpLibrary(new URL(shell.url) as unknown as Parameters<typeof httpLibrary>[0]);
      const list = await api.list();
      expect(list.sessions.map((s) => s.id)).toEqual([summary.id]);
      const detail = await api.get(summary.id);
      expect(detail.registry).toHaveLength(99);
      expect(detail.samples).toBe(120);

      const all = await api.data(summary.id);
      expect(all.length).toBe(120);
      expect(Array.from(all.columns[5] ?? [])).toEqual(Array.from(data.columns[5] ?? []));
      const part = await api.data(summary.id, { from: 10, to: 19 });
      expect(part.length).toBe(10);
      expect(part.t[0]).toBe(data.t[10]);

      const edited = await api.update(summary.id, { title: 'Baseline run', tags: ['main', 'main', 'v1'] });
      expect(edited).toMatchObject({ title: 'Baseline run', tags: ['main', 'v1'] });
      await expect(api.update(summary.id, { title: 5 } as never)).rejects.toThrow(/title/);

      const dropped = await api.importFile(
        'again.arrow',
        new Uint8Array(await import('node:fs').then((f) => f.readFileSync(file))),
      );
      expect(dropped.summary.samples).toBe(120);

      await api.remove(summary.id);
      const err = await api.get(summary.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LibraryCallError);
      expect((err as LibraryCallError).status).toBe(404);
    } finally {
      await shell.close();
    }
  });
});

describe('column selection', () => {
  it('GET data?names= sends only the named metrics, with notReported re-indexed', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'tg-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    const dir = tempDir();
    const library = new SessionLibrary(join(dir, 'data'));
    const file = join(dir, 'run.arrow');
    const data = makeData(50); // metric 3 is not reported
    await writeSessionFile(data, file);
    const { summary } = await library.add(file);
    const shell = await startWebShell({ host: new StatsHost(), staticDir, port: 0, library: { library } });
    try {
      const api = httpLibrary(new URL(shell.url) as unknown as Parameters<typeof httpLibrary>[0]);
      const names = [data.meta.registry[5]?.name, data.meta.registry[3]?.name, 'no.such_metric'] as string[];
      const part = await api.data(summary.id, { names });
      expect(part.meta.registry.map((e) => e.name)).toEqual(names.slice(0, 2));
      expect(Array.from(part.columns[0] ?? [])).toEqual(Array.from(data.columns[5] ?? []));
      expect(part.meta.notReported).toEqual({ '1': 'not measured' });
      expect(part.length).toBe(50);
    } finally {
      await shell.close();
    }
  });
});
