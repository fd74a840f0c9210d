import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAlignmentKey } from '../../shared/compare/align';
import { encodeSession } from '../../shared/session/arrow';
import { csvLines } from '../../shared/session/import/index';
import { COLUMNS_CONTENT_TYPE, encodeColumns, queryData } from '../../shared/session/wire';
import type { Recorder } from '../live/recorder';
import { SessionFileError } from '../storage/sessionFiles';
import { type CompareRequest, LibraryError, type SessionLibrary } from '../storage/sessionLibrary';

/*
 * The saved-sessions API of the browser shell (the Electron shell calls SessionLibrary itself):
 *
 *   GET    /api/v1/library                     {dir, recording, sessions: SessionSummary[]}
 *   GET    /api/v1/library/:id                 SessionSummary & {registry, notReported}
 *   PATCH  /api/v1/library/:id                 body {title?, notes?, tags?} -> SessionSummary
 *   DELETE /api/v1/library/:id                 204; 409 while it is being recorded
 *   POST   /api/v1/library/import?name=F[&format=auto|csv|irontide|libtorrent][&interval=S]
 *                                              body: the file's bytes -> {summary, report}
 *   GET    /api/v1/sessions/:id/data?from=S&to=S&every=K&points=N&names=a,b&format=columns|arrow|csv
 *   GET    /api/v1/sessions/:id/figures        SessionFigures (per metric: total, mean, p50, p95, max)
 *   GET    /api/v1/compare?ids=a,b[&baseline=K (0-based)][&align=start|event:firstPayload|
 *                          event:complete|marker:NAME][&nudges=S,S]  -> {comparison, derived}
 *                                              (figures' NaN travel as null)
 *
 * Errors: {error} JSON with 400/404/409/413/422. Changes need a same-origin request (JSON
 * body, matching Origin) so another web page cannot drive them.
 */

export interface LibraryRoutesOptions {
  readonly library: SessionLibrary;
  readonly recorder?: Recorder | null;
  /** Largest upload accepted by the import route (default 512 MiB). */
  readonly maxUpload?: number;
}

export function isLibraryPath(pathname: string): boolean {
  return (
    pathname === '/api/v1/library' ||
    pathname === '/api/v1/compare' ||
    pathname.startsWith('/api/v1/library/') ||
    pathname.startsWith('/api/v1/sessions/')
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, e: unknown): void {
  // Headers gone (a stream broke half-way): all that is left is to cut the connection.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (e instanceof LibraryError) return json(res, e.status, { error: e.message });
  if (e instanceof SessionFileError) return json(res, 422, { error: e.message });
  json(res, 500, { error: `internal error: ${(e as Error).message}` });
}

function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > max) throw new LibraryError(413, `the body is larger than ${max >> 20} MiB`);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function numParam(url: URL, name: string, min: number): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new LibraryError(400, `query parameter ${name} must be a number >= ${min}, got "${v}"`);
  return n;
}

/** The query of GET /api/v1/compare, checked. */
export function compareQuery(url: URL): CompareRequest {
  const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length < 2 || ids.length > 4)
    throw new LibraryError(400, `query parameter ids must name 2 to 4 sessions, got ${ids.length}`);
  const baseline = numParam(url, 'baseline', 0);
  if (baseline !== undefined && (!Number.isInteger(baseline) || baseline >= ids.length))
    throw new LibraryError(400, `query parameter baseline must be a session index from 0 to ${ids.length - 1}`);
  const alignText = url.searchParams.get('align');
  const alignment = alignText === null ? undefined : parseAlignmentKey(alignText);
  if (alignment === null)
    throw new LibraryError(
      400,
      `query parameter align must be start, event:firstPayload, event:complete or marker:NAME, got "${alignText?.slice(0, 80)}"`,
    );
  const nudgeText = url.searchParams.get('nudges');
  const nudges = nudgeText === null || nudgeText === '' ? undefined : nudgeText.split(',').map(Number);
  if (nudges && (nudges.length > ids.length || nudges.some((n) => !Number.isFinite(n) || Math.abs(n) > 1e7)))
    throw new LibraryError(400, `query parameter nudges must be up to ${ids.length} numbers of seconds`);
  return { ids, baseline, alignment, nudges };
}

