import { describe, expect, it } from 'vitest';
import { explainAddError, magnetProblem } from '../../src/shared/torrent-input';

describe('magnetProblem', () => {
  it.each([
    ['magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x', null],
    ['magnet:?xt=urn:btih:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', null],
    ['magnet:?dn=only-a-name', /no “xt=urn:btih/],
    ['magnet:?xt=urn:btih:1234', /not 40 hex or 32 base32/],
    ['not a link', /starts with “magnet:\?”/],
    ['https://example.org/a.torrent', /download the file/],
  ])('%s', (input, want) => {
    const got = magnetProblem(input);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
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
