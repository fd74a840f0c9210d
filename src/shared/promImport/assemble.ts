import { builtinRegistry, metricIndex } from '../registry';
import type { RegistryEntry } from '../registry-types';
import { ColumnBuilder } from '../session/data';
import { ImportError, type ImportReport, type ImportResult } from '../session/import/common';
import { finishImport } from '../session/import/finish';
import type { SessionMeta } from '../session/meta';
import { seriesMapping, WHERE_LABELS } from './names';

/*
 * A range of one Prometheus instance as a session. query_range answers on a grid (start, start
 * + step, ...): each series is laid on that grid, a step with no sample stays NaN (a null in
 * the file: a scrape that failed or a target that was down is a gap, never a zero). Counters
 * are kept as the exporter counted them, resets included: our rates and totals read a drop as
 * a reset and count from zero after it, as for every other source. Series our tables know are
 * put under our names and units; every other series is kept as an extra column under its own.
 */

/** One series of a query_range matrix. */
export interface PromMatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

/** Prometheus' metric types (from /api/v1/metadata) by name, where the server knows them. */
export type PromTypes = Readonly<Record<string, string>>;

export interface PromProvenance {
  /** The server, without credentials: http://host:9090. */
  readonly server: string;
  readonly query: string;
  readonly instance: string;
  /** Epoch seconds of the range asked for, and the step in seconds. */
  readonly from: number;
  readonly to: number;
  readonly stepS: number;
}

export interface PromImportContext extends PromProvenance {
  readonly id: string;
  readonly appVersion: string;
  readonly title?: string;
}

function seriesKey(metric: Readonly<Record<string, string>>): string {
  const name = metric.__name__ ?? '';
  const rest = Object.keys(metric)
    .filter((k) => k !== '__name__' && !WHERE_LABELS.has(k))
    .sort()
    .map((k) => `${k}="${metric[k]}"`);
  return rest.length ? `${name}{${rest.join(',')}}` : name;
}

function unitOf(name: string): string {
  if (/_bytes(_total)?$/.test(name)) return 'B';
  if (/_seconds(_total)?$/.test(name)) return 's';
  return '';
}

function kindOf(name: string, types: PromTypes): 'counter' | 'gauge' {
  const t = types[name];
  if (t) return t === 'counter' ? 'counter' : 'gauge';
  return name.endsWith('_total') ? 'counter' : 'gauge';
}

/** Lays query_range pages onto one grid; finish() turns them into a session. */
export class PromRangeAssembler {
  private readonly rows: number;
  private readonly series = new Map<
    string,
    { name: string; metric: Readonly<Record<string, string>>; values: Float64Array }
  >();
  private points = 0;

  constructor(private readonly ctx: PromImportContext) {
    if (!(ctx.stepS > 0)) throw new ImportError(`step must be more than 0 s, got ${ctx.stepS}`);
    if (!(ctx.to >= ctx.from)) throw new ImportError('the range ends before it starts');
    this.rows = Math.floor((ctx.to - ctx.from) / ctx.stepS + 1e-9) + 1;
  }

  /** One page's matrix (any part of the range). */
  add(result: readonly PromMatrixSeries[]): void {
    const { from, stepS } = this.ctx;
    for (const s of result) {
      const key = seriesKey(s.metric);
      let e = this.series.get(key);
      if (!e) {
        e = { name: s.metric.__name__ ?? key, metric: s.metric, values: new Float64Array(this.rows).fill(Number.NaN) };
        this.series.set(key, e);
      }
      for (const [t, v] of s.values) {
        const r = Math.round((t - from) / stepS);
        if (r < 0 || r >= this.rows) continue;
        e.values[r] = Number(v);
        this.points++;
      }
    }
  }

