import { describe, expect, it } from 'vitest';
import { deleteError, matches, parseTags, sortSessions, toggleSort } from '../../src/renderer/src/library/model';
import { parseRoute, routeForOpen, routeHash } from '../../src/renderer/src/router/route';
import type { SessionSummary } from '../../src/shared/library';

describe('routes', () => {
  it.each([
    ['', { view: 'live' }],
    ['#bandwidth', { view: 'live' }],
    ['#/library', { view: 'library' }],
    ['#/library/totals', { view: 'totals' }],
    ['#/replay/run%20a', { view: 'replay', id: 'run a' }],
    ['#/compare/a,b', { view: 'compare', ids: ['a', 'b'] }],
    ['#/compare/a', { view: 'library' }],
    ['#/compare/a,b,c,d,e', { view: 'library' }],
    ['#/groups', { view: 'groups', a: [], b: [] }],
    ['#/groups/a1,a2,a3/vs/b1,b2', { view: 'groups', a: ['a1', 'a2', 'a3'], b: ['b1', 'b2'] }],
    ['#/groups/a1/vs/', { view: 'groups', a: ['a1'], b: [] }],
    ['#/groups/a1/vs/b1?span=common', { view: 'groups', a: ['a1'], b: ['b1'], span: 'common' }],
    ['#/groups/a1/vs/b1?span=full', { view: 'groups', a: ['a1'], b: ['b1'] }],
    ['#/groups/a1/vs/b1?span=half', { view: 'live' }],
  ])('parseRoute(%j)', (hash, want) => {
    expect(parseRoute(hash)).toEqual(want);
  });

  it('round-trips ids with odd characters through the hash', () => {
    for (const r of [
      { view: 'replay', id: 'x,y/z #1' },
      { view: 'compare', ids: ['a,1', 'b/2', 'c 3'] },
      { view: 'groups', a: ['a,1', 'a/2'], b: ['b 1'] },
      { view: 'groups', a: [], b: [] },
      { view: 'groups', a: ['a 1'], b: ['b?2'], span: 'common' },
    ] as const) {
      expect(parseRoute(routeHash(r) as string)).toEqual(r);
    }
    expect(routeHash({ view: 'live' })).toBeNull();
    // The default span stays out of the link.
    expect(routeHash({ view: 'groups', a: ['a'], b: ['b'], span: 'full' })).toBe('#/groups/a/vs/b');
    expect(routeHash({ view: 'groups', a: ['a'], b: ['b'], span: 'common' })).toBe('#/groups/a/vs/b?span=common');
  });

  it.each([
    [['a'], { view: 'replay', id: 'a' }],
    [['a', 'b', 'c'], { view: 'compare', ids: ['a', 'b', 'c'] }],
    [[], { view: 'library' }],
    [['1', '2', '3', '4', '5'], { view: 'library' }],
  ])('routeForOpen(%j)', (ids, want) => {
    expect(routeForOpen(ids)).toEqual(want);
  });
});

function summary(p: Partial<SessionSummary> & { id: string }): SessionSummary {
  return {
    file: `${p.id}.arrow`,
    sizeBytes: 1000,
    state: 'complete',
    title: p.id,
    notes: '',
    tags: [],
    markers: [],
    source: { kind: 'engine', label: 'Embedded engine' },
    startedAt: 0,
    endedAt: 0,
    durationMs: 0,
    samples: 0,
    intervalMs: 1000,
    metrics: 99,
    origin: { type: 'recording' },
    appVersion: '0.1.0',
    warnings: [],
    error: null,
    kept: [],
    ...p,
  };
}

describe('library model', () => {
  const list = [
    summary({ id: 'a', title: 'Baseline run', tags: ['main'], startedAt: 3, sizeBytes: 10 }),
    summary({ id: 'b', title: 'new choker', tags: ['exp', 'choker'], startedAt: 1, sizeBytes: 30, notes: 'uTP only' }),
    summary({ id: 'c', title: 'broken', state: 'unreadable', error: 'cut off', startedAt: 2, sizeBytes: 20 }),
  ];

  it.each([
    ['', ['a', 'b', 'c']],
    ['run', ['a']],
    ['tag:exp', ['b']],
    ['tag:ex', []],
    ['utp choker', ['b']],
    ['BASELINE', ['a']],
  ])('filter %j', (filter, ids) => {
    expect(list.filter((s) => matches(s, filter)).map((s) => s.id)).toEqual(ids);
  });

  it('sorts by a column and flips direction on a second click', () => {
    expect(sortSessions(list, { key: 'startedAt', dir: 'desc' }).map((s) => s.id)).toEqual(['a', 'c', 'b']);
    expect(sortSessions(list, { key: 'sizeBytes', dir: 'asc' }).map((s) => s.id)).toEqual(['a', 'c', 'b']);
    expect(sortSessions(list, { key: 'title', dir: 'asc' }).map((s) => s.id)).toEqual(['a', 'c', 'b']);
    expect(toggleSort({ key: 'title', dir: 'asc' }, 'title')).toEqual({ key: 'title', dir: 'desc' });
    expect(toggleSort({ key: 'title', dir: 'asc' }, 'sizeBytes')).toEqual({ key: 'sizeBytes', dir: 'desc' });
  });

  it('parses tags and explains a refused delete', () => {
    expect(parseTags(' a, b,,a ,c ')).toEqual(['a', 'b', 'c']);
    expect(deleteError(409, 'x')).toMatch(/being recorded/);
    expect(deleteError(500, 'disk on fire')).toBe('disk on fire');
  });
});
