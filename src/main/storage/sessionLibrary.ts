import type { Stats } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Alignment } from '../../shared/compare/align';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import { combineFigures, type FullComparison } from '../../shared/compare/sessionFigures';
import { commonSpanS, type SpanMode } from '../../shared/compare/span';
import type { Quarantined, SessionSummary } from '../../shared/library';
import { readMeta } from '../../shared/session/arrow';
import type { SessionData } from '../../shared/session/data';
import { describeIssues, type UserFields, UserFieldsSchema } from '../../shared/session/meta';
import { type DataQuery, queryData } from '../../shared/session/wire';
import type { TotalsQuery, TotalsReport } from '../../shared/totals/report';
import { DamagedFiles } from './damagedFiles';
import { sessionsDir } from './dataDir';
import { DecodeCache } from './decodeCache';
import { digestPath } from './digestFile';
import { FiguresCache } from './figuresCache';
import { JournalRecovery, journalOwnerAlive } from './journalRecovery';
import { levelsPath } from './levelsFile';
import { DamagedFileError, LibraryError } from './libraryError';
import { type Added, LibraryImport } from './libraryImport';
import { existingSession, filesStamp, isSessionId, moveInto, sidecarPath } from './libraryPaths';
import { exists, journalPath, type OpenedSession, readHead } from './sessionFiles';
import type { ImportOptions } from './sessionImport';
import { type SessionImporter, WorkerSessionImporter } from './sessionImporter';
import { LEVELS_MIN_BYTES } from './sessionLevels';
import { inThreadReader, type SessionReader } from './sessionReader';
import { sessionSummary, summaryOfOpened, unreadableSummary } from './sessionSummary';
import { TotalsCache } from './sessionTotals';
import { type Sidecar, Sidecars } from './sidecar';

export type { SessionSummary } from '../../shared/library';
export { LibraryError } from './libraryError';

export interface CompareRequest {
  readonly ids: readonly string[];
  /** 0-based. */
  readonly baseline?: number;
  readonly alignment?: Alignment;
  /** Per session, seconds added to its aligned clock. */
  readonly nudges?: readonly number[];
  /** full (default): each session over its own span; common: all cut to the shortest (span.ts). */
  readonly span?: SpanMode;
}

export interface LibraryOptions {
  /** How files are decoded (default: on the calling thread; hosts pass a WorkerSessionReader). */
  readonly reader?: SessionReader;
  /** Decoded sessions kept in memory for the next open (default 4: a comparison's worth). */
  readonly keepDecoded?: number;
  /** How CSVs, dumps and logs are converted (default: in a worker thread per import). */
  readonly importer?: SessionImporter;
}

/**
 * The saved sessions in <dataDir>/sessions (see libraryPaths.ts for the files of one). Every
 * file access here is asynchronous, and decoding goes to the reader: the host's thread streams
 * snapshots meanwhile.
 */
export class SessionLibrary {
  readonly dir: string;
  private readonly sidecars: Sidecars;
  private readonly decoded: DecodeCache;
  private readonly figuresCache: FiguresCache;
  private readonly recovery: JournalRecovery;
  private readonly damaged: DamagedFiles;
  private readonly importer: LibraryImport;
  private readonly totalsCache: TotalsCache;
  private readonly reader: SessionReader;

  constructor(
    readonly dataDir: string,
    options: LibraryOptions = {},
  ) {
    this.dir = sessionsDir(dataDir);
    const reader = options.reader ?? inThreadReader;
    this.reader = reader;
    this.sidecars = new Sidecars(this.dir);
    this.decoded = new DecodeCache(reader, options.keepDecoded ?? 4);
    this.figuresCache = new FiguresCache(reader, this.decoded, this.sidecars);
    this.damaged = new DamagedFiles(this.sidecars);
    this.totalsCache = new TotalsCache((id, file) => this.load(id, file));
    this.recovery = new JournalRecovery(this.dir, (id, file) => this.load(id, file), this.sidecars);
    this.importer = new LibraryImport(
      this.dir,
      reader,
      this.decoded,
      (id) => this.get(id),
      options.importer ?? new WorkerSessionImporter(),
    );
  }

