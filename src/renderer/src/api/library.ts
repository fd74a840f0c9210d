import { alignmentKey } from '../../../shared/compare/align';
import type { SessionFigures } from '../../../shared/compare/compareSessions';
import { type FullComparison, parseComparisonJson } from '../../../shared/compare/sessionFigures';
import type {
  ImportResult,
  LibraryApi,
  LibraryListing,
  LibraryOp,
  LibraryRequestOf,
  LibraryValues,
  Quarantined,
  SessionDetail,
  SessionSummary,
} from '../../../shared/library';
import { decodeColumns } from '../../../shared/session/wire';
import type { TotalsReport } from '../../../shared/totals/report';
import { desktopBridge, type TidegaugeBridge } from './bridge';
import { printableLibrary } from './printableLibrary';

/** An error from the library, with the HTTP-like status (404 no such session, 409 recording...). */
export class LibraryCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A host's refusal as a LibraryCallError: its JSON error, else the status line. */
export async function callError(res: Response): Promise<LibraryCallError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    message = ((await res.json()) as { error?: string }).error ?? message;
  } catch {
    // not JSON: keep the status line
  }
  return new LibraryCallError(res.status, message);
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
    if (!res.ok) throw await callError(res);
    return res;
  }
  /** The host's JSON answer to a route; its shape is the route's (see src/main/web/apiRoutes.ts). */
  async function json<T>(path: string, init: RequestInit = {}, params = {}): Promise<T> {
    return (await (await call(path, init, params)).json()) as T;
  }
  /** Figures and comparisons: their NaN (no samples) travel as null. */
  async function figures<T extends SessionFigures | FullComparison>(path: string, params = {}): Promise<T> {
    return parseComparisonJson(await (await call(path, {}, params)).text()) as unknown as T;
  }
  const id = (s: string) => encodeURIComponent(s);
  return {
    list: () => json<LibraryListing>('/api/v1/library'),
    get: (s) => json<SessionDetail>(`/api/v1/library/${id(s)}`),
    update: (s, fields) =>
      json<SessionSummary>(`/api/v1/library/${id(s)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      }),
    remove: async (s) => {
      await call(`/api/v1/library/${id(s)}`, { method: 'DELETE' });
    },
    quarantine: (s) => json<Quarantined>(`/api/v1/library/${id(s)}/quarantine`, { method: 'POST' }),
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
    figures: (s, q = {}) => figures<SessionFigures>(`/api/v1/sessions/${id(s)}/figures`, { span: q.spanS }),
    compare: (ids, q = {}) =>
      figures<FullComparison>('/api/v1/compare', {
        ids: ids.join(','),
        baseline: q.baseline,
        align: q.alignment ? alignmentKey(q.alignment) : undefined,
        nudges: q.nudges?.join(','),
        span: q.span,
      }),
    importFile: (name, bytes, q = {}) =>
      json<ImportResult>(
        '/api/v1/library/import',
        { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) },
        { name, format: q.format, interval: q.interval },
      ),
    totals: (q) => json<TotalsReport>('/api/v1/totals', {}, { ...q }),
  };
}

/** LibraryApi over the Electron preload's invoke channel; the bridge's replies are typed by request. */
export function ipcLibrary(bridge: TidegaugeBridge): LibraryApi {
  async function call<K extends LibraryOp>(req: LibraryRequestOf<K>): Promise<LibraryValues[K]> {
    const reply = await bridge.library(req);
    if (!reply.ok) throw new LibraryCallError(reply.status, reply.error);
    return reply.value;
  }
  return {
    list: () => call({ op: 'list' }),
    get: (id) => call({ op: 'get', id }),
    update: (id, fields) => call({ op: 'update', id, fields }),
    remove: async (id) => {
      await call({ op: 'remove', id });
    },
    quarantine: (id) => call({ op: 'quarantine', id }),
    data: async (id, q = {}) =>
      decodeColumns(ownBuffer(await call({ op: 'data', id, ...q, names: q.names ? [...q.names] : undefined }))),
    figures: (id, q = {}) => call({ op: 'figures', id, ...(q.spanS === undefined ? {} : { span: q.spanS }) }),
    compare: (ids, q = {}) =>
      call({
        op: 'compare',
        ids: [...ids],
        baseline: q.baseline,
        alignment: q.alignment,
        nudges: q.nudges ? [...q.nudges] : undefined,
        span: q.span,
      }),
    importFile: (name, bytes, q = {}) => call({ op: 'import', name, bytes: new Uint8Array(bytes), ...q }),
    totals: (q) => call({ op: 'totals', ...q }),
  };
}

/** The library API for this shell (call from the page). */
export function connectLibrary(): LibraryApi {
  const bridge = desktopBridge();
  // The page's own location; spelled structurally because tests compile this file without the DOM.
  // What files say about themselves is shown with control characters escaped (printableLibrary.ts).
  return printableLibrary(
    bridge
      ? ipcLibrary(bridge)
      : httpLibrary((globalThis as unknown as { location: { origin: string; search: string } }).location),
  );
}
