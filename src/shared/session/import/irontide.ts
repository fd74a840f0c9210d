import { z } from 'zod';
import type { RegistryEntry } from '../../registry-types';
import { ColumnBuilder } from '../data';
import { describeIssues } from '../meta';
import {
  baseMeta,
  entryFor,
  type ImportContext,
  ImportError,
  type ImportResult,
  type LineImporter,
  refuseDamagedLine,
} from './common';
import { type LineInfo, PLAIN_LINE } from './lines';

/*
 * irontide counter dumps: one JSON array of {name, kind, value} per line, the shape its
 * daemon's GET /api/v1/session/counters serves (and ours does too). The first line fixes the
 * registry; every later line must list the same names in the same order. The dump carries its
 * own registry, which may differ from ours (positions 70-98 are not settled): names we know get
 * our units, the others are kept as they are (a name too long for a session is shortened when
 * the import is finished, see finish.ts).
 */

const Counter = z.object({
  name: z.string().min(1).max(10_000),
  kind: z.enum(['counter', 'gauge']),
  value: z.number().finite().nullable(),
});
const Dump = z.array(Counter).min(1).max(4096);

/** 1-based column of the i-th "value" key's number in a dump line (undefined when it cannot be found). */
function valueColumn(text: string, i: number): number | undefined {
  const re = /"value"\s*:\s*/g;
  let m: RegExpExecArray | null = null;
  for (let k = 0; k <= i; k++) {
    m = re.exec(text);
    if (!m) return undefined;
  }
  return m ? [...text.slice(0, m.index + m[0].length)].length + 1 : undefined;
}

/** JSON.parse reads 1e309 as Infinity: refuse it with its column rather than as a wrong type. */
function refuseInfinity(raw: unknown, text: string, lineNo: number): void {
  if (!Array.isArray(raw)) return;
  raw.forEach((c: unknown, i) => {
    const v = (c as { value?: unknown } | null)?.value;
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new ImportError(
        `counter ${i + 1} has a value too large for a number (beyond ±1.8e308)`,
        lineNo,
        valueColumn(text, i),
      );
  });
}

export class IrontideImporter implements LineImporter {
  private registry: RegistryEntry[] | null = null;
  private out: ColumnBuilder | null = null;
  private vals = new Float64Array(0);
  private blank = 0;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number, info: LineInfo = PLAIN_LINE): void {
    if (info.invalidUtf8At !== null) refuseDamagedLine(lineNo, info, text);
    const s = text.trim();
    if (s === '') {
      this.blank++;
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(s);
    } catch (e) {
      // A last line without its line break that is not JSON was most likely cut off.
      if (info.unterminated)
        throw new ImportError(
          'the last line has no line break and is not complete JSON: the file looks cut off here',
          lineNo,
          [...text].length + 1,
        );
      throw new ImportError(`not JSON (${(e as Error).message})`, lineNo);
    }
    refuseInfinity(raw, text, lineNo);
    const r = Dump.safeParse(raw);
    if (!r.success)
      throw new ImportError(`expected a JSON array of {name, kind, value}: ${describeIssues(r.error, 'line')}`, lineNo);
    const items = r.data;
    if (!this.registry) {
      const names = new Set<string>();
      for (const c of items) {
        if (names.has(c.name)) throw new ImportError(`metric "${c.name}" appears twice`, lineNo);
        names.add(c.name);
      }
      this.registry = items.map((c) => {
        const e = entryFor(c.name, c.kind);
        return e.kind === c.kind ? e : { ...e, kind: c.kind };
      });
      this.out = new ColumnBuilder(items.length);
      this.vals = new Float64Array(items.length);
    }
    const reg = this.registry;
    if (items.length !== reg.length)
      throw new ImportError(`${items.length} counters where the first line had ${reg.length}`, lineNo);
    for (let i = 0; i < items.length; i++) {
      const c = items[i] as z.infer<typeof Counter>;
      if (c.name !== reg[i]?.name)
        throw new ImportError(`counter ${i} is "${c.name}" where the first line had "${reg[i]?.name}"`, lineNo);
      this.vals[i] = c.value ?? Number.NaN;
    }
    const out = this.out as ColumnBuilder;
    out.push(this.ctx.startMs + out.length * this.ctx.intervalMs, false, this.vals);
  }

  finish(): ImportResult {
    const { registry, out } = this;
    if (!registry || !out || out.length === 0) throw new ImportError('no counter lines: the file is empty');
    const known = registry.filter((e) => e.unit !== '' || e.category !== undefined);
    const kept = registry.filter((e) => !known.includes(e)).map((e) => e.name);
    const notes = [
      `samples placed ${this.ctx.intervalMs / 1000} s apart (dump lines carry no time; set --interval), starting at ${new Date(this.ctx.startMs).toISOString()} (${this.ctx.startFrom})`,
    ];
    if (this.blank) notes.push(`${this.blank} blank lines skipped`);
    const meta = baseMeta(this.ctx, 'irontide', registry, {}, this.ctx.startMs, this.ctx.intervalMs);
    return {
      data: out.build(meta),
      report: {
        format: 'irontide',
        samples: out.length,
        mapped: known.map((e) => ({ from: e.name, to: e.name })),
        derived: [],
        kept,
        leftOut: [],
        notes,
      },
    };
  }
}
