import type { RegistryEntry } from '../../registry-types';
import { ColumnBuilder, type SessionData } from '../data';
import { DIAGNOSTICS_FIELD, MAX_INTERVAL_MS, MAX_TIME_MS } from '../meta';
import {
  baseMeta,
  entryFor,
  type ImportContext,
  ImportError,
  type ImportResult,
  type LineImporter,
  numberProblem,
  parseNumber,
  refuseDamagedLine,
  unterminatedNote,
} from './common';
import { type LineInfo, PLAIN_LINE } from './lines';

/*
 * CSV: a header row, a time column, one column per metric name. The time column is the one
 * named time/t/timestamp/date/datetime (else the first column). Its cells are ISO 8601 times,
 * or numbers: epoch ms (> 1e11), epoch seconds (> 1e8) or seconds from the start. Names we know
 * get our kind and unit; others are kept as gauges (a CSV does not say). Empty cells are missing
 * values. The diagnostics column holds 1/0 or true/false (empty: off); anything else ("yes",
 * "maybe") is refused rather than guessed. `tidegauge export --format csv` writes this shape, so
 * it round-trips.
 */

const TIME_NAMES = ['time', 't', 'timestamp', 'date', 'datetime', 'time_s', 'seconds', 'elapsed_s'];
/** Extra time columns our own export writes; skipped when another column is the time. */
const ALSO_TIME = new Set(['elapsed_s', 'time_s', 'seconds']);
const MAX_COLUMNS = 4097;

