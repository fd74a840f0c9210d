import type { ImportContext, ImportFormat, LineImporter } from './common';
import { CsvImporter } from './csv';
import { IrontideImporter } from './irontide';
import { LibtorrentImporter } from './libtorrent';

export * from './common';
export { csvLines, splitCsvLine } from './csv';
export { type DetectedFormat, detectFormat } from './detect';
export { LIBTORRENT_DERIVED, LIBTORRENT_DIRECT, libtorrentKind } from './libtorrent';

export function makeImporter(format: ImportFormat, ctx: ImportContext): LineImporter {
  switch (format) {
    case 'csv':
      return new CsvImporter(ctx);
    case 'irontide':
      return new IrontideImporter(ctx);
    case 'libtorrent':
      return new LibtorrentImporter(ctx);
  }
}

/**
 * Splits a byte stream into lines for an importer, with a cap on line length so a binary or
 * one-line multi-gigabyte file is refused instead of filling memory.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private rest = '';
  private lineNo = 0;
  private bytes = 0;

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly maxLine = 8 * 1024 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    const nul = chunk.indexOf(0);
    if (nul >= 0) throw new LineError(`binary data (a NUL byte at byte ${this.bytes + nul})`, this.lineNo + 1);
    this.bytes += chunk.length;
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.feed(this.decoder.decode());
    if (this.rest.length) this.emit(this.rest);
    this.rest = '';
  }

  private feed(text: string): void {
    const all = this.rest + text;
    let from = 0;
    let i = all.indexOf('\n');
    while (i >= 0) {
      this.emit(all.slice(from, i));
      from = i + 1;
      i = all.indexOf('\n', from);
    }
    const s = from ? all.slice(from) : all;
    if (s.length > this.maxLine)
      throw new LineError(`a line longer than ${this.maxLine >> 20} MiB: not a text log`, this.lineNo + 1);
    this.rest = s;
  }

  private emit(line: string): void {
    this.lineNo++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNo);
  }
}

export class LineError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type { ImportFormat, LineImporter };
