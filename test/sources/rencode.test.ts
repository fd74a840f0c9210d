import { describe, expect, it } from 'vitest';
import { type RValue, rdecode, rencode } from '../../src/main/sources/deluge/rencode';

// Made by Debian's python3-rencode (the codec deluged 2.0.3 uses): rencode.dumps(value), as hex.
const PYTHON: readonly string[] = [
  '00',
  '2b',
  '3e2c',
  '46',
  '65',
  '3edf',
  '3e7f',
  '3e80',
  '3f012c',
  '40ffff63c0',
  '410000000080000000',
  '410000010000000000',
  '3d313138303539313632303731373431313330333432347f',
  '83616263',
  '37303a78787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878',
  'c301028161',
  '3b000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b3e2c3e2d3e2e3e2f3e303e313e323e333e343e353e363e373e383e393e3a3e3b3e3c3e3d3e3e3e3f3e403e413e423e433e443e457f',
  '688161018162c3454344',
  '3c8130008131018132028133038134048135058136068137078138088139098231300a8231310b8231320c8231330d8231340e8231350f823136108231371182313812823139138232301482323115823232168232331782323418823235198232361a8232371b8232381c8232391d7f',
];
const VALUES: readonly RValue[] = [
  0,
  43,
  44,
  -1,
  -32,
  -33,
  127,
  -128,
  300,
  -40000,
  2 ** 31,
  2 ** 40,
  2n ** 70n,
  'abc',
  'x'.repeat(70),
  [1, 2, 'a'],
  Array.from({ length: 70 }, (_, i) => i),
  { a: 1, b: [null, true, false] },
  Object.fromEntries(Array.from({ length: 30 }, (_, i) => [String(i), i])),
];

describe('rencode, as deluged speaks it', () => {
  it('encodes each value to the bytes Python made, and decodes them back', () => {
    VALUES.forEach((v, i) => {
      const hex = PYTHON[i] as string;
      expect(Buffer.from(rencode(v)).toString('hex'), String(i)).toBe(hex);
      expect(rdecode(Uint8Array.from(Buffer.from(hex, 'hex'))), String(i)).toEqual(v);
    });
  });

  it('decodes Python’s 32-bit float, and says where a message is cut short', () => {
    expect(rdecode(Uint8Array.from(Buffer.from('423fc00000', 'hex')))).toBe(1.5);
    expect(() =>
      rdecode(
        Uint8Array.from(
          Buffer.from(
            '37303a78787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878'.slice(
              0,
              40,
            ),
            'hex',
          ),
        ),
      ),
    ).toThrow(/message ends at byte/);
  });
});
