import { ColumnBuilder, type SessionData } from './data';
import { mergeEvents, type SessionEvent } from './events';
import { MAX_TIME_MS } from './meta';
import { type DecodedWal, decodeWal, salvageWal, type WalInfo, type WalRow, walContinuation } from './wal';

/*
 * Folding a journal (<id>.wal) into the session it sits beside: which of its samples continue
 * the file, and whether the journal can go once they are written, or must be kept because it
 * holds something that was not folded (damaged frames, another session's samples, a header
 * that cannot be read). The library keeps such a journal as <id>.wal.damaged with `reason`.
 */

export type JournalVerdict =
  /** Every sample it held continues the file or is already in it: the journal may be deleted. */
  | 'folded'
  /** The good frames were folded; some could not be read: keep the journal. */
  | 'damaged'
  /** Another session's journal, or one of another registry width: nothing folded, keep it. */
  | 'foreign'
  /** Not a journal at all, or no frame in it could be read: nothing folded, keep it. */
  | 'unreadable';

export interface JournalFold {
  /** The file's samples with the journal's appended (the file's alone when nothing folds). */
  readonly data: SessionData;
  /** Samples taken from the journal. */
  readonly folded: number;
  /** Events (alerts, outages...) taken from the journal that the file did not hold yet. */
  readonly foldedEvents: number;
  /** Samples the journal held that could not be recovered (damaged frames, rows missing between good ones). */
  readonly lost: number;
  /** Who wrote it (for the "is it still recording" check), when its header names this session. */
  readonly owner: WalInfo | null;
  readonly verdict: JournalVerdict;
  /** True unless verdict is 'folded': the journal must not be deleted. */
  readonly keep: boolean;
  /** Why it is kept, for the sidecar and the Library row; null when it is not. */
  readonly reason: string | null;
}

const samples = (n: number) => `${n} ${n === 1 ? 'sample' : 'samples'}`;

/** What the file side of a fold needs: its samples, and its row count from decodeSession (null if unknown). */
export interface FoldTarget {
  readonly data: SessionData;
  readonly fileRows: number | null;
}

/**
 * Fold the journal's bytes into the decoded session file. Never throws for a bad journal:
 * the verdict and reason say what happened. `name` is how the reason names the journal.
 */
export function foldJournal(file: FoldTarget, wal: Uint8Array, name = 'the journal'): JournalFold {
  const { data } = file;
  const width = data.meta.registry.length;
  const nothing = (verdict: JournalVerdict, reason: string | null, owner: WalInfo | null = null): JournalFold => ({
    data,
    folded: 0,
    foldedEvents: 0,
    lost: 0,
    owner,
    verdict,
    keep: reason !== null,
    reason,
  });
  let j: DecodedWal | null = null;
  let headerProblem: string | null = null;
  try {
    j = decodeWal(wal);
  } catch (e) {
    headerProblem = (e as Error).message;
  }
  const lastT = data.length ? (data.t[data.length - 1] as number) : Number.NEGATIVE_INFINITY;
  if (j) {
    if (j.info.id !== data.meta.id)
      return nothing(
        'foreign',
        `${name} belongs to another session (${j.info.id}); nothing folded, the journal is kept`,
      );
    if (j.width !== width)
      return nothing(
        'foreign',
        `${name} has ${j.width} metrics, the session ${width}; nothing folded, the journal is kept`,
        j.info,
      );
    return fold(file, j, walContinuation(j, file.fileRows, lastT), j.events, j.info, null, name);
  }
  if (wal.length === 0) return nothing('folded', null);
  const s = salvageWal(wal, width);
  if (!s?.rows.length && !s?.events.length)
    return nothing('unreadable', `${name} cannot be read (${headerProblem}); nothing folded, the journal is kept`);
  // Without a header to say whose it is, only frames that continue this file in rows and time fold.
  const rows = walContinuation(s, file.fileRows).filter((r) => r.t > lastT);
  const events = s.events.filter((e) => e.t > lastT);
  return fold(file, s, rows, events, null, headerProblem, name);
}

function fold(
  file: FoldTarget,
  j: Pick<DecodedWal, 'rows' | 'damaged' | 'validBytes' | 'lostFrames' | 'badEvents'>,
  candidates: WalRow[],
  walEvents: readonly SessionEvent[],
  owner: WalInfo | null,
  headerProblem: string | null,
  name: string,
): JournalFold {
  const { data, fileRows } = file;
  const rows = candidates.filter((r) => r.t >= -MAX_TIME_MS && r.t <= MAX_TIME_MS);
  const badTimes = candidates.length - rows.length;
  let lost = badTimes;
  if (rows.length) {
    // Rows are numbered through the session: a number missing between good frames is a lost sample.
    const first = fileRows ?? (rows[0] as WalRow).row;
    const span = (rows[rows.length - 1] as WalRow).row - first + 1;
    const trailing = j.damaged.filter((d) => d.start >= j.validBytes).reduce((n, d) => n + d.frames, 0);
    lost += span - rows.length + trailing;
  } else lost += j.lostFrames;
  const events = mergeEvents(data.events ?? [], walEvents);
  const foldedEvents = events.length - (data.events?.length ?? 0);
  let out = data;
  if (rows.length || foldedEvents) {
    const b = new ColumnBuilder(data.meta.registry.length, data.length + rows.length);
    b.appendBlock(data.length, data.t, data.diagnostics, data.columns);
    for (const r of rows) b.push(r.t, r.diagnostics, r.values);
    out = b.build(data.meta, events);
  }
  const why: string[] = [];
  if (headerProblem)
    why.push(`${name}'s header cannot be read (${headerProblem}); its frames were read by their checksums`);
  if (lost) why.push(`${samples(lost)} could not be recovered`);
  if (badTimes) why.push(`${samples(badTimes)} had a time outside the range of dates`);
  if (j.badEvents.length)
    why.push(
      `${j.badEvents.length} ${j.badEvents.length === 1 ? 'event' : 'events'} could not be read (${j.badEvents[0]})`,
    );
  const keep = why.length > 0;
  return {
    data: out,
    folded: rows.length,
    foldedEvents,
    lost,
    owner,
    verdict: keep ? 'damaged' : 'folded',
    keep,
    reason: keep ? `${why.join('; ')}; the journal is kept` : null,
  };
}