  finish(types: PromTypes = {}): ImportResult {
    if (this.points === 0)
      throw new ImportError(`no samples of ${this.ctx.query} between ${iso(this.ctx.from)} and ${iso(this.ctx.to)}`);
    const builtin = builtinRegistry();
    const ours: (Float64Array | null)[] = builtin.map(() => null);
    const factors = builtin.map(() => 1);
    const mapped: { from: string; to: string }[] = [];
    const extras: { entry: RegistryEntry; values: Float64Array }[] = [];
    const exporters = new Set<string>();
    for (const [key, s] of [...this.series].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const m = seriesMapping(s.metric);
      const i = m ? metricIndex(m.to) : -1;
      if (m && i >= 0 && ours[i] === null) {
        ours[i] = s.values;
        factors[i] = m.factor;
        mapped.push({ from: s.name, to: m.to });
        exporters.add(m.exporter);
        continue;
      }
      extras.push({ entry: { name: key, kind: kindOf(s.name, types), unit: unitOf(s.name) }, values: s.values });
    }
    const useBuiltin = mapped.length > 0;
    const registry = [...(useBuiltin ? builtin : []), ...extras.map((x) => x.entry)];
    const cols = [...(useBuiltin ? ours : []), ...extras.map((x) => x.values)];
    const notReported: Record<string, string> = {};
    const by = [...exporters].join(', ');
    if (useBuiltin)
      ours.forEach((c, i) => {
        if (c === null) notReported[String(i)] = `not in Prometheus for this instance and range (${by})`;
      });
    const out = this.collect(registry, cols, factors);
    const resets = countResets(registry, cols);
    const notes = [
      `${this.ctx.server}: ${this.ctx.query}, ${iso(this.ctx.from)} to ${iso(this.ctx.to)} every ${this.ctx.stepS} s (instance ${this.ctx.instance})`,
      ...(resets
        ? [`${resets} counter resets (exporter restarts) kept: rates and totals count from zero after each`]
        : []),
      ...(out.gaps ? [`${out.gaps} gaps (no sample for a step: target down or a scrape missed) kept as gaps`] : []),
    ];
    const meta: SessionMeta = {
      format: 'tidegauge-session',
      version: 1,
      id: this.ctx.id,
      appVersion: this.ctx.appVersion,
      startedAt: out.firstT,
      intervalMs: this.ctx.stepS * 1000,
      source: {
        kind: 'prometheus',
        label: `Prometheus ${this.ctx.server} · ${this.ctx.instance}`.slice(0, 500),
        detail: `query_range ${this.ctx.query} step ${this.ctx.stepS}s`.slice(0, 2000),
      },
      registry,
      notReported,
      origin: {
        type: 'import',
        format: 'prometheus',
        file: this.ctx.server.slice(0, 1000),
        prometheus: {
          server: this.ctx.server,
          query: this.ctx.query,
          instance: this.ctx.instance,
          from: this.ctx.from,
          to: this.ctx.to,
          stepS: this.ctx.stepS,
        },
      },
      ...(this.ctx.title ? { title: this.ctx.title } : {}),
    };
    const report: ImportReport = {
      format: 'prometheus',
      samples: out.builder.length,
      mapped,
      derived: [],
      kept: extras.map((x) => x.entry.name),
      leftOut: [],
      notes,
    };
    return finishImport({ data: out.builder.build(meta), report });
  }

  /**
   * Rows from the first step with a sample to the last; a run of steps without any sample
   * becomes one row of nulls (the gap), not a run of them: a day-long outage costs one row.
   */
  private collect(registry: readonly RegistryEntry[], cols: readonly (Float64Array | null)[], factors: number[]) {
    const width = registry.length;
    const builder = new ColumnBuilder(width, Math.min(this.rows, 1 << 16));
    const row = new Float64Array(width);
    const diagIdx = registry.flatMap((e, i) => (e.diagnostic ? [i] : []));
    let gaps = 0;
    let inGap = false;
    let last = -1;
    for (let r = 0; r < this.rows; r++) {
      let any = false;
      for (let i = 0; i < width; i++) {
        const c = cols[i];
        const v = c ? (c[r] as number) * (factors[i] ?? 1) : Number.NaN;
        row[i] = v;
        if (!Number.isNaN(v)) any = true;
      }
      if (!any) {
        if (last >= 0 && !inGap) {
          builder.push((this.ctx.from + r * this.ctx.stepS) * 1000, false, row);
          inGap = true;
          gaps++;
        }
        continue;
      }
      inGap = false;
      last = builder.length;
      builder.push(
        (this.ctx.from + r * this.ctx.stepS) * 1000,
        diagIdx.some((i) => !Number.isNaN(row[i] as number)),
        row,
      );
    }
    // A trailing gap row says nothing the end of the range does not.
    const firstT = builder.length ? (builder.build(metaStub()).t[0] as number) : this.ctx.from * 1000;
    if (inGap) return { builder: trimmed(builder, width, last + 1), gaps: gaps - 1, firstT };
    return { builder, gaps, firstT };
  }
}

function trimmed(b: ColumnBuilder, width: number, n: number): ColumnBuilder {
  const d = b.build(metaStub());
  const out = new ColumnBuilder(width, n);
  out.appendBlock(n, d.t, d.diagnostics, d.columns);
  return out;
}

/** build() only copies the meta it is given; reading the columns needs none. */
function metaStub(): SessionMeta {
  return {} as SessionMeta;
}

function countResets(registry: readonly RegistryEntry[], cols: readonly (Float64Array | null)[]): number {
  let n = 0;
  registry.forEach((e, i) => {
    const c = cols[i];
    if (e.kind !== 'counter' || !c) return;
    let prev = Number.NaN;
    for (const v of c) {
      if (Number.isNaN(v)) continue;
      if (v < prev) n++;
      prev = v;
    }
  });
  return n;
}

function iso(s: number): string {
  return new Date(s * 1000).toISOString();
}
