import { describe, expect, it } from 'vitest';
import type { TorrentInfo } from '../../src/shared/api';
import {
  clickRow,
  moveFocus,
  NO_SELECTION,
  pruneSelection,
  selectAll,
  toggleFocused,
} from '../../src/shared/torrent-selection';
import { cellOf, nextSort, sortTorrents } from '../../src/shared/torrent-table';

const row = (infoHash: string, over: Partial<TorrentInfo> = {}): TorrentInfo => ({
  infoHash,
  name: infoHash,
  state: 'downloading',
  progress: 0.5,
  length: 1000,
  pieces: 1,
  peers: 0,
  downRate: 0,
  upRate: 0,
  eta: null,
  ratio: null,
  seeds: { connected: 0, swarm: null },
  leechers: { connected: 0, swarm: null },
  unreported: {},
  ...over,
});

const A = row('a', { name: 'Alpha', downRate: 500, eta: 30, state: 'seeding', progress: 1 });
const B = row('b', { name: 'beta', downRate: 2000, eta: 10 });
const C = row('c', { name: 'Gamma', downRate: null, eta: null, unreported: { downRate: 'no rate here' } });
const D = row('d', { name: 'delta', downRate: 100, eta: null, state: 'paused' });
const ALL = [C, A, D, B];
const names = (rows: TorrentInfo[]) => rows.map((r) => r.infoHash).join('');

describe('sortTorrents', () => {
  it.each([
    [{ column: 'name', desc: false }, 'abdc'],
    [{ column: 'name', desc: true }, 'cdba'],
    // Unreported (C) last both ways; known values in order.
    [{ column: 'downRate', desc: true }, 'badc'],
    [{ column: 'downRate', desc: false }, 'dabc'],
    // No estimate (∞) after every finite one.
    [{ column: 'eta', desc: false }, 'badc'],
    // By state: downloading first, paused last.
    [{ column: 'state', desc: false }, 'bcad'],
  ] as const)('%j', (sort, want) => {
    expect(names(sortTorrents(ALL, sort))).toBe(want);
  });

  it('a header click flips its own direction; another column starts in its natural one', () => {
    expect(nextSort({ column: 'name', desc: false }, 'name')).toEqual({ column: 'name', desc: true });
    expect(nextSort({ column: 'name', desc: false }, 'downRate')).toEqual({ column: 'downRate', desc: true });
    expect(nextSort({ column: 'downRate', desc: true }, 'eta')).toEqual({ column: 'eta', desc: false });
  });
});

describe('cellOf', () => {
  it('unreported is "—" with the reason; known-undefined is ∞; done reads done', () => {
    expect(cellOf(C, 'downRate')).toEqual({
      text: '—',
      title: 'Not reported by this source: no rate here',
      unreported: true,
    });
    expect(cellOf(B, 'eta').text).toBe('10 s');
    expect(cellOf(row('x', { eta: null }), 'eta').text).toBe('∞');
    expect(cellOf(A, 'eta').text).toBe('done');
    expect(cellOf(row('x', { ratio: null }), 'ratio').text).toBe('∞');
    expect(cellOf(row('x', { seeds: { connected: 3, swarm: 12 } }), 'seeds').text).toBe('3 (12)');
    expect(cellOf(row('x', { seeds: null, unreported: { seeds: 'n/a' } }), 'seeds').text).toBe('—');
    expect(cellOf(B, 'downRate').text).toBe('2.0 KiB/s');
    expect(cellOf(row('x', { progress: 0.9999 }), 'progress').text).toBe('99.9%');
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  it('click, Ctrl-click and Shift-click as a file list does', () => {
    let s = clickRow(NO_SELECTION, order, 'b');
    expect(s.selected).toEqual(['b']);
    s = clickRow(s, order, 'd', { ctrl: true });
    expect(s.selected).toEqual(['b', 'd']);
    s = clickRow(s, order, 'b', { ctrl: true });
    expect(s.selected).toEqual(['d']);
    // Shift: from the anchor (the last plain or Ctrl click) to here.
    s = clickRow(s, order, 'a', { shift: true });
    expect([...s.selected].sort()).toEqual(['a', 'b']);
    s = clickRow(s, order, 'e', { shift: true });
    expect([...s.selected].sort()).toEqual(['b', 'c', 'd', 'e']);
    s = clickRow(s, order, 'c');
    expect(s.selected).toEqual(['c']);
    expect(clickRow(s, order, 'zz')).toBe(s);
  });

  it('arrows move, Shift+arrows extend, Ctrl+arrows move the focus only, Space toggles', () => {
    let s = moveFocus(NO_SELECTION, order, 1);
    expect(s).toEqual({ selected: ['a'], anchor: 'a', focus: 'a' });
    s = moveFocus(s, order, 1);
    expect(s.selected).toEqual(['b']);
    s = moveFocus(s, order, 1, { shift: true });
    s = moveFocus(s, order, 1, { shift: true });
    expect(s.selected).toEqual(['b', 'c', 'd']);
    s = moveFocus(s, order, -1, { shift: true });
    expect(s.selected).toEqual(['b', 'c']);
    s = moveFocus(s, order, 1, { ctrl: true });
    s = moveFocus(s, order, 1, { ctrl: true });
    expect(s.focus).toBe('e');
    expect(s.selected).toEqual(['b', 'c']);
    s = toggleFocused(s, order);
    expect(s.selected).toEqual(['b', 'c', 'e']);
    s = toggleFocused(s, order);
    expect(s.selected).toEqual(['b', 'c']);
    expect(moveFocus(s, order, 99).focus).toBe('e');
    expect(moveFocus(s, order, Number.NEGATIVE_INFINITY).selected).toEqual(['a']);
    expect(moveFocus(s, order, Number.POSITIVE_INFINITY).selected).toEqual(['e']);
    expect(moveFocus(NO_SELECTION, order, -1).focus).toBe('e');
    expect(moveFocus(s, [], 1)).toBe(s);
  });

  it('select all, and rows that went away leave the selection', () => {
    const s = selectAll(order, NO_SELECTION);
    expect(s.selected).toEqual(order);
    const p = pruneSelection({ selected: ['a', 'c'], anchor: 'c', focus: 'c' }, ['a', 'b']);
    expect(p).toEqual({ selected: ['a'], anchor: null, focus: null });
    const same = { selected: ['a'], anchor: 'a', focus: 'a' };
    expect(pruneSelection(same, order)).toBe(same);
  });
});
