import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../dispatch/failure';

/** Plain answers of the browser shell; every one says nosniff. */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json', JSON.stringify(body), { 'cache-control': 'no-store', ...extra });
}

function tooLarge(max: number, what: string): RequestError {
  return new RequestError(413, `${what} is larger than ${max >= 1 << 20 ? `${max / (1 << 20)} MiB` : `${max} bytes`}`);
}

/** Refuse a body whose declared length is already too large, before reading a byte of it. */
export function checkDeclaredLength(req: IncomingMessage, max: number, what: string): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw tooLarge(max, what);
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const LINGER_MS = 30_000;

/**
 * After an answer sent before the body was read (a 413, a 415): read the rest and drop it, so
 * the client, still sending, gets to read the answer. Cutting the connection instead makes the
 * kernel reset it, and a client busy sending sees "connection reset" rather than the 413. A
 * body that is still coming after LINGER_MS is cut off then.
 */
export function dropRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.once('end', done);
  req.once('close', done);
  req.removeAllListeners('data');
  req.resume();
}

/**
 * Read a body chunk by chunk with listeners (never `for await`, whose early exit destroys the
 * socket before an answer can be sent). `take` returns a promise to wait on (back-pressure) or
 * nothing; a throw or rejection stops reading and rejects with that error.
 */
function readChunks(req: IncomingMessage, take: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stopped = false;
    const stop = (e: Error) => {
      if (stopped) return;
      stopped = true;
      req.off('data', onData);
      req.pause();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      try {
        const wait = take(chunk);
        if (wait) {
          req.pause();
          wait.then(() => !stopped && req.resume(), stop);
        }
      } catch (e) {
        stop(e as Error);
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!stopped) resolve();
    });
    req.once('error', () => stop(new RequestError(400, 'the upload was cut off')));
    req.once('close', () => {
      if (!req.complete) stop(new RequestError(400, 'the upload was cut off'));
    });
  });
}

/** The whole body, at most `max` bytes (a larger one is a 413, and nothing more of it is kept). */
export async function readBody(req: IncomingMessage, max: number, what = 'the body'): Promise<Buffer> {
  checkDeclaredLength(req, max, what);
  const parts: Buffer[] = [];
  let n = 0;
  await readChunks(req, (chunk) => {
    n += chunk.length;
    if (n > max) throw tooLarge(max, what);
    parts.push(chunk);
    return undefined;
  });
  return Buffer.concat(parts);
}

/** How many first bytes an upload's format is told from (as detectFormat reads from a file). */
export const HEAD_BYTES = 64 * 1024;

function write(out: WriteStream, b: Buffer): Promise<void> | undefined {
  if (out.write(b)) return undefined;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => reject(e);
    out.once('error', fail);
    out.once('drain', () => {
      out.off('error', fail);
      resolve();
    });
  });
}

export interface BodyToFileOptions {
  /** Named in messages (default "the upload"). */
  readonly what?: string;
  /**
   * Judges the first HEAD_BYTES (or the whole body, when shorter) before any of it is stored:
   * throwing a RequestError refuses the upload then.
   */
  readonly head?: (head: Uint8Array) => void;
}

/**
 * Stream the body into a new file, at most `max` bytes: a declared length over it is refused
 * before a byte is read, a chunked body when it passes it; a cut-off upload is a 400. On any
 * error the file may hold part of the body: the caller removes it.
 */
export async function bodyToFile(
  req: IncomingMessage,
  file: string,
  max: number,
  options: BodyToFileOptions = {},
): Promise<void> {
  const what = options.what ?? 'the upload';
  checkDeclaredLength(req, max, what);
  let head: Buffer[] | null = options.head ? [] : null;
  let headBytes = 0;
  const out = createWriteStream(file, { flags: 'wx' });
  // A write error (a full disk) may come while no write waits on it: keep it for the next chunk.
  let failed: Error | null = null;
  out.on('error', (e) => {
    failed = e;
  });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  const judge = (): Buffer => {
    const h = Buffer.concat(head ?? []);
    head = null;
    options.head?.(h);
    return h;
  };
  let n = 0;
  try {
    await opened;
    await readChunks(req, (chunk) => {
      if (failed) throw failed;
      n += chunk.length;
      if (n > max) throw tooLarge(max, what);
      if (head) {
        head.push(chunk);
        headBytes += chunk.length;
        return headBytes < HEAD_BYTES ? undefined : write(out, judge());
      }
      return write(out, chunk);
    });
    if (head) await write(out, judge());
    await new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      out.once('error', reject);
      out.end(() => resolve());
    });
  } catch (e) {
    out.destroy();
    throw e;
  }
}
