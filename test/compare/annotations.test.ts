import { describe, expect, it } from 'vitest';
import { buildAnnotations } from '../../src/shared/annotations';
import { alignAnnotations, mergeAnnotations } from '../../src/shared/compare/annotations';
import { sessionEvent } from '../../src/shared/session/events';

const A = { color: 'var(--series-1)', title: 'Run A' };
const B = { color: 'var(--series-2)', title: 'Run B' };

describe('alignAnnotations', () => {
  it("moves lines and bands by the session's origin and says whose they are", () => {
    const a = buildAnnotations(
      [
        sessionEvent(1_008_000, 'diagnostics-on', 'diagnostics switched on'),
        sessionEvent(1_020_000, 'outage-start', 'source unreachable: down'),
        sessionEvent(1_030_000, 'outage-end', 'source unreachable: up'),
      ],
      [{ name: 'm', t: 1_035_000 }],
      { start: 1_000_000, end: 1_060_000 },
    );
    const s = alignAnnotations(a, 1_000_000, A);
    expect(s.lines.map((l) => [l.t, l.kind, l.title, l.who])).toEqual([
      [8_000, 'diagnostics', 'Run A: diagnostics switched on', A],
      [35_000, 'marker', 'Run A: Marker: m', A],
    ]);
    expect(s.bands.map((b) => [b.from, b.to, b.label, b.who])).toEqual([[20_000, 30_000, 'source unreachable', A]]);
    expect(s.bands[0]?.title).toBe('Run A: source unreachable: down\nsource unreachable: up');
  });

  it('merges several sessions in time order, each keeping its owner', () => {
    const a = alignAnnotations(buildAnnotations([], [{ name: 'a', t: 50 }], { start: 0, end: 100 }), 0, A);
    const b = alignAnnotations(buildAnnotations([], [{ name: 'b', t: 1_030 }], { start: 1_000, end: 1_100 }), 1_000, B);
    expect(mergeAnnotations([a, b]).lines.map((l) => [l.t, l.who?.title])).toEqual([
      [30, 'Run B'],
      [50, 'Run A'],
    ]);
  });
});
