import { describe, expect, it } from 'vitest';
import { annotationsIn, buildAnnotations } from '../../src/shared/annotations';
import { sessionEvent } from '../../src/shared/session/events';

const span = { start: 0, end: 100_000 };

describe('buildAnnotations', () => {
  it('pairs each outage end with the open start of its cause, overlapping causes apart', () => {
    const a = buildAnnotations(
      [
        sessionEvent(10_000, 'outage-start', 'source unreachable: x is unreachable'),
        sessionEvent(12_000, 'outage-start', 'no connections: no peer connected'),
        sessionEvent(20_000, 'outage-end', 'source unreachable: x is live again after 10 s'),
        sessionEvent(30_000, 'outage-end', 'no connections: 2 connected again after 18 s'),
      ],
      [],
      span,
    );
    expect(a.bands.map((b) => [b.label, b.from, b.to, b.open])).toEqual([
      ['source unreachable', 10_000, 20_000, false],
      ['no connections', 12_000, 30_000, false],
    ]);
    expect(a.lines).toEqual([]);
  });

  it('an outage still open ends at the span end; an end without its start begins at the span start', () => {
    const a = buildAnnotations(
      [
        sessionEvent(5_000, 'outage-end', 'source unreachable: live again'),
        sessionEvent(60_000, 'outage-start', 'source unreachable: down'),
      ],
      [],
      span,
    );
    expect(a.bands.map((b) => [b.from, b.to, b.open])).toEqual([
      [0, 5_000, false],
      [60_000, 100_000, true],
    ]);
  });

  it('markers, alerts, switches are lines in time order with short labels and the whole text as title', () => {
    const a = buildAnnotations(
      [
        sessionEvent(40_000, 'alert', 'tracker_error: announce failed'),
        sessionEvent(20_000, 'diagnostics-on', 'diagnostics switched on'),
        sessionEvent(50_000, 'source', 'switched to Tidegauge at tidegauge://h:7420'),
      ],
      [{ name: 'changed choker', t: 30_000 }],
      span,
    );
    expect(a.lines.map((l) => [l.t, l.kind, l.label])).toEqual([
      [20_000, 'diagnostics', 'diag on'],
      [30_000, 'marker', 'changed choker'],
      [40_000, 'alert', 'alert'],
      [50_000, 'source', 'source'],
    ]);
    expect(a.lines[2]?.title).toBe('tracker_error: announce failed');
  });

  it('a window shows its lines and the bands cut to it', () => {
    const a = buildAnnotations(
      [sessionEvent(10_000, 'outage-start', 'no connections: none'), sessionEvent(90_000, 'alert', 'late')],
      [],
      span,
    );
    const w = annotationsIn(a, 50_000, 80_000);
    expect(w.lines).toEqual([]);
    expect(w.bands.map((b) => [b.from, b.to])).toEqual([[50_000, 80_000]]);
  });
});
