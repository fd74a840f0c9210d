import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAlignmentKey } from '../../shared/compare/align';
import { type LibraryFailure, MAX_IMPORT_UPLOAD } from '../../shared/library';
import { encodeSession, looksLikeArrow } from '../../shared/session/arrow';
import type { SessionData } from '../../shared/session/data';
import { csvLines, detectFormat } from '../../shared/session/import/index';
import { COLUMNS_CONTENT_TYPE, encodeColumns } from '../../shared/session/wire';
import type { Answer, Dispatcher } from '../dispatch/Dispatcher';
import { failure, RequestError } from '../dispatch/failure';
import { stagedName } from '../dispatch/uploadStaging';
import { bodyToFile, checkDeclaredLength, dropRest, readBody, sendJson } from './http';

/*
 * The saved-sessions API of the browser shell, a translation of HTTP into the dispatcher's
 * requests (src/shared/library.ts validates them, for this shell and the Electron one alike):
 *
 *   GET    /api/v1/library                     {dir, recording, sessions: SessionSummary[]}
 *   GET    /api/v1/library/:id                 SessionSummary & {registry, notReported}
 *   PATCH  /api/v1/library/:id                 body {title?, notes?, tags?, markers?} -> SessionSummary
 *   DELETE /api/v1/library/:id                 204; 409 while it is being recorded
 *   POST   /api/v1/library/:id/quarantine      {dir, files}: its files moved to <dataDir>/quarantine
 *   GET    /api/v1/fleet?server=prometheus://host:9090   FleetListing (src/shared/fleet.ts)
 *   POST   /api/v1/fleet/import                 body {server, instance, from, to, step, title?} -> {summary, report}
 *   POST   /api/v1/library/import?name=F[&format=auto|csv|irontide|libtorrent][&interval=S]
 *                                              body: the file's bytes -> 201 {summary, report}
 *   GET    /api/v1/sessions/:id/data?from=S&to=S&every=K&points=N&names=a,b&format=columns|arrow|csv
 *   GET    /api/v1/sessions/:id/figures[?span=S] SessionFigures (per metric: total, mean, p50, p95, max;
 *                                              span: over the first S seconds only)
 *   GET    /api/v1/compare?ids=a,b[&baseline=K (0-based)][&align=start|event:firstPayload|
 *                          event:complete|marker:NAME][&nudges=S,S]  -> {comparison, derived}
 *                                              (figures' NaN travel as null)
 *   GET    /api/v1/totals?by=day|week|month&tz=ZONE[&from=MS&to=MS][&cap=BYTES&period=day|week|month
 *                         &capCounts=both|down|up&asOf=MS]  -> TotalsReport (src/shared/totals/report.ts)
 *
 * Errors: {error} JSON with 400/404/405 (with Allow)/409/413/415/422/507, naming the problem and
 * never a host path (failure.ts). Changes need a same-origin request (matching Origin) so
 * another web page cannot drive them.
 */

export interface ApiRoutesOptions {
  readonly dispatcher: Dispatcher;
  /** Largest upload accepted by the import route (default MAX_IMPORT_UPLOAD, as over IPC). */
  readonly maxUpload?: number;
  /** Largest JSON body (PATCH; default 1 MiB). */
  readonly maxJsonBody?: number;
}

interface Call {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly id: string;
  readonly options: ApiRoutesOptions;
}

type Handler = (call: Call) => Promise<Answer>;

interface Route {
  /** Path segments after /api/v1/; ':id' takes any one segment. */
  readonly path: readonly string[];
  readonly methods: Readonly<Partial<Record<'GET' | 'PATCH' | 'DELETE' | 'POST', Handler>>>;
}

const DATA_FORMATS = ['columns', 'arrow', 'csv'] as const;

/** A query parameter as a number for the schema to judge (not a number stays NaN); absent: undefined. */
function num(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  return v === null || v === '' ? undefined : Number(v);
}

function list(url: URL, name: string): string[] | undefined {
  const items = url.searchParams.get(name)?.split(',').filter(Boolean);
  return items?.length ? items : undefined;
}

function alignment(url: URL) {
  const text = url.searchParams.get('align');
  if (text === null) return undefined;
  const a = parseAlignmentKey(text);
  if (a === null)
    throw new RequestError(
      400,
      `align must be start, event:firstPayload, event:complete or marker:NAME, got "${text.slice(0, 80)}"`,
    );
  return a;
}

async function jsonBody(call: Call): Promise<unknown> {
  if (!String(call.req.headers['content-type'] ?? '').startsWith('application/json'))
    throw new RequestError(400, 'send the fields as application/json');
  const body = await readBody(call.req, call.options.maxJsonBody ?? 1 << 20);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestError(400, 'the body is not JSON');
  }
}

/**
 * An upload's format told from its first bytes, before the rest is stored: a file that is
 * none of the importable formats is refused then (415), not after half a gigabyte reached the
 * disk. With a format given, only binary data is refused this early.
 */
function sniff(head: Uint8Array, name: string, format: string | undefined): void {
  const shown = stagedName(name);
  if (format === undefined || format === 'auto') {
    const d = detectFormat(head, shown);
    if ('error' in d) throw new RequestError(415, `${shown}: ${d.error}`);
  } else if (!looksLikeArrow(head) && head.includes(0))
    throw new RequestError(415, `${shown}: binary data (a NUL byte at byte ${head.indexOf(0)}), not ${format}`);
}

