import { describe, expect, it } from 'vitest';
import { addInputProblem, explainAddError, magnetProblem, torrentFileProblem } from '../../src/shared/torrent-input';

describe('magnetProblem', () => {
  it.each([
    ['magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x', null],
    ['magnet:?xt=urn:btih:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', null],
    ['magnet:?dn=only-a-name', /^Not a magnet link: it has no info hash; expected magnet:\?xt=urn:btih:</],
    [
      'magnet:?xt=urn:btih:1234',
      /^Not a magnet link: its info hash “urn:btih:1234” is not 40 hex or 32 base32 chars; expected magnet:\?xt=urn:btih:<40 hex or 32 base32 chars>/,
    ],
    ['not a link', /^Not a magnet link: expected magnet:\?xt=urn:btih:<40 hex or 32 base32 chars>/],
  ])('%s', (input, want) => {
    const got = magnetProblem(input);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe('addInputProblem', () => {
  it('takes http(s) links to a .torrent as well as magnet links', () => {
    expect(addInputProblem('https://example.org/a.torrent')).toBeNull();
    expect(addInputProblem('http://example.org/dl?id=3')).toBeNull();
    expect(addInputProblem('ftp://example.org/a.torrent')).toMatch(/^Not a magnet link/);
    expect(addInputProblem('magnet:?xt=urn:btih:zz')).toMatch(/not 40 hex/);
  });
});

const enc = (s: string) => new TextEncoder().encode(s);
const GOOD = 'd8:announce9:http://x/4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee';

describe('torrentFileProblem', () => {
  it.each([
    [GOOD, null],
    ['', /^it is empty$/],
    ['<!DOCTYPE html><html>', /web page \(HTML\)/],
    ['{"error":"nope"}', /JSON text/],
    ['magnet:?xt=urn:btih:abc', /holds a magnet link/],
    ['hello', /not a \.torrent: a \.torrent is bencoded metadata/],
    [GOOD.slice(0, 40), /^it ends early, after 40 bytes: the file is cut short$/],
    ['d4:infoi42ee', /“info” part is not a dictionary/],
    ['d8:announce3:abce', /no “info” part/],
    ['d4:infod4:name1:aee', /no piece hashes/],
    ['d4:infod4:name1:a6:pieces0:ee', /lists no files and no length/],
    ['d4:info5xe', /byte 7 starts a text without its length|damaged/],
    [`${'l'.repeat(100)}`, /not a \.torrent/],
  ])('%j', (input, want) => {
    const got = torrentFileProblem(enc(input));
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
    // Never a parser's internals.
    expect(got ?? '').not.toMatch(/delimiter|0x3a/);
  });
  it('a deep nest is refused without overflowing the stack', () => {
    expect(torrentFileProblem(enc(`d4:info${'l'.repeat(10_000)}`))).toMatch(/nests deeper/);
  });
});

describe('explainAddError', () => {
  it('says what a valid magnet link or .torrent looks like instead of the parser internals', () => {
    expect(explainAddError('Invalid torrent identifier', 'magnet')).toMatch(/magnet:\?xt=urn:btih:/);
    const file = explainAddError("Missing delimiter ':' [0x3a]", 'file');
    expect(file).toMatch(/not a valid \.torrent file/);
    expect(file).not.toMatch(/0x3a/);
    expect(explainAddError('disk full', 'unknown')).toBe('disk full');
  });
});
