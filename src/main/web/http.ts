import { createWriteStream } from 'node:fs';
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
function checkDeclaredLength(req: IncomingMessage, max: number, what: string): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw tooLarge(max, what);
}

/** The whole body, at most `max` bytes (a larger one is a 413, and nothing more of it is kept). */
export async function readBody(req: IncomingMessage, max: number, what = 'the body'): Promise<Buffer> {
  checkDeclaredLength(req, max, what);
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > max) throw tooLarge(max, what);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/** Stream the body into a new file, at most `max` bytes; a cut-off upload is a 400. */
export async function bodyToFile(req: IncomingMessage, file: string, max: number, what = 'the upload'): Promise<void> {
  checkDeclaredLength(req, max, what);
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx' });
    let n = 0;
    const stop = (e: Error) => {
      req.unpipe(out);
      out.destroy();
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > max) stop(tooLarge(max, what));
    });
    req.on('error', stop);
    req.on('close', () => {
      if (!req.complete) stop(new RequestError(400, 'the upload was cut off'));
    });
    out.on('error', reject);
    out.on('finish', resolve);
    req.pipe(out);
  });
}
