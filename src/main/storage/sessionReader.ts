import type { Alignment, Marker } from '../../shared/compare/align';
import type { SessionFigures } from '../../shared/compare/compareSessions';
import { sessionFigures } from '../../shared/compare/sessionFigures';
import type { FiguresWithFindings } from '../../shared/findings';
import type { SessionData } from '../../shared/session/data';
import { sessionFindings } from '../../shared/session/findings';
import type { DataQuery } from '../../shared/session/wire';
import { queryLevels } from './levelQuery';
import { type OpenedSession, type ReadSessionOptions, readSessionFile } from './sessionFiles';
import { type LevelsSummary, levelsSummary } from './sessionLevels';

/*
 * How the host opens session files and computes a session's figures. Decoding a day-long
 * session is ~150 ms of ZSTD and Arrow work; done on the host's own thread it stalls the
 * snapshot stream, and the files of a comparison decode one after the other. The host uses
 * WorkerSessionReader (sessionReaderPool.ts) for that; tests and one-shot CLI commands use
 * the in-thread reader below.
 */

/** What a session contributes to a comparison, besides its data. */
export interface FiguresRequest {
  readonly id: string;
  readonly title: string;
  readonly markers: readonly Marker[];
  readonly alignment: Alignment;
  readonly nudgeMs: number;
  /** Only this many seconds from the aligned origin (the common span, span.ts). */
  readonly spanS?: number;
}

export type ReadOptions = Pick<ReadSessionOptions, 'journal'>;

export interface SessionReader {
  read(file: string, options?: ReadOptions): Promise<OpenedSession>;
  /** The session's figures for a comparison (compareSessions' figures and the derived series). */
  figures(data: SessionData, request: FiguresRequest): Promise<SessionFigures>;
  /**
   * A data request from the file's levels and batch index (levelQuery.ts), or null to decode
   * it whole. Optional: a reader without it reads every request whole.
   */
  query?(file: string, query: DataQuery): Promise<SessionData | null>;
  /** A library row's figures from the file's levels (built on first use), or null while it is recorded. */
  summary?(file: string): Promise<LevelsSummary | null>;
  close(): Promise<void>;
}

export function figuresOf(data: SessionData, r: FiguresRequest): FiguresWithFindings {
  const figures = sessionFigures(
    { id: r.id, title: r.title, data, markers: r.markers, nudgeMs: r.nudgeMs },
    r.alignment,
    r.spanS,
  );
  // Over every sample, where the data is: a report's page may hold only an overview.
  return { ...figures, findings: sessionFindings(data) };
}

/** The plain reader: everything on the calling thread (tests, one-shot CLI commands). */
export const inThreadReader: SessionReader = {
  read: (file, options) => readSessionFile(file, options),
  figures: async (data, r) => figuresOf(data, r),
  query: (file, q) => queryLevels(file, q),
  summary: (file) => levelsSummary(file),
  async close() {},
};