  /** Every session, newest first. Unreadable files are listed with their error, not hidden. */
  async list(): Promise<SessionSummary[]> {
    if (!(await exists(this.dir))) return [];
    const ids = (await readdir(this.dir))
      .filter((f) => f.endsWith('.arrow') && !f.startsWith('.'))
      .map((f) => f.slice(0, -'.arrow'.length))
      .filter(isSessionId);
    const out: SessionSummary[] = [];
    for (const id of ids) out.push(await this.get(id));
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  async get(id: string): Promise<SessionSummary> {
    const file = await existingSession(this.dir, id);
    await this.recovery.recoverIfInterrupted(id, file);
    const st = await stat(file);
    const side = await this.sidecars.read(id);
    const journal = await exists(journalPath(file));
    const damage = this.damaged.error(id, await filesStamp(file), side);
    if (damage !== null) return unreadableSummary(id, file, st, side, damage);
    const c = side.cache;
    if (c && c.size === st.size && c.mtimeMs === st.mtimeMs && !journal) {
      // Cheap path: the summary was computed for exactly this file.
      try {
        const meta = readMeta(await readHead(file, Math.min(st.size, 4 * 1024 * 1024)));
        const state = c.state ?? 'complete';
        return sessionSummary({ id, file, sizeBytes: st.size, state, meta, side, ...c });
      } catch {
        // fall through to a full read
      }
    }
    const quick = journal ? null : await this.levelsRow(id, file, st, side);
    if (quick) return quick;
    try {
      return await this.summarize(id, await this.load(id, file), side, st.mtimeMs);
    } catch (e) {
      return unreadableSummary(id, file, st, side, e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * A row from the file's levels, without decoding it (the reader builds them once if they are
   * missing), cached in the sidecar like a decoded one; null to decode it whole instead.
   */
  private async levelsRow(id: string, file: string, st: Stats, side: Sidecar): Promise<SessionSummary | null> {
    if (!this.reader.summary || st.size < LEVELS_MIN_BYTES || (await this.decoded.has(id, file))) return null;
    try {
      const s = await this.reader.summary(file);
      if (!s) return null;
      const meta = readMeta(await readHead(file, Math.min(st.size, 4 * 1024 * 1024)));
      const state = s.closed ? 'complete' : 'interrupted';
      // As readSessionFile says it of a file cut off without a journal.
      const warnings =
        !s.closed && s.warnings.length === 0
          ? ['the file has no end marker: the recording stopped without closing it']
          : [...s.warnings];
      const { samples, startedAt, endedAt } = s;
      const cache = { size: st.size, mtimeMs: st.mtimeMs, samples, startedAt, endedAt, warnings, state } as const;
      await this.sidecars.edit(id, (x) => ({ ...x, cache })).catch(() => {});
      const row = sessionSummary({ id, file, sizeBytes: st.size, meta, side, ...cache });
      const problem = this.recovery.problem(id);
      return problem ? { ...row, warnings: [...row.warnings, problem] } : row;
    } catch {
      return null; // the whole decode says what is wrong, and remembers it
    }
  }

  /** Decode a session (or take it from memory); a file that does not decode is remembered, not decoded again. */
  private async load(id: string, file: string): Promise<OpenedSession> {
    const stamp = await filesStamp(file);
    const known = this.damaged.error(id, stamp, await this.sidecars.read(id));
    if (known !== null) throw new DamagedFileError(known);
    try {
      return await this.decoded.load(id, file);
    } catch (e) {
      if (e instanceof DamagedFileError) await this.damaged.remember(id, stamp, e.message);
      throw e;
    }
  }

  /** The summary of a decoded session; one that no longer changes is cached in its sidecar. */
  private async summarize(id: string, o: OpenedSession, side: Sidecar, mtimeMs: number): Promise<SessionSummary> {
    const { summary, cache } = summaryOfOpened(id, o, side, mtimeMs);
    if (cache) {
      // A read-only folder still lists; it just is not cached.
      await this.sidecars.edit(id, (s) => ({ ...s, cache })).catch(() => {});
    }
    const problem = this.recovery.problem(id);
    return problem ? { ...summary, warnings: [...summary.warnings, problem] } : summary;
  }

  /** The whole session, decoded (journal included while recording). */
  async open(id: string): Promise<{ opened: OpenedSession; summary: SessionSummary }> {
    const file = await existingSession(this.dir, id);
    const opened = await this.load(id, file);
    const side = await this.sidecars.read(id);
    return { opened, summary: await this.summarize(id, opened, side, (await stat(file)).mtimeMs) };
  }

  /**
   * A data request (range, overview, columns): a long session's from its levels and batch index,
   * without decoding the rest (in the reader's workers, which build them on first use); a short
   * one, one in memory, or one the levels cannot answer, from its whole decode.
   */
  async data(id: string, q: DataQuery): Promise<SessionData> {
    const file = await existingSession(this.dir, id);
    const query = this.reader.query?.bind(this.reader);
    const known = this.damaged.error(id, await filesStamp(file), await this.sidecars.read(id));
    if (query && known === null && !(await this.decoded.has(id, file))) {
      try {
        const d = await query(file, q);
        if (d) return d;
      } catch {
        // The whole read below says what is wrong with the file, and remembers it.
      }
    }
    return queryData((await this.load(id, file)).data, q);
  }

  /** One session's figures over its whole span (what a report's key numbers read). */
  async figures(id: string, spanS?: number): Promise<SessionFigures> {
    const file = await existingSession(this.dir, id);
    return this.figuresCache.figures(id, file, { kind: 'start' }, 0, spanS);
  }

  /**
   * The summary of a comparison of 2–4 sessions (compareSessions' rows and the derived-series
   * rows): each session is decoded (or taken from memory) and its figures computed by the
   * reader, in parallel worker threads with a WorkerSessionReader, then joined.
   */
  async compare(req: CompareRequest): Promise<FullComparison> {
    const n = req.ids.length;
    if (n < 2 || n > 4) throw new LibraryError(400, `compare takes 2 to 4 sessions, got ${n}`);
    const baseline = req.baseline ?? 0;
    if (!Number.isInteger(baseline) || baseline < 0 || baseline >= n)
      throw new LibraryError(400, `baseline must be a session number from 1 to ${n}`);
    const alignment = req.alignment ?? { kind: 'start' };
    const all = (spanS?: number) =>
      Promise.all(
        req.ids.map(async (id, k) => {
          const file = await existingSession(this.dir, id);
          return this.figuresCache.figures(id, file, alignment, (req.nudges?.[k] ?? 0) * 1000, spanS);
        }),
      );
    let figures = await all();
    // The common span: every session again, cut to the shortest one's span (the whole figures stay cached).
    if (req.span === 'common') figures = await all(commonSpanS(figures.map((f) => f.info)));
    return combineFigures(figures, { baseline, alignment });
  }

  /** Downloaded and uploaded bytes by day, week or month of a zone, over every session (sessionTotals.ts). */
  async totals(query: TotalsQuery): Promise<TotalsReport> {
    return this.totalsCache.report(await this.list(), query);
  }

  /** Change title, notes or tags (kept in <id>.json; the session file itself is never rewritten). */
  async update(id: string, fields: unknown): Promise<SessionSummary> {
    const r = UserFieldsSchema.safeParse(fields);
    if (!r.success) throw new LibraryError(400, `bad fields: ${describeIssues(r.error, 'body')}`);
    await existingSession(this.dir, id);
    const f: UserFields = r.data;
    await this.sidecars.edit(id, (s) => ({ ...s, ...f }));
    return this.get(id);
  }

  /**
   * Delete a session: its file, journal, sidecar and the files kept beside it. A session still
   * being recorded cannot be deleted (one whose recording failed can).
   */
  async delete(id: string): Promise<void> {
    for (const p of await this.filesOf(id))
      await unlink(p).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    this.damaged.forget(id);
  }

  /**
   * Move a session's files (file, journal, sidecar, kept files) into <dataDir>/quarantine, out
   * of the library: for a damaged file the user wants out of the way but not deleted.
   */
  async quarantine(id: string): Promise<Quarantined> {
    const files = await this.filesOf(id);
    const dir = join(this.dataDir, 'quarantine');
    await mkdir(dir, { recursive: true });
    const moved = await moveInto(dir, id, files);
    this.damaged.forget(id);
    return { dir, files: moved };
  }

  /** Every file of `id` that exists (the session file first, the sidecar last); 409 while it is recorded. */
  private async filesOf(id: string): Promise<string[]> {
    const file = await existingSession(this.dir, id);
    const wal = journalPath(file);
    if ((await exists(wal)) && (await journalOwnerAlive(wal, id)))
      throw new LibraryError(409, `session "${id}" is being recorded; stop recording first`);
    const kept = ((await this.sidecars.read(id)).kept ?? []).map((k) => join(this.dir, basename(k.file)));
    const present: string[] = [];
    const levels = levelsPath(file);
    for (const p of [file, wal, ...kept, levels, `${levels}.part`, digestPath(file), sidecarPath(this.dir, id)])
      if (await exists(p)) present.push(p);
    return present;
  }

  /**
   * Add a file to the library: a session file is copied as is (after checking it opens); a
   * CSV, irontide dump or libtorrent log is converted. The input is never changed.
   */
  add(path: string, options: ImportOptions = {}): Promise<Added> {
    return this.importer.add(path, options);
  }
}
