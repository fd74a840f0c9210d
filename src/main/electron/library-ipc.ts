import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type LibraryReply, LibraryRequest } from '../../shared/library';
import { describeIssues } from '../../shared/session/meta';
import { encodeColumns, queryData } from '../../shared/session/wire';
import type { Recorder } from '../live/recorder';
import { SessionFileError } from '../storage/sessionFiles';
import type { ImportOptions } from '../storage/sessionImport';
import { LibraryError, type SessionLibrary } from '../storage/sessionLibrary';

/**
 * The Electron transport of LibraryApi: one validated invoke channel. Same operations and
 * error statuses as the browser shell's HTTP routes (src/main/web/libraryRoutes.ts).
 */
export async function handleLibraryIpc(
  library: SessionLibrary,
  recorder: Recorder | null,
  raw: unknown,
): Promise<LibraryReply> {
  const parsed = LibraryRequest.safeParse(raw);
  if (!parsed.success)
    return { ok: false, status: 400, error: `bad request: ${describeIssues(parsed.error, 'request')}` };
  const req = parsed.data;
  try {
    switch (req.op) {
      case 'list':
        return {
          ok: true,
          value: { dir: library.dir, recording: recorder?.current?.id ?? null, sessions: await library.list() },
        };
      case 'get': {
        const { summary, opened } = await library.open(req.id);
        return {
          ok: true,
          value: { ...summary, registry: opened.data.meta.registry, notReported: opened.data.meta.notReported },
        };
      }
      case 'update':
        return { ok: true, value: await library.update(req.id, req.fields) };
      case 'remove':
        await library.delete(req.id);
        return { ok: true, value: null };
      case 'data': {
        const { opened } = await library.open(req.id);
        return { ok: true, value: encodeColumns(queryData(opened.data, req)) };
      }
      case 'figures':
        return { ok: true, value: await library.figures(req.id) };
      case 'compare':
        return {
          ok: true,
          value: await library.compare({
            ids: req.ids,
            baseline: req.baseline,
            alignment: req.alignment,
            nudges: req.nudges,
          }),
        };
      case 'import': {
        // The library imports from a path; a dropped file arrives as bytes, so stage it.
        const dir = mkdtempSync(join(tmpdir(), 'tidegauge-drop-'));
        try {
          const file = join(dir, basename(req.name));
          writeFileSync(file, req.bytes);
          const options: ImportOptions = { format: req.format, intervalS: req.interval };
          return { ok: true, value: await library.add(file, options) };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } catch (e) {
    if (e instanceof LibraryError) return { ok: false, status: e.status, error: e.message };
    if (e instanceof SessionFileError) return { ok: false, status: 422, error: e.message };
    return { ok: false, status: 500, error: (e as Error).message };
  }
}
