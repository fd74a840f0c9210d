/*
 * Text files arrive as bytes: split them into lines for an importer without ever holding the
 * whole file as text, and tell the importer what a plain string cannot: whether a line's bytes
 * were valid UTF-8 (a lenient decoder silently turns them into U+FFFD) and whether the last
 * line ended with a line break (without one it may have been cut off: 234567 read as 234).
 */

/** What the splitter knows about one line besides its text. */
export interface LineInfo {
  /** The file's last line, with no line break after it: possibly cut off. */
  readonly unterminated: boolean;
  /** 1-based character column of the first byte that is not UTF-8, or null when the line is valid. */
  readonly invalidUtf8At: number | null;
}

export const PLAIN_LINE: LineInfo = { unterminated: false, invalidUtf8At: null };
const LAST_LINE: LineInfo = { unterminated: true, invalidUtf8At: null };

/** A problem at a line (and column, 1-based, where one is known). */
export class LineError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(`${where(line, column)}: ${message}`);
  }
}

export function where(line: number, column?: number): string {
  return column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
}

/** Offset of the first byte of b[from, to) that does not belong to valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array, from = 0, to = b.length): number {
  let i = from;
  while (i < to) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (i + k >= to || d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Splits a byte stream into lines for an importer, with a cap on line length so a binary or
 * one-line multi-gigabyte file is refused instead of filling memory. "\r\n" and "\n" both end
 * a line; a byte-order mark is passed on (the CSV reader drops it from its header).
 */
export class LineSplitter {
  private readonly strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** Bytes of the line not yet ended. */
  private rest: Uint8Array = new Uint8Array(0);
  private lineNo = 0;
  private bytes = 0;

  constructor(
    private readonly onLine: (line: string, lineNo: number, info: LineInfo) => void,
    private readonly maxLine = 8 * 1024 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      let line = this.lineNo + 1;
      for (let i = chunk.indexOf(10); i >= 0 && i < nul; i = chunk.indexOf(10, i + 1)) line++;
      throw new LineError(`binary data (a NUL byte at byte ${this.bytes + nul})`, line);
    }
    this.bytes += chunk.length;
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      if (this.rest.length + chunk.length > this.maxLine) throw this.tooLong();
      this.rest = concat(this.rest, chunk.slice());
      return;
    }
    const block = concat(this.rest, chunk.subarray(0, last + 1));
    this.rest = chunk.slice(last + 1);
    if (this.rest.length > this.maxLine) throw this.tooLong();
    this.block(block);
  }

  end(): void {
    const rest = this.rest;
    this.rest = new Uint8Array(0);
    if (rest.length === 0) return;
    const bad = firstInvalidUtf8(rest);
    const text = this.lenient.decode(rest);
    this.emit(text, bad < 0 ? LAST_LINE : { unterminated: true, invalidUtf8At: this.column(rest, 0, bad) });
  }

  private tooLong(): LineError {
    return new LineError(`a line longer than ${this.maxLine >> 20} MiB: not a text log`, this.lineNo + 1);
  }

  /** Whole lines, each ending in "\n". */
  private block(block: Uint8Array): void {
    let text: string | null = null;
    try {
      text = this.strict.decode(block);
    } catch {
      // Some line is not UTF-8: go line by line to say which, and where.
    }
    if (text !== null) {
      let from = 0;
      let i = text.indexOf('\n');
      while (i >= 0) {
        this.emit(text.slice(from, i), PLAIN_LINE);
        from = i + 1;
        i = text.indexOf('\n', from);
      }
      return;
    }
    let from = 0;
    let i = block.indexOf(10);
    while (i >= 0) {
      const bad = firstInvalidUtf8(block, from, i);
      const line = this.lenient.decode(block.subarray(from, i));
      this.emit(line, bad < 0 ? PLAIN_LINE : { unterminated: false, invalidUtf8At: this.column(block, from, bad) });
      from = i + 1;
      i = block.indexOf(10, from);
    }
  }

  /** Characters before byte `at` of the line starting at `from`, plus one. */
  private column(b: Uint8Array, from: number, at: number): number {
    return [...this.lenient.decode(b.subarray(from, at))].length + 1;
  }

  private emit(line: string, info: LineInfo): void {
    this.lineNo++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNo, info);
  }
}
