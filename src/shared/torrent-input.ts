/*
 * What a user adds as a torrent, checked before it is sent (and again on the host), and the
 * engine's refusals put in words that say what a valid one looks like (not a parser's
 * internals such as "Missing delimiter ':' [0x3a]").
 */

export const MAGNET_EXAMPLE = 'magnet:?xt=urn:btih:<40 hex or 32 base32 chars>';

/** What the add box holds: a magnet link, an http(s) link to a .torrent, or something else. */
export function inputKind(input: string): 'magnet' | 'url' | 'other' {
  const m = input.trim();
  if (/^magnet:\?/i.test(m)) return 'magnet';
  if (/^https?:\/\/\S+$/i.test(m)) return 'url';
  return 'other';
}

/** Why the add box's text cannot be added (a magnet link or an http(s) .torrent link), or null. */
export function addInputProblem(input: string): string | null {
  const kind = inputKind(input);
  if (kind === 'url') {
    try {
      new URL(input.trim());
      return null;
    } catch {
      return `Not a valid link: “${input.trim().slice(0, 80)}”; expected http(s)://host/path/file.torrent`;
    }
  }
  return magnetProblem(input);
}

/** Why a magnet link cannot be added, or null when it looks valid. */
export function magnetProblem(input: string): string | null {
  const m = input.trim();
  if (!/^magnet:\?/i.test(m))
    return `Not a magnet link: expected ${MAGNET_EXAMPLE} (or an http(s) link to a .torrent file).`;
  const params = new URLSearchParams(m.slice(m.indexOf('?') + 1));
  const xts = params.getAll('xt');
  if (xts.length === 0) return `Not a magnet link: it has no info hash; expected ${MAGNET_EXAMPLE}.`;
  const ok = xts.some(
    (xt) => /^urn:btih:(?:[0-9a-f]{40}|[a-z2-7]{32})$/i.test(xt) || /^urn:btmh:1220[0-9a-f]{64}$/i.test(xt),
  );
  if (!ok)
    return `Not a magnet link: its info hash “${xts[0]?.slice(0, 80)}” is not 40 hex or 32 base32 chars; expected ${MAGNET_EXAMPLE}.`;
  return null;
}

class Bad extends Error {}

const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;

/** The end of the bencoded value at `i`; throws Bad with the plain-words reason. Keys of dicts seen go to `keys`. */
function skip(b: Uint8Array, i: number, depth: number, keys?: Map<string, [number, number]>): number {
  if (depth > 64) throw new Bad('it nests deeper than any .torrent does');
  if (i >= b.length) throw new Bad(`it ends early, after ${b.length} bytes: the file is cut short`);
  const c = b[i] as number;
  if (c === 0x69 /* i */) {
    const e = b.indexOf(0x65, i + 1);
    if (e < 0) throw new Bad(`it ends early, after ${b.length} bytes: the file is cut short`);
    return e + 1;
  }
  if (c === 0x6c /* l */ || c === 0x64 /* d */) {
    let j = i + 1;
    while (j < b.length && b[j] !== 0x65) {
      if (c === 0x64) {
        const kStart = j;
        j = skip(b, j, depth + 1);
        const key = keyText(b, kStart, j);
        const vStart = j;
        j = skip(b, j, depth + 1);
        keys?.set(key, [vStart, j]);
      } else j = skip(b, j, depth + 1);
    }
    if (j >= b.length) throw new Bad(`it ends early, after ${b.length} bytes: the file is cut short`);
    return j + 1;
  }
  if (c >= ZERO && c <= NINE) {
    const colon = b.indexOf(COLON, i);
    if (colon < 0 || colon - i > 12) throw new Bad(`byte ${i} starts a text without its length: the file is damaged`);
    const len = Number(new TextDecoder().decode(b.subarray(i, colon)));
    if (!Number.isInteger(len)) throw new Bad(`byte ${i} starts a text without its length: the file is damaged`);
    if (colon + 1 + len > b.length) throw new Bad(`it ends early, after ${b.length} bytes: the file is cut short`);
    return colon + 1 + len;
  }
  throw new Bad(`byte ${i} is not part of a .torrent's structure: the file is damaged`);
}

function keyText(b: Uint8Array, start: number, end: number): string {
  const colon = b.indexOf(COLON, start);
  return colon < 0 || colon >= end ? '' : new TextDecoder().decode(b.subarray(colon + 1, end));
}

/**
 * Why these bytes are not a .torrent file, in plain words, or null when they are one: a web
 * page, a magnet link saved as a file, a cut-short download, a file without its "info" part.
 */
export function torrentFileProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'it is empty';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<'))
    return 'it is a web page (HTML), not a .torrent: the link may lead to a download page or need a login';
  if (head.startsWith('{') || head.startsWith('['))
    return 'it is JSON text, not a .torrent (a .torrent is bencoded metadata starting with “d”)';
  if (head.startsWith('magnet:')) return 'it holds a magnet link, not a .torrent: paste the link into the box instead';
  if (bytes[0] !== 0x64)
    return 'it is not a .torrent: a .torrent is bencoded metadata (it starts with “d8:announce” or “d4:info”)';
  const keys = new Map<string, [number, number]>();
  try {
    skip(bytes, 0, 0, keys);
    const info = keys.get('info');
    if (!info) return 'it has no “info” part (the list of files and piece hashes)';
    if (bytes[info[0]] !== 0x64) return 'its “info” part is not a dictionary: the file is damaged';
    const inner = new Map<string, [number, number]>();
    skip(bytes, info[0], 1, inner);
    if (!inner.has('pieces') && !inner.has('file tree')) return 'its “info” part has no piece hashes';
    if (!inner.has('name')) return 'its “info” part has no name';
    if (!inner.has('length') && !inner.has('files') && !inner.has('file tree'))
      return 'its “info” part lists no files and no length';
  } catch (e) {
    if (e instanceof Bad) return e.message;
    throw e;
  }
  return null;
}

/** The engine's refusal of an added torrent, said for a person (a readable refusal is kept as it is). */
export function explainAddError(message: string, what: 'magnet' | 'file' | 'url' | 'unknown'): string {
  if (/invalid torrent identifier/i.test(message))
    return what === 'file'
      ? 'This is not a valid .torrent file: a .torrent is bencoded metadata (it starts with “d8:announce” or “d4:info”).'
      : `The engine did not accept this magnet link; expected ${MAGNET_EXAMPLE}.`;
  if (/delimiter|\[0x[0-9a-f]+\]|bencod|unexpected end|invalid data/i.test(message))
    return 'This is not a valid .torrent file: a .torrent is bencoded metadata (it starts with “d8:announce” or “d4:info”).';
  return message;
}