/** Split one CSV record (RFC 4180 quoting, no line breaks inside quotes). */
export function splitCsvLine(line: string, delim: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new ImportError('a quoted field is not closed on its line', lineNo);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += line[i];
        i++;
      }
      out.push(s);
      if (i < line.length && line[i] !== delim)
        throw new ImportError(`unexpected text after a quoted field at column ${out.length}`, lineNo);
      i++;
    } else {
      const j = line.indexOf(delim, i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
    if (out.length > MAX_COLUMNS) throw new ImportError(`more than ${MAX_COLUMNS} columns`, lineNo);
  }
  return out;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class CsvImporter implements LineImporter {
  private delim = ',';
  private header: string[] | null = null;
  private timeCol = 0;
  private diagCol = -1;
  private metricCols: number[] = [];
  private registry: RegistryEntry[] = [];
  private leftOut: string[] = [];
  private out: ColumnBuilder | null = null;
  private vals = new Float64Array(0);
  private relative = false;
  /** The unterminated last line, left out (see unterminatedNote). */
  private cutLast: number | null = null;
  private startMs = 0;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number, info: LineInfo = PLAIN_LINE): void {
    if (info.invalidUtf8At !== null) refuseDamagedLine(lineNo, info, text);
    if (text.trim() === '') return;
    if (!this.header) return this.readHeader(text, lineNo);
    if (info.unterminated) {
      this.cutLast = lineNo;
      return;
    }
    const cells = splitCsvLine(text, this.delim, lineNo);
    const header = this.header;
    if (cells.length !== header.length)
      throw new ImportError(`${cells.length} cells where the header has ${header.length} columns`, lineNo);
    const t = this.parseTime(cells[this.timeCol] as string, lineNo);
    for (let k = 0; k < this.metricCols.length; k++) {
      const c = this.metricCols[k] as number;
      const cell = (cells[c] as string).trim();
      if (cell === '' || cell === 'NaN' || cell.toLowerCase() === 'null') {
        this.vals[k] = Number.NaN;
        continue;
      }
      const v = parseNumber(cell);
      const problem = numberProblem(v, cell);
      if (problem) throw new ImportError(`"${header[c]}" holds ${problem}`, lineNo, c + 1);
      this.vals[k] = v;
    }
    const diag = this.diagCol >= 0 && this.parseDiagnostics(cells[this.diagCol] as string, lineNo);
    const out = this.out as ColumnBuilder;
    const last = out.lastTime();
    if (last !== undefined && t < last)
      throw new ImportError(
        `time goes backwards (${cells[this.timeCol]} is before the row above)`,
        lineNo,
        this.timeCol + 1,
      );
    out.push(t, diag, this.vals);
  }

  private parseDiagnostics(cell: string, lineNo: number): boolean {
    const d = cell.trim().toLowerCase();
    if (d === '1' || d === 'true') return true;
    if (d === '0' || d === 'false' || d === '') return false;
    throw new ImportError(
      `column "${this.header?.[this.diagCol]}" holds "${cell.trim().slice(0, 40)}": diagnostics must be 1, 0, true or false`,
      lineNo,
      this.diagCol + 1,
    );
  }

  private readHeader(text: string, lineNo: number): void {
    const first = text.replace(/^\uFEFF/, '');
    this.delim = first.includes(',') ? ',' : first.includes('\t') ? '\t' : first.includes(';') ? ';' : ',';
    const header = splitCsvLine(first, this.delim, lineNo).map((s) => s.trim());
    if (header.length < 2)
      throw new ImportError('the header needs a time column and at least one metric column', lineNo);
    const seen = new Set<string>();
    for (const h of header) {
      if (h === '') throw new ImportError('a column has no name in the header', lineNo);
      if (seen.has(h)) throw new ImportError(`column "${h}" appears twice in the header`, lineNo);
      seen.add(h);
    }
    const lower = header.map((h) => h.toLowerCase());
    const named = TIME_NAMES.map((n) => lower.indexOf(n)).find((i) => i >= 0);
    this.timeCol = named ?? 0;
    this.diagCol = lower.indexOf(DIAGNOSTICS_FIELD);
    header.forEach((h, i) => {
      if (i === this.timeCol || i === this.diagCol) return;
      if (ALSO_TIME.has(h.toLowerCase())) {
        this.leftOut.push(h);
        return;
      }
      this.metricCols.push(i);
      this.registry.push(entryFor(h, 'gauge'));
    });
    if (this.metricCols.length === 0) throw new ImportError('no metric columns besides the time', lineNo);
    this.header = header;
    this.out = new ColumnBuilder(this.metricCols.length);
    this.vals = new Float64Array(this.metricCols.length);
  }

  private parseTime(cell: string, lineNo: number): number {
    const s = cell.trim();
    const n = parseNumber(s);
    const out = this.out as ColumnBuilder;
    const column = this.timeCol + 1;
    const name = this.header?.[this.timeCol];
    let ms: number;
    if (!Number.isNaN(n)) {
      if (!Number.isFinite(n))
        throw new ImportError(`time (column "${name}") holds ${numberProblem(n, s)}`, lineNo, column);
      if (out.length === 0) this.relative = Math.abs(n) < 1e8;
      ms = this.relative ? this.ctx.startMs + n * 1000 : Math.abs(n) > 1e11 ? n : n * 1000;
    } else {
      ms = /^\d{4}-\d\d-\d\d/.test(s) ? Date.parse(s) : Number.NaN;
      if (Number.isNaN(ms))
        throw new ImportError(
          `time "${s.slice(0, 40)}" is neither an ISO 8601 time nor a number (column "${name}")`,
          lineNo,
          column,
        );
    }
    if (!(Math.abs(ms) <= MAX_TIME_MS))
      throw new ImportError(
        `time "${s.slice(0, 40)}" (column "${name}") is outside the range of dates (±${MAX_TIME_MS} ms from 1970)`,
        lineNo,
        column,
      );
    return ms;
  }

  finish(): ImportResult {
    const out = this.out;
    if (!this.header || !out) throw new ImportError('the file is empty (no header row)');
    if (out.length === 0) throw new ImportError('a header row but no data rows');
    const data = out.build(baseMeta(this.ctx, 'csv', this.registry, {}, 0, 1000));
    const startedAt = data.t[0] as number;
    // The median step is the interval the CSV was written at.
    const steps: number[] = [];
    for (let i = 1; i < Math.min(data.length, 1001); i++) steps.push((data.t[i] as number) - (data.t[i - 1] as number));
    steps.sort((a, b) => a - b);
    const interval = steps.length ? Math.max(1, steps[steps.length >> 1] as number) : this.ctx.intervalMs;
    if (interval > MAX_INTERVAL_MS)
      throw new ImportError(
        `the rows are ${(interval / 3_600_000).toFixed(1)} h apart (the usual step between the times of column "${this.header[this.timeCol]}"), more than the 24 h a session's samples may be apart`,
      );
    const notReported: Record<string, string> = {};
    data.columns.forEach((c, i) => {
      if (c.every((v) => Number.isNaN(v))) notReported[String(i)] = 'empty in the CSV';
    });
    const meta = baseMeta(this.ctx, 'csv', this.registry, notReported, startedAt, interval);
    const kept = this.registry.filter((e) => e.unit === '' && e.category === undefined).map((e) => e.name);
    const notes: string[] = [];
    if (this.relative)
      notes.push(
        `times are seconds from the start; start set to ${new Date(this.ctx.startMs).toISOString()} (${this.ctx.startFrom})`,
      );
    if (kept.length) notes.push(`${kept.length} columns are not in the built-in registry: kept as gauges`);
    if (this.cutLast !== null) notes.push(unterminatedNote(this.cutLast));
    return {
      data: { ...data, meta },
      report: {
        format: 'csv',
        samples: out.length,
        mapped: this.registry.filter((e) => !kept.includes(e.name)).map((e) => ({ from: e.name, to: e.name })),
        derived: [],
        kept,
        leftOut: this.leftOut,
        notes,
      },
    };
  }
}

/** CSV text of a session, header first: time (ISO), elapsed_s, diagnostics, one column per metric. */
export function* csvLines(data: SessionData): Generator<string> {
  yield ['time', 'elapsed_s', DIAGNOSTICS_FIELD, ...data.meta.registry.map((e) => csvField(e.name))].join(',');
  const t0 = data.length ? (data.t[0] as number) : 0;
  const m = data.columns.length;
  for (let r = 0; r < data.length; r++) {
    const t = data.t[r] as number;
    const cells = new Array<string>(m + 3);
    cells[0] = new Date(t).toISOString();
    cells[1] = String((t - t0) / 1000);
    cells[2] = data.diagnostics[r] ? '1' : '0';
    for (let i = 0; i < m; i++) {
      const v = (data.columns[i] as Float64Array)[r] as number;
      cells[i + 3] = Number.isNaN(v) ? '' : String(v);
    }
    yield cells.join(',');
  }
}
