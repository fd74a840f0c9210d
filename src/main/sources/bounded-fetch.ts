import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { fetchAllowList, publicAddress } from './public-address';

/*
 * One bounded GET for a link a user gave (a .torrent link in the add box, a magnet's xs=):
 * public addresses only (public-address.ts), each redirect checked again, at most
 * `maxRedirects` of them, the body read as a stream and given up past `maxBytes` (declared or
 * read) or when `signal` aborts. fetch() cannot pin the checked address for the connection,
 * so this speaks node:http with a lookup that answers the address already checked.
 */

export interface BoundedFetchOptions {
  readonly maxBytes: number;
  readonly maxRedirects?: number;
  readonly signal: AbortSignal;
  /** Addresses or host names allowed although private (default: TIDEGAUGE_FETCH_ALLOW). */
  readonly allow?: readonly string[];
  readonly accept?: string;
}

export interface Fetched {
  readonly bytes: Uint8Array;
  /** Where the body came from after redirects. */
  readonly url: string;
}

function sizeText(n: number): string {
  return n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${n} bytes`;
}

async function get(url: URL, opts: BoundedFetchOptions): Promise<IncomingMessage> {
  const pinned = await publicAddress(url.hostname, opts.allow ?? fetchAllowList()).catch((e: Error) => {
    throw new Error(`was not fetched: ${e.message}`);
  });
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      lookup,
      signal: opts.signal,
      headers: { accept: opts.accept ?? '*/*', 'user-agent': 'tidegauge' },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** The body at `url`; each refusal says what happened in words (too large, HTTP status, redirects, address). */
export async function boundedFetch(url: string, opts: BoundedFetchOptions): Promise<Fetched> {
  const maxRedirects = opts.maxRedirects ?? 3;
  let at: URL;
  try {
    at = new URL(url);
  } catch {
    throw new Error('is not a valid link');
  }
  for (let hop = 0; ; hop++) {
    if (at.protocol !== 'http:' && at.protocol !== 'https:') throw new Error(`leads to ${at.protocol} (only http(s))`);
    const res = await get(at, opts);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.destroy();
      if (hop >= maxRedirects) throw new Error(`redirected more than ${maxRedirects} times`);
      at = new URL(res.headers.location, at);
      continue;
    }
    if (status !== 200) {
      res.destroy();
      throw new Error(`answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
    }
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > opts.maxBytes) {
      res.destroy();
      throw new Error(`answered ${sizeText(declared)}, more than the ${sizeText(opts.maxBytes)} a .torrent may be`);
    }
    const parts: Buffer[] = [];
    let n = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > opts.maxBytes) {
        res.destroy();
        throw new Error(`answered more than the ${sizeText(opts.maxBytes)} a .torrent may be`);
      }
      parts.push(chunk);
    }
    return { bytes: new Uint8Array(Buffer.concat(parts, n)), url: at.href };
  }
}
