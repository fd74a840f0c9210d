import type { SessionSummary } from '../../../shared/library';

/* Sorting, filtering and describing the library's rows. Pure: tested under Node. */

export type SortKey = 'title' | 'source' | 'startedAt' | 'durationMs' | 'sizeBytes' | 'state';
export interface Sort {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: Sort = { key: 'startedAt', dir: 'desc' };

export function sourceLabel(s: SessionSummary): string {
  if (s.origin?.type === 'import') return `Import (${s.origin.format}): ${s.origin.file}`;
  return s.source?.label ?? 'No source';
}

export function stateLabel(s: SessionSummary): string {
  switch (s.state) {
    case 'complete':
      return 'saved';
    case 'recording':
      return 'recording';
    case 'interrupted':
      return 'interrupted';
    case 'unreadable':
      return 'damaged';
  }
}

/** One line under a row's state: why it does not open, what is kept beside it, what to know. */
export interface RowNote {
  readonly kind: 'error' | 'warning';
  readonly text: string;
}

/**
 * What a row says beyond its state: why the file does not open, a recording that stopped on
 * a write error (with the file), the files kept beside it and why, then the warnings (a
 * damaged batch with its time range...), at most `max` of them.
 */
export function rowNotes(s: SessionSummary, stoppedError: string | null, max = 2): RowNote[] {
  const notes: RowNote[] = [];
  if (s.error) notes.push({ kind: 'error', text: s.error });
  if (stoppedError) notes.push({ kind: 'error', text: `recording stopped: ${stoppedError}` });
  for (const k of s.kept) notes.push({ kind: 'warning', text: `${k.reason} (${k.file})` });
  const shown = s.warnings.slice(0, max);
  for (const w of shown) notes.push({ kind: 'warning', text: w });
  if (s.warnings.length > shown.length)
    notes.push({ kind: 'warning', text: `and ${s.warnings.length - shown.length} more (hover the state)` });
  return notes;
}

/** A session with something wrong with its files may be moved out of the library (not while recording). */
export function canQuarantine(s: SessionSummary): boolean {
  return s.state !== 'recording' && (s.state === 'unreadable' || s.kept.length > 0 || s.warnings.length > 0);
}

/**
 * Every whitespace-separated word must match the title, source, a tag, the notes or the state;
 * "tag:x" matches a tag exactly.
 */
export function matches(s: SessionSummary, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [s.title, sourceLabel(s), s.notes, stateLabel(s), s.id, ...s.tags].join('\n').toLowerCase();
  return words.every((w) =>
    w.startsWith('tag:') ? s.tags.some((t) => t.toLowerCase() === w.slice(4)) : hay.includes(w),
  );
}

function value(s: SessionSummary, key: SortKey): string | number {
  switch (key) {
    case 'title':
      return (s.title || s.id).toLowerCase();
    case 'source':
      return sourceLabel(s).toLowerCase();
    case 'state':
      return stateLabel(s);
    default:
      return s[key];
  }
}

export function sortSessions(list: readonly SessionSummary[], sort: Sort): SessionSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Clicking a column: sort by it (numbers and dates newest/largest first), or flip its direction. */
export function toggleSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'title' || key === 'source' || key === 'state' ? 'asc' : 'desc' };
}

/** "a, b,  c" -> ["a", "b", "c"], without empties or repeats. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** Why a delete was refused, in words (409: the session is being recorded). */
export function deleteError(status: number, message: string): string {
  if (status === 409)
    return 'This session is being recorded now. Switch recording off (header) or wait until the session ends, then delete it.';
  if (status === 404) return 'This session is no longer in the library (deleted elsewhere?).';
  return message;
}

export function formatStart(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