const ROUTES: readonly Route[] = [
  { path: ['library'], methods: { GET: (c) => c.options.dispatcher.library({ op: 'list' }) } },
  {
    path: ['library', 'import'],
    methods: {
      POST: ({ req, url, options }) => {
        const max = options.maxUpload ?? MAX_IMPORT_UPLOAD;
        // Refused on its declared length before anything is staged.
        checkDeclaredLength(req, max, 'the upload');
        const name = url.searchParams.get('name') || 'upload';
        const format = url.searchParams.get('format') ?? undefined;
        return options.dispatcher.upload({ name, format, interval: num(url, 'interval') }, (file) =>
          bodyToFile(req, file, max, { head: (head) => sniff(head, name, format) }),
        );
      },
    },
  },
  {
    path: ['library', ':id'],
    methods: {
      GET: (c) => c.options.dispatcher.library({ op: 'get', id: c.id }),
      PATCH: async (c) => c.options.dispatcher.library({ op: 'update', id: c.id, fields: await jsonBody(c) }),
      DELETE: (c) => c.options.dispatcher.library({ op: 'remove', id: c.id }),
    },
  },
  {
    path: ['library', ':id', 'quarantine'],
    methods: { POST: (c) => c.options.dispatcher.library({ op: 'quarantine', id: c.id }) },
  },
  {
    path: ['sessions', ':id', 'data'],
    methods: {
      GET: ({ url, id, options }) =>
        options.dispatcher.library({
          op: 'data',
          id,
          from: num(url, 'from'),
          to: num(url, 'to'),
          every: num(url, 'every'),
          points: num(url, 'points'),
          names: list(url, 'names'),
        }),
    },
  },
  {
    path: ['sessions', ':id', 'figures'],
    methods: {
      GET: (c) => c.options.dispatcher.library({ op: 'figures', id: c.id, span: num(c.url, 'span') }),
    },
  },
  {
    path: ['fleet'],
    methods: {
      GET: ({ url, options }) =>
        options.dispatcher.library({ op: 'fleet', server: url.searchParams.get('server') ?? '' }),
    },
  },
  {
    path: ['fleet', 'import'],
    methods: {
      POST: async (c) => {
        const body = await jsonBody(c);
        return c.options.dispatcher.library({ ...(typeof body === 'object' && body ? body : {}), op: 'fleetImport' });
      },
    },
  },
  {
    path: ['totals'],
    methods: {
      GET: ({ url, options }) => {
        const text = (name: string) => url.searchParams.get(name) ?? undefined;
        return options.dispatcher.library({
          op: 'totals',
          by: text('by'),
          tz: text('tz'),
          from: num(url, 'from'),
          to: num(url, 'to'),
          cap: num(url, 'cap'),
          period: text('period'),
          capCounts: text('capCounts'),
          asOf: num(url, 'asOf'),
        });
      },
    },
  },
  {
    path: ['compare'],
    methods: {
      GET: ({ url, options }) =>
        options.dispatcher.library({
          op: 'compare',
          ids: list(url, 'ids') ?? [],
          baseline: num(url, 'baseline'),
          alignment: alignment(url),
          nudges: url.searchParams.get('nudges')?.split(',').map(Number),
          span: url.searchParams.get('span') ?? undefined,
        }),
    },
  },
];

export function isApiPath(pathname: string): boolean {
  return (
    ['/api/v1/library', '/api/v1/compare', '/api/v1/totals', '/api/v1/fleet', '/api/v1/fleet/import'].includes(
      pathname,
    ) || /^\/api\/v1\/(library|sessions)\//.test(pathname)
  );
}

function match(parts: readonly string[]): { route: Route; id: string } | null {
  const route = ROUTES.find(
    (r) => r.path.length === parts.length && r.path.every((p, i) => p === ':id' || p === parts[i]),
  );
  return route ? { route, id: parts[route.path.indexOf(':id')] ?? '' } : null;
}

function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

function fail(req: IncomingMessage, res: ServerResponse, f: LibraryFailure): void {
  // Headers gone (a stream broke half-way): all that is left is to cut the connection.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const error = f.status === 500 ? `internal error: ${f.error}` : f.error;
  sendJson(res, f.status, { error });
  // A refused body may still be arriving: read and drop it (bounded) so the client sees this answer.
  dropRest(req);
}

/** Handle one API request (the caller has checked Host and the access token). */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: ApiRoutesOptions,
): Promise<void> {
  try {
    const parts = url.pathname
      .split('/')
      .slice(3)
      .map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          throw new RequestError(400, `"${p.slice(0, 80)}" is not a valid path segment`);
        }
      });
    const found = match(parts);
    if (!found) throw new RequestError(404, 'no such endpoint');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const handler = found.route.methods[method as keyof Route['methods']];
    if (!handler) {
      const allow = Object.keys(found.route.methods).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      return sendJson(
        res,
        405,
        { error: `${req.method} is not allowed here; use ${allow.join(' or ')}` },
        {
          allow: allow.join(', '),
        },
      );
    }
    if (method !== 'GET' && !sameOrigin(req))
      throw new RequestError(400, 'cross-origin requests may not change the library');
    if (found.route.path.at(-1) === 'data') dataFormat(url);
    const answer = await handler({ req, url, id: found.id, options });
    if (!answer.ok) return fail(req, res, answer);
    if (answer.op === 'remove') {
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
    } else if (answer.op === 'data') sendData(res, url, found.id, answer.value);
    else sendJson(res, answer.op === 'import' ? 201 : 200, answer.value);
  } catch (e) {
    fail(req, res, failure(e));
  }
}

function dataFormat(url: URL): (typeof DATA_FORMATS)[number] {
  const format = url.searchParams.get('format') ?? 'columns';
  const known = DATA_FORMATS.find((f) => f === format);
  if (!known) throw new RequestError(400, `format must be columns, arrow or csv, got "${format.slice(0, 80)}"`);
  return known;
}

function sendData(res: ServerResponse, url: URL, id: string, data: SessionData): void {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'x-tidegauge-samples': String(data.length),
  };
  const format = dataFormat(url);
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
