import { alignmentKey } from '../../../shared/compare/align';
import type { SessionFigures } from '../../../shared/compare/compareSessions';
import { type FullComparison, parseComparisonJson } from '../../../shared/compare/halves';
import type {
  ImportQuery,
  LibraryApi,
  LibraryListing,
  LibraryReply,
  LibraryRequest,
  SessionDetail,
  SessionSummary,
} from '../../../shared/library';
import type { ImportReport } from '../../../shared/session/import/common';
import { decodeColumns } from '../../../shared/session/wire';
import type { PreloadBridge } from './electron';

/** An error from the library, with the HTTP-like status (404 no such session, 409 recording...). */
export class LibraryCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function ownBuffer(b: Uint8Array): ArrayBuffer {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
    ? (b.buffer as ArrayBuffer)
    : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

/** LibraryApi over the browser shell's HTTP routes (same origin; the page's ?token= is passed on). */
export function httpLibrary(location: { readonly origin: string; readonly search: string }): LibraryApi {
  const token = new URLSearchParams(location.search).get('token');
  const url = (path: string, params: Record<string, string | number | undefined> = {}) => {
    const u = new URL(path, location.origin);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    if (token) u.searchParams.set('token', token);
    return u.href;
  };
  async function call(path: string, init: RequestInit = {}, params = {}): Promise<Response> {
    const res = await fetch(url(path, params), init);
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      try {
        message = ((await res.json()) as { error?: string }).error ?? message;
      } catch {
        // not JSON: keep the status line
      }
      throw new LibraryCallError(res.status, message);
    }
    return res;
  }
  const id = (s: string) => encodeURIComponent(s);
  return {
    list: async () => (await (await call('/api/v1/library')).json()) as LibraryListing,
    get: async (s) => (await (await call(`/api/v1/library/${id(s)}`)).json()) as SessionDetail,
    update: async (s, fields) =>
      (
        await call(`/api/v1/library/${id(s)}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fields),
        })
      ).json() as Promise<SessionSummary>,
    remove: async (s) => {
      await call(`/api/v1/library/${id(s)}`, { method: 'DELETE' });
    },
    data: async (s, q = {}) =>
      decodeColumns(
        await (
          await call(
            `/api/v1/sessions/${id(s)}/data`,
            {},
            {
              format: 'columns',
              from: q.from,
              to: q.to,
              every: q.every,
              points: q.points,
              names: q.names?.join(','),
            },
          )
        ).arrayBuffer(),
      ),
    figures: async (s) =>
      parseComparisonJson(await (await call(`/api/v1/sessions/${id(s)}/figures`)).text()) as unknown as SessionFigures,
    compare: async (ids, q = {}) =>
      parseComparisonJson(
        await (
          await call(
            '/api/v1/compare',
            {},
            {
              ids: ids.join(','),
              baseline: q.baseline,
              align: q.alignment ? alignmentKey(q.alignment) : undefined,
              nudges: q.nudges?.join(','),
            },
          )
        ).text(),
      ),
    importFile: async (name, bytes, q: ImportQuery = {}) =>
      (
        await call(
          '/api/v1/library/import',
          { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) },
          { name, format: q.format, interval: q.interval },
        )
      ).json() as Promise<{ summary: SessionSummary; report: ImportReport | null }>,
  };
}

/** LibraryApi over the Electron preload's invoke channel. */
export function ipcLibrary(bridge: PreloadBridge): LibraryApi {
  async function call(req: LibraryRequest): Promise<unknown> {
    const reply = (await bridge.library(req)) as LibraryReply;
    if (!reply.ok) throw new LibraryCallError(reply.status, reply.error);
    return reply.value;
  }
  return {
    list: async () => (await call({ op: 'list' })) as Awaited<ReturnType<LibraryApi['list']>>,
    get: async (id) => (await call({ op: 'get', id })) as Awaited<ReturnType<LibraryApi['get']>>,
    update: async (id, fields) =>
      (await call({ op: 'update', id, fields })) as Awaited<ReturnType<LibraryApi['update']>>,
    remove: async (id) => {
      await call({ op: 'remove', id });
    },
    data: async (id, q = {}) =>
      decodeColumns(
        ownBuffer((await call({ op: 'data', id, ...q, names: q.names ? [...q.names] : undefined })) as Uint8Array),
      ),
    figures: async (id) => (await call({ op: 'figures', id })) as SessionFigures,
    compare: async (ids, q = {}) =>
      (await call({
        op: 'compare',
        ids: [...ids],
        baseline: q.baseline,
        alignment: q.alignment,
        nudges: q.nudges ? [...q.nudges] : undefined,
      })) as FullComparison,
    importFile: async (name, bytes, q = {}) =>
      (await call({ op: 'import', name, bytes: new Uint8Array(bytes), ...q })) as Awaited<
        ReturnType<LibraryApi['importFile']>
      >,
  };
}

/** The library API for this shell (call from the page: it looks at window). */
export function connectLibrary(): LibraryApi {
  const w = globalThis as unknown as { tidegauge?: PreloadBridge; location: { origin: string; search: string } };
  return w.tidegauge?.transport === 'electron' ? ipcLibrary(w.tidegauge) : httpLibrary(w.location);
}
