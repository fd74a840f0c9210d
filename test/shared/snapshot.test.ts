import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../../src/shared/snapshot';

describe('snapshot codec', () => {
  it('round-trips a snapshot in a few hundred bytes per 99 metrics', () => {
    const values = Float64Array.from({ length: 99 }, (_, i) => i * 1000 + 0.5);
    const rates = Float64Array.from({ length: 99 }, (_, i) => -i);
    const buf = encodeSnapshot({ seq: 42, t: 1_700_000_000_123, diagnostics: true, values, rates });
    expect(buf.byteLength).toBe((4 + 198) * 8);
    const s = decodeSnapshot(buf, 99);
    expect(s.seq).toBe(42);
    expect(s.t).toBe(1_700_000_000_123);
    expect(s.diagnostics).toBe(true);
    expect(Array.from(s.values)).toEqual(Array.from(values));
    expect(Array.from(s.rates)).toEqual(Array.from(rates));
  });

  it('rejects frames that are cut short or belong to another registry', () => {
    const buf = encodeSnapshot({
      seq: 0,
      t: 0,
      diagnostics: false,
      values: new Float64Array(3),
      rates: new Float64Array(3),
    });
    expect(() => decodeSnapshot(buf.slice(0, 20))).toThrow(/not a whole number of doubles/);
    expect(() => decodeSnapshot(buf.slice(0, buf.byteLength - 8))).toThrow(/declares 3 metrics/);
    expect(() => decodeSnapshot(buf, 99)).toThrow(/has 3 metrics, the stream's registry has 99/);
  });
});
