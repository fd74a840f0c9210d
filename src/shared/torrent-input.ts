/*
 * What a user adds as a torrent, checked before it is sent, and the engine's refusals put in
 * words that say what a valid one looks like (not a parser's internals such as
 * "Missing delimiter ':' [0x3a]").
 */

export const MAGNET_EXAMPLE = 'magnet:?xt=urn:btih:<40 hex or 32 base32 characters>&dn=<name>';

/** Why a magnet link cannot be added, or null when it looks valid. */
export function magnetProblem(input: string): string | null {
  const m = input.trim();
  if (/^https?:\/\//i.test(m))
    return 'Links to .torrent files cannot be added here yet: download the file and open or drop it.';
  if (!/^magnet:\?/i.test(m)) return `A magnet link starts with “magnet:?”, e.g. ${MAGNET_EXAMPLE}.`;
  const params = new URLSearchParams(m.slice(m.indexOf('?') + 1));
  const xts = params.getAll('xt');
  if (xts.length === 0)
    return `This magnet link has no “xt=urn:btih:…” (its info hash). A valid one: ${MAGNET_EXAMPLE}.`;
  const ok = xts.some(
    (xt) => /^urn:btih:(?:[0-9a-f]{40}|[a-z2-7]{32})$/i.test(xt) || /^urn:btmh:1220[0-9a-f]{64}$/i.test(xt),
  );
  if (!ok)
    return `This magnet link's info hash “${xts[0]}” is not 40 hex or 32 base32 characters. A valid one: ${MAGNET_EXAMPLE}.`;
  return null;
}

/** The engine's refusal of an added torrent, said for a person (a readable refusal is kept as it is). */
export function explainAddError(message: string, what: 'magnet' | 'file' | 'unknown'): string {
  if (/invalid torrent identifier/i.test(message))
    return `The engine did not accept this magnet link. A valid one: ${MAGNET_EXAMPLE}.`;
  if (what === 'file' && /delimiter|\[0x[0-9a-f]+\]|bencod|unexpected end|invalid data/i.test(message))
    return 'This is not a valid .torrent file: a .torrent is bencoded metadata (it starts with “d8:announce” or “d4:info”), as a tracker or a client saves it.';
  return message;
}
