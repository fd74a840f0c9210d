import type { ImportContext, ImportFormat, ImportResult, LineImporter } from './common';
import { CsvImporter } from './csv';
import { finishImport } from './finish';
import { IrontideImporter } from './irontide';
import { LibtorrentImporter } from './libtorrent';

export * from './common';
export { csvLines, splitCsvLine } from './csv';
export { type DetectedFormat, detectFormat } from './detect';
export { LIBTORRENT_DERIVED, LIBTORRENT_DIRECT, libtorrentKind } from './libtorrent';
export { firstInvalidUtf8, LineError, type LineInfo, LineSplitter } from './lines';

function formatImporter(format: ImportFormat, ctx: ImportContext): LineImporter {
  switch (format) {
    case 'csv':
      return new CsvImporter(ctx);
    case 'irontide':
      return new IrontideImporter(ctx);
    case 'libtorrent':
      return new LibtorrentImporter(ctx);
  }
}

/** The importer of a format; what it finishes is a session our reader opens (finish.ts), or an ImportError. */
export function makeImporter(format: ImportFormat, ctx: ImportContext): LineImporter {
  const importer = formatImporter(format, ctx);
  return {
    line: (text, lineNo, info) => importer.line(text, lineNo, info),
    finish: (): ImportResult => finishImport(importer.finish()),
  };
}

export type { ImportFormat, LineImporter };
