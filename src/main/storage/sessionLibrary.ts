import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { SourceInfo } from '../../shared/api';
import type { Alignment } from '../../shared/compare/align';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import { combineHalves, type FullComparison } from '../../shared/compare/halves';
import type { SessionSummary } from '../../shared/library';
import { readMeta } from '../../shared/session/arrow';
import type { ImportReport } from '../../shared/session/import/index';
import { describeIssues, MarkerSchema, type UserFields, UserFieldsSchema } from '../../shared/session/meta';
import { decodeWal } from '../../shared/session/wal';
import { sessionsDir } from './dataDir';
import { journalPath, type OpenedSession, pidAlive, readHead, readSessionFile } from './sessionFiles';
import { detectFileFormat, type ImportOptions, importFile, writeSessionFile } from './sessionImport';
import { type HalfRequest, inThreadReader, type SessionReader } from './sessionReader';

export type { SessionSummary } from '../../shared/library';

/** Errors of library operations, with the HTTP status the web routes answer. */
export class LibraryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422,
    message: string,
  ) {
    super(message);
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

const CachedSummary = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  samples: z.number(),
  startedAt: z.number(),
  endedAt: z.number(),
  warnings: z.array(z.string()),
});

const Sidecar = z.object({
  version: z.literal(1),
  title: z.string().max(500).optional(),
  notes: z.string().max(100_000).optional(),
  tags: z.array(z.string()).max(64).optional(),
  markers: z.array(MarkerSchema).max(200).optional(),
  cache: CachedSummary.optional(),
});
type Sidecar = z.infer<typeof Sidecar>;

