import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SessionSummary } from '../../shared/library';
import type { ImportReport } from '../../shared/session/import/index';
import type { DecodeCache } from './decodeCache';
import { sessionPath } from './libraryPaths';
import { writeOutput } from './outputFile';
import { exists } from './sessionFiles';
import { detectFileFormat, type ImportOptions } from './sessionImport';
import type { SessionImporter } from './sessionImporter';
import type { SessionReader } from './sessionReader';

export interface Added {
  readonly summary: SessionSummary;
  readonly report: ImportReport | null;
}

/**
 * Adding files to a library folder: a session file is copied as is (after checking it opens);
 * a CSV, irontide dump or libtorrent log is converted. The input is never changed.
 */
export class LibraryImport {
  /** Ids chosen by adds still under way (several files may be added at once). */
  private readonly adding = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly reader: SessionReader,
    private readonly decoded: DecodeCache,
    private readonly summaryOf: (id: string) => Promise<SessionSummary>,
    private readonly importer: SessionImporter,
  ) {}

  async add(path: string, options: ImportOptions = {}): Promise<Added> {
    await mkdir(this.dir, { recursive: true });
    const format = !options.format || options.format === 'auto' ? await detectFileFormat(path) : options.format;
    const id = await this.freeId(
      basename(path)
        .replace(/\.[^.]*$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 80) || 'session',
    );
    try {
      const out = sessionPath(this.dir, id);
      if (format === 'session') {
        const opened = await this.reader.read(path, { journal: false });
        await copyFile(path, out, constants.COPYFILE_EXCL).catch(async (e: NodeJS.ErrnoException) => {
          // A copy cut short (a full disk) must not stay in the library as a damaged session.
          if (e.code !== 'EEXIST') await unlink(out).catch(() => {});
          throw e;
        });
        // The copy holds the same bytes: keep what was decoded for the first open.
        await this.decoded.remember(id, { ...opened, path: out });
        return { summary: await this.summaryOf(id), report: null };
      }
      // Converted, encoded and read back in the importer (a worker thread on a host).
      const { bytes, report } = await this.importer.import(path, { ...options, format, id });
      await writeOutput(out, [bytes]);
      return { summary: await this.summaryOf(id), report };
    } finally {
      this.adding.delete(id);
    }
  }

  /** `stem`, or `stem` with a random suffix when that is taken; reserved until the add ends. */
  private async freeId(stem: string): Promise<string> {
    let id = stem;
    for (;;) {
      if (!this.adding.has(id)) {
        this.adding.add(id); // reserved before the check, which gives other adds a turn
        if (!(await exists(sessionPath(this.dir, id)))) return id;
        this.adding.delete(id);
      }
      id = `${stem}-${randomBytes(2).toString('hex')}`;
    }
  }
}