/** Handle one library request (the caller has checked Host and the access token). */
export async function handleLibraryRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: LibraryRoutesOptions,
): Promise<void> {
  const { library } = options;
  const method = req.method ?? 'GET';
  try {
    // ['library', id?] | ['sessions', id, 'data' | 'figures'] | ['compare']; a bad %-escape is a 400.
    const parts = url.pathname
      .split('/')
      .slice(3)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          throw new LibraryError(400, `"${p.slice(0, 80)}" is not a valid path segment`);
        }
      });
    if (method !== 'GET' && method !== 'HEAD' && !sameOrigin(req))
      throw new LibraryError(400, 'cross-origin requests may not change the library');
    if (parts[0] === 'compare') {
      if (method !== 'GET') throw new LibraryError(400, `${method} is not allowed here`);
      return json(res, 200, await library.compare(compareQuery(url)));
    }
    if (parts[0] === 'sessions') {
      const [, id, what] = parts;
      if (!id || (what !== 'data' && what !== 'figures') || parts.length !== 3)
        throw new LibraryError(404, 'no such endpoint');
      if (method !== 'GET') throw new LibraryError(400, `${method} is not allowed here`);
      if (what === 'figures') return json(res, 200, await library.figures(id));
      return await sendData(res, url, library, id);
    }
    if (parts.length === 1) {
      if (method !== 'GET') throw new LibraryError(400, `${method} is not allowed here`);
      const sessions = await library.list();
      return json(res, 200, { dir: library.dir, recording: options.recorder?.current?.id ?? null, sessions });
    }
    const id = parts[1] as string;
    if (parts.length === 2 && id === 'import') {
      if (method !== 'POST') throw new LibraryError(400, 'use POST to import');
      return await importUpload(req, res, url, options);
    }
    if (parts.length !== 2) throw new LibraryError(404, 'no such endpoint');
    if (method === 'GET') {
      const { summary, opened } = await library.open(id);
      return json(res, 200, {
        ...summary,
        registry: opened.data.meta.registry,
        notReported: opened.data.meta.notReported,
      });
    }
    if (method === 'PATCH') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
        throw new LibraryError(400, 'send the fields as application/json');
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, 1 << 20)).toString('utf8'));
      } catch (e) {
        if (e instanceof LibraryError) throw e;
        throw new LibraryError(400, 'the body is not JSON');
      }
      return json(res, 200, await library.update(id, body));
    }
    if (method === 'DELETE') {
      await library.delete(id);
      res.writeHead(204);
      res.end();
      return;
    }
    throw new LibraryError(400, `${method} is not allowed here`);
  } catch (e) {
    fail(res, e);
  }
}

async function sendData(res: ServerResponse, url: URL, library: SessionLibrary, id: string): Promise<void> {
  const fromS = numParam(url, 'from', 0);
  const toS = numParam(url, 'to', 0);
  const every = numParam(url, 'every', 1);
  const points = numParam(url, 'points', 2);
  const format = url.searchParams.get('format') ?? 'columns';
  if (!['columns', 'arrow', 'csv'].includes(format))
    throw new LibraryError(400, `format must be columns, arrow or csv, got "${format}"`);
  const { opened } = await library.open(id);
  const names = url.searchParams.get('names')?.split(',').filter(Boolean);
  const data = queryData(opened.data, {
    from: fromS,
    to: toS,
    every,
    points,
    names: names?.length ? names : undefined,
  });
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'x-tidegauge-samples': String(data.length),
  };
  if (format === 'columns') {
    res.writeHead(200, { ...headers, 'content-type': COLUMNS_CONTENT_TYPE });
    res.end(encodeColumns(data));
  } else if (format === 'arrow') {
    // Uncompressed, so a browser needs only apache-arrow's own reader.
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/vnd.apache.arrow.stream',
      'content-disposition': `attachment; filename="${id}.arrow"`,
    });
    res.end(encodeSession(data, { compression: null }));
  } else {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${id}.csv"`,
    });
    for (const line of csvLines(data)) res.write(`${line}\n`);
    res.end();
  }
}

async function importUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: LibraryRoutesOptions,
): Promise<void> {
  const name = (url.searchParams.get('name') ?? 'upload').replace(/[/\\]/g, '_').slice(0, 200) || 'upload';
  const format = url.searchParams.get('format') ?? 'auto';
  if (!['auto', 'csv', 'irontide', 'libtorrent'].includes(format))
    throw new LibraryError(400, `format must be auto, csv, irontide or libtorrent, got "${format}"`);
  const intervalS = numParam(url, 'interval', 0.001);
  const max = options.maxUpload ?? 512 * 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'tidegauge-upload-'));
  const file = join(dir, name);
  try {
    let n = 0;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file, { flags: 'wx' });
      req.on('data', (chunk: Buffer) => {
        n += chunk.length;
        if (n > max) {
          req.destroy();
          out.destroy();
          reject(new LibraryError(413, `the upload is larger than ${max >> 20} MiB`));
        }
      });
      req.pipe(out);
      out.on('finish', resolve);
      out.on('error', reject);
      req.on('error', reject);
      req.on('close', () => {
        if (!req.complete) {
          out.destroy();
          reject(new LibraryError(400, 'the upload was cut off'));
        }
      });
    });
    if (n === 0) throw new LibraryError(400, `${name}: the upload is empty`);
    try {
      json(res, 201, await options.library.add(file, { format: format as 'auto', intervalS }));
    } catch (e) {
      // Name the file the user dropped, not our temporary copy.
      if (e instanceof SessionFileError) throw new LibraryError(422, e.message.split(file).join(name));
      throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