function defaultTitle(source: SourceInfo | null, startedAt: number): string {
  const d = new Date(startedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  return `${source?.label ?? 'Session'}, ${when}`;
}

/**
 * The saved sessions in <dataDir>/sessions: <id>.arrow (the session, append-only), <id>.json
 * (title, notes and tags the user edits, and a cached summary), <id>.wal while recording.
 */
export interface CompareRequest {
  readonly ids: readonly string[];
  /** 0-based. */
  readonly baseline?: number;
  readonly alignment?: Alignment;
  /** Per session, seconds added to its aligned clock. */
  readonly nudges?: readonly number[];
}

export interface LibraryOptions {
  /** How files are decoded (default: on the calling thread; hosts pass a WorkerSessionReader). */
  readonly reader?: SessionReader;
  /** Decoded sessions kept in memory for the next open (default 4: a comparison's worth). */
  readonly keepDecoded?: number;
}

export class SessionLibrary {
  readonly dir: string;
  private readonly reader: SessionReader;
  private readonly keep: number;
  /** Decoded complete sessions by id, least recently used first, valid while the file's stamp holds. */
  private readonly decoded = new Map<string, { stamp: string; opened: OpenedSession }>();
  /** Decodes under way, so a summary and a data request for one session decode it once. */
  private readonly loading = new Map<string, Promise<OpenedSession>>();
  /** Comparison halves by session, file stamp and what they depend on (alignment, nudge, markers). */
  private readonly halves = new Map<string, { half: SessionFigures; fileTitle: string }>();
  /** Halves being computed, so a report's prefetch and its page's request compute one. */
  private readonly halving = new Map<string, Promise<{ half: SessionFigures; fileTitle: string }>>();
  /** Ids chosen by adds still under way. */
  private readonly adding = new Set<string>();

  constructor(
    readonly dataDir: string,
    options: LibraryOptions = {},
  ) {
    this.dir = sessionsDir(dataDir);
    this.reader = options.reader ?? inThreadReader;
    this.keep = options.keepDecoded ?? 4;
  }

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  private pathOf(id: string): string {
    if (!ID.test(id)) throw new LibraryError(400, `"${id.slice(0, 80)}" is not a session id`);
    return join(this.dir, `${id}.arrow`);
  }

  private sidecarPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private readSidecar(id: string): Sidecar {
    const p = this.sidecarPath(id);
    if (!existsSync(p)) return { version: 1 };
    try {
      const r = Sidecar.safeParse(JSON.parse(readFileSync(p, 'utf8')));
      return r.success ? r.data : { version: 1 };
    } catch {
      return { version: 1 };
    }
  }

  private writeSidecar(id: string, s: Sidecar): void {
    const p = this.sidecarPath(id);
    const tmp = `${p}.${randomBytes(3).toString('hex')}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
    renameSync(tmp, p);
  }

  /** Every session, newest first. Unreadable files are listed with their error, not hidden. */
  async list(): Promise<SessionSummary[]> {
    if (!existsSync(this.dir)) return [];
    const ids = readdirSync(this.dir)
      .filter((f) => f.endsWith('.arrow') && !f.startsWith('.'))
      .map((f) => f.slice(0, -'.arrow'.length))
      .filter((id) => ID.test(id));
    const out: SessionSummary[] = [];
    for (const id of ids) out.push(await this.get(id));
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  async get(id: string): Promise<SessionSummary> {
    const file = this.pathOf(id);
    if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
    await this.recoverIfInterrupted(id);
    const st = statSync(file);
    const side = this.readSidecar(id);
    const live = existsSync(journalPath(file));
    const c = side.cache;
    if (c && !live && c.size === st.size && c.mtimeMs === st.mtimeMs) {
      // Cheap path: the summary was computed for exactly this file.
      try {
        const meta = readMeta(readHead(file, Math.min(st.size, 4 * 1024 * 1024)));
        return this.summary(
          id,
          file,
          st.size,
          'complete',
          meta,
          side,
          c.samples,
          c.startedAt,
          c.endedAt,
          c.warnings,
          null,
        );
      } catch {
        // fall through to a full read
      }
    }
    try {
      const opened = await this.load(id, file);
      return this.summarize(id, opened, side, st.mtimeMs);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return {
        id,
        file,
        sizeBytes: st.size,
        state: 'unreadable',
        title: side.title ?? id,
        notes: side.notes ?? '',
        tags: side.tags ?? [],
        markers: side.markers ?? [],
        source: null,
        startedAt: st.mtimeMs,
        endedAt: st.mtimeMs,
        durationMs: 0,
        samples: 0,
        intervalMs: 0,
        metrics: 0,
        origin: null,
        appVersion: '',
        warnings: [],
        error: msg,
      };
    }
  }

  private summarize(id: string, o: OpenedSession, side: Sidecar, mtimeMs: number): SessionSummary {
    const d = o.data;
    const startedAt = d.length ? (d.t[0] as number) : d.meta.startedAt;
    const endedAt = d.length ? (d.t[d.length - 1] as number) : startedAt;
    if (o.state === 'complete') {
      const cache = { size: o.sizeBytes, mtimeMs, samples: d.length, startedAt, endedAt, warnings: [...o.warnings] };
      try {
        this.writeSidecar(id, { ...side, cache });
      } catch {
        // A read-only folder still lists; it just is not cached.
      }
    }
    return this.summary(id, o.path, o.sizeBytes, o.state, d.meta, side, d.length, startedAt, endedAt, o.warnings, null);
  }

  private summary(
    id: string,
    file: string,
    sizeBytes: number,
    state: SessionSummary['state'],
    meta: OpenedSession['data']['meta'],
    side: Sidecar,
    samples: number,
    startedAt: number,
    endedAt: number,
    warnings: readonly string[],
    error: string | null,
  ): SessionSummary {
    return {
      id,
      file,
      sizeBytes,
      state,
      title: side.title ?? meta.title ?? defaultTitle(meta.source, startedAt),
      notes: side.notes ?? meta.notes ?? '',
      tags: side.tags ?? meta.tags ?? [],
      markers: side.markers ?? [],
      source: meta.source,
      startedAt,
      endedAt,
      durationMs: endedAt - startedAt,
      samples,
      intervalMs: meta.intervalMs,
      metrics: meta.registry.length,
      origin: meta.origin,
      appVersion: meta.appVersion,
      warnings,
      error,
    };
  }

  /** What identifies a file's contents for the caches; null while a journal is beside it (it may grow). */
  private stampOf(file: string): string | null {
    if (existsSync(journalPath(file))) return null;
    const st = statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  }

  /** Decode a session, or take it from memory (or from a decode under way). */
  private async load(id: string, file: string): Promise<OpenedSession> {
    const stamp = this.stampOf(file);
    const hit = stamp === null ? undefined : this.decoded.get(id);
    if (hit && hit.stamp === stamp) {
      this.decoded.delete(id);
      this.decoded.set(id, hit);
      return hit.opened;
    }
    const key = `${id}\n${stamp}`;
    const under = this.loading.get(key);
    if (under) return under;
    const p = (async (): Promise<OpenedSession> => {
      try {
        const opened = await this.reader.read(file);
        if (stamp !== null && opened.state === 'complete' && this.keep > 0) this.remember(id, stamp, opened);
        return opened;
      } catch (e) {
        throw new LibraryError(422, e instanceof Error ? e.message : String(e));
      } finally {
        this.loading.delete(key);
      }
    })();
    this.loading.set(key, p);
    return p;
  }

  private remember(id: string, stamp: string, opened: OpenedSession): void {
    this.decoded.delete(id);
    this.decoded.set(id, { stamp, opened });
    while (this.decoded.size > this.keep) this.decoded.delete(this.decoded.keys().next().value as string);
  }

  /** The whole session, decoded (journal included while recording). */
  async open(id: string): Promise<{ opened: OpenedSession; summary: SessionSummary }> {
    const file = this.pathOf(id);
    if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
    const opened = await this.load(id, file);
    const side = this.readSidecar(id);
    return { opened, summary: this.summarize(id, opened, side, statSync(file).mtimeMs) };
  }

  /** One session's figures over its whole span (what a report's key numbers read). */
  async figures(id: string): Promise<SessionFigures> {
    const file = this.pathOf(id);
    if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
    return this.halfOf(id, file, { kind: 'start' }, 0);
  }

  /** A session's half of a comparison, from the cache or computed by the reader. */
  private async halfOf(id: string, file: string, alignment: Alignment, nudgeMs: number): Promise<SessionFigures> {
    const side = this.readSidecar(id);
    const request: HalfRequest = { id, title: side.title ?? id, markers: side.markers ?? [], alignment, nudgeMs };
    const stamp = this.stampOf(file);
    const key = JSON.stringify([id, stamp, alignment, nudgeMs, request.markers]);
    let entry = stamp === null ? undefined : this.halves.get(key);
    if (!entry) {
      let under = this.halving.get(key);
      if (!under) {
        under = (async () => {
          const opened = await this.load(id, file);
          const half = await this.reader.half(opened.data, request);
          // The file's own title, for when the user has set none (no sidecar is written here:
          // an edit made meanwhile must not be overwritten by what was read before it).
          const d = opened.data;
          const fileTitle =
            d.meta.title ?? defaultTitle(d.meta.source, d.length ? (d.t[0] as number) : d.meta.startedAt);
          const e = { half, fileTitle };
          if (stamp !== null) {
            this.halves.set(key, e);
            while (this.halves.size > 32) this.halves.delete(this.halves.keys().next().value as string);
          }
          return e;
        })();
        this.halving.set(key, under);
        under.then(
          () => this.halving.delete(key),
          () => this.halving.delete(key),
        );
      }
      entry = await under;
    }
    // The title as the library shows it now (a rename changes the sidecar, not the file).
    const title = this.readSidecar(id).title ?? entry.fileTitle;
    return title === entry.half.info.title ? entry.half : { ...entry.half, info: { ...entry.half.info, title } };
  }

  /**
   * The summary of a comparison of 2–4 sessions (compareSessions' rows and the derived-series
   * rows): each session is decoded (or taken from memory) and its half computed by the reader,
   * in parallel worker threads with a WorkerSessionReader, then the halves are joined.
   */
  async compare(req: CompareRequest): Promise<FullComparison> {
    const n = req.ids.length;
    if (n < 2 || n > 4) throw new LibraryError(400, `compare takes 2 to 4 sessions, got ${n}`);
    const baseline = req.baseline ?? 0;
    if (!Number.isInteger(baseline) || baseline < 0 || baseline >= n)
      throw new LibraryError(400, `baseline must be a session number from 1 to ${n}`);
    const alignment = req.alignment ?? { kind: 'start' };
    const halves = await Promise.all(
      req.ids.map(async (id, k) => {
        const file = this.pathOf(id);
        if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
        return this.halfOf(id, file, alignment, (req.nudges?.[k] ?? 0) * 1000);
      }),
    );
    return combineHalves(halves, { baseline, alignment });
  }

  /** Change title, notes or tags (kept in <id>.json; the session file itself is never rewritten). */
  async update(id: string, fields: unknown): Promise<SessionSummary> {
    const r = UserFieldsSchema.safeParse(fields);
    if (!r.success) throw new LibraryError(400, `bad fields: ${describeIssues(r.error, 'body')}`);
    const file = this.pathOf(id);
    if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
    const f: UserFields = r.data;
    const side = this.readSidecar(id);
    this.writeSidecar(id, { ...side, ...f });
    return this.get(id);
  }

  /** Delete a session and its sidecar. A session still being recorded cannot be deleted. */
  async delete(id: string): Promise<void> {
    const file = this.pathOf(id);
    if (!existsSync(file)) throw new LibraryError(404, `no session "${id}"`);
    const wal = journalPath(file);
    if (existsSync(wal) && this.journalOwnerAlive(wal))
      throw new LibraryError(409, `session "${id}" is being recorded; stop recording first`);
    for (const p of [file, this.sidecarPath(id), wal]) if (existsSync(p)) unlinkSync(p);
  }

  /**
   * Add a file to the library: a session file is copied as is (after checking it opens); a
   * CSV, irontide dump or libtorrent log is converted. The input is never changed.
   */
  async add(
    path: string,
    options: ImportOptions = {},
  ): Promise<{ summary: SessionSummary; report: ImportReport | null }> {
    this.ensureDir();
    const format = !options.format || options.format === 'auto' ? detectFileFormat(path) : options.format;
    const stem =
      basename(path)
        .replace(/\.[^.]*$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 80) || 'session';
    let id = stem;
    // Ids taken by adds under way count as taken (several files may be added at once).
    while (existsSync(this.pathOf(id)) || this.adding.has(id)) id = `${stem}-${randomBytes(2).toString('hex')}`;
    this.adding.add(id);
    try {
      const out = this.pathOf(id);
      if (format === 'session') {
        const opened = await this.reader.read(path, { journal: false });
        copyFileSync(path, out, 1 /* COPYFILE_EXCL */);
        // The copy holds the same bytes: keep what was decoded for the first open.
        const stamp = this.stampOf(out);
        if (stamp !== null && opened.state === 'complete' && this.keep > 0)
          this.remember(id, stamp, { ...opened, path: out });
        return { summary: await this.get(id), report: null };
      }
      const { data, report } = await importFile(path, { ...options, format, id });
      await writeSessionFile(data, out);
      return { summary: await this.get(id), report };
    } finally {
      this.adding.delete(id);
    }
  }

  private journalOwnerAlive(wal: string): boolean {
    try {
      const head = readFileSync(wal).subarray(0, 4096);
      return pidAlive(decodeWal(head).info.pid);
    } catch {
      return false;
    }
  }

  /**
   * A recording whose process died leaves <id>.wal beside a file without an end marker.
   * Fold the journal in: rewrite the file (to a temporary, renamed over it) with every
   * recovered sample and an end marker, then drop the journal.
   */
  private async recoverIfInterrupted(id: string): Promise<void> {
    const file = this.pathOf(id);
    const wal = journalPath(file);
    if (!existsSync(wal) || this.journalOwnerAlive(wal)) return;
    let opened: OpenedSession;
    try {
      opened = await readSessionFile(file);
    } catch {
      return; // unreadable: leave both files for the user to look at
    }
    const tmp = join(this.dir, `.${id}.${randomBytes(3).toString('hex')}.recover`);
    await writeSessionFile(opened.data, tmp);
    renameSync(tmp, file);
    unlinkSync(wal);
  }
}
