import { basename } from 'node:path';
import type { Alignment } from '../../../shared/compare/align';
import {
  type CompareRow,
  type Comparison,
  compareSessions,
  describeAlignment,
  type Figures,
} from '../../../shared/compare/compareSessions';
import { findingJson, findings } from '../../../shared/findings';
import { formatDuration, formatRate, formatValue } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import { readSessionFile, SessionFileError } from '../../storage/sessionFiles';
import { type Command, InputError, intOption, parseCommandArgs, UsageError } from '../args';
import { sayJson, sayLines, warn } from '../output';

const HELP = `Usage: tidegauge compare FILE FILE [FILE [FILE]] [options]

Compare 2 to 4 saved sessions (Tidegauge .arrow files) metric by metric: total (counters),
mean / p50 / p95 / max (counter rates per second, gauge values), time to complete, and the
change of each session against the baseline. Sessions from different registries are matched
by metric name; what exists on one side only is listed.

Options:
  --baseline N     which FILE is the baseline, 1-based (default 1)
  --align WHAT     start (default) | first-payload | complete | marker:NAME
                   measure each session from that point on
  --stat S         the figure the text table shows: headline (default: total for counters,
                   mean for gauges) | mean | p50 | p95 | max
  --filter TEXT    only metrics whose name contains TEXT
  --changed        only metrics whose figure differs from the baseline
  --json           print JSON: one entry per metric and session, for pipelines
  -h, --help       show this help

Exit codes: 0 ok, 2 bad arguments, 1 a file cannot be read.`;

type Stat = 'headline' | 'mean' | 'p50' | 'p95' | 'max';
const STATS: readonly Stat[] = ['headline', 'mean', 'p50', 'p95', 'max'];

export function parseAlignment(text: string | undefined): Alignment {
  if (text === undefined || text === 'start') return { kind: 'start' };
  if (text === 'first-payload') return { kind: 'event', event: 'firstPayload' };
  if (text === 'complete') return { kind: 'event', event: 'complete' };
  if (text.startsWith('marker:') && text.length > 7) return { kind: 'marker', name: text.slice(7) };
  throw new UsageError(`--align must be start, first-payload, complete or marker:NAME, got "${text}"`);
}

function pick(f: Figures, stat: Stat, kind: 'counter' | 'gauge'): number {
  if (stat === 'headline') return kind === 'counter' ? (f.total ?? Number.NaN) : f.mean;
  return f[stat];
}

function cell(row: CompareRow, k: number, stat: Stat): string {
  const f = row.sessions[k];
  if (f === undefined) return '';
  if (typeof f === 'string') return f;
  const v = pick(f, stat, row.kind);
  // Counters' statistics other than the total are of their per-second rates.
  return row.kind === 'counter' && stat !== 'headline' ? formatRate(v, row.unit) : formatValue(v, row.unit);
}

function deltaCell(row: CompareRow, k: number, base: number, stat: Stat): string {
  const f = row.sessions[k];
  const b = row.sessions[base];
  if (typeof f !== 'object' || typeof b !== 'object') return '';
  const v = pick(f, stat, row.kind);
  const bv = pick(b, stat, row.kind);
  if (!Number.isFinite(v) || !Number.isFinite(bv)) return '';
  if (v === bv) return '=';
  const pct = bv === 0 ? null : ((v - bv) / Math.abs(bv)) * 100;
  const good = row.better === 'neutral' ? '' : (row.better === 'higher') === v > bv ? ' better' : ' worse';
  const text = pct === null ? (v > bv ? '+new' : '-') : `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
  return text + good;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function renderText(c: Comparison, files: readonly string[], stat: Stat, rows: readonly CompareRow[]): string {
  const out: string[] = [];
  out.push(`Comparing ${c.sessions.length} sessions, baseline ${c.baseline + 1}; ${describeAlignment(c.alignment)}.`);
  c.sessions.forEach((s, k) => {
    const parts = [
      `${k + 1}${k === c.baseline ? '*' : ' '} ${printable(basename(files[k] ?? s.id))}`,
      s.title ? `"${printable(s.title)}"` : '',
      `${s.samples} samples, ${formatDuration(s.durationS)}`,
      s.timeToCompleteS === null ? 'download not complete' : `complete after ${formatDuration(s.timeToCompleteS)}`,
      s.hasDiagnostics ? 'diagnostics on' : 'diagnostics off',
      s.alignmentError ? `alignment: ${printable(s.alignmentError)}, using its start` : '',
    ].filter(Boolean);
    out.push(`  ${parts.join(' · ')}`);
  });
  out.push('');
  const headers = ['metric', ...c.sessions.map((_, k) => `${k + 1}${k === c.baseline ? '*' : ''}`)];
  for (let k = 0; k < c.sessions.length; k++) if (k !== c.baseline) headers.push(`Δ ${k + 1}`);
  const body = rows.map((r) => {
    const cells = [printable(r.name), ...c.sessions.map((_, k) => cell(r, k, stat))];
    for (let k = 0; k < c.sessions.length; k++) if (k !== c.baseline) cells.push(deltaCell(r, k, c.baseline, stat));
    return cells;
  });
  out.push(table(headers, body));
  const statName = stat === 'headline' ? 'total for counters, mean for gauges' : `${stat} (counters per second)`;
  out.push('', `Figures: ${statName}. * baseline.`);
  if (c.onlyIn.length) {
    out.push('', 'Only in some sessions:');
    for (const o of c.onlyIn) out.push(`  ${printable(o.name)}: ${o.sessions.map((k) => k + 1).join(', ')}`);
  }
  return out.join('\n');
}

export function renderJson(c: Comparison, files: readonly string[]) {
  return {
    baseline: c.baseline + 1,
    alignment: c.alignment,
    sessions: c.sessions.map((s, k) => ({ session: k + 1, file: files[k], ...s })),
    entries: c.rows.flatMap((r) =>
      r.sessions.map((f, k) => {
        const d = r.deltas[k];
        const base = { metric: r.name, kind: r.kind, unit: r.unit, better: r.better, session: k + 1 };
        if (typeof f === 'string') return { ...base, missing: f };
        return { ...base, ...f, deltaAbs: d?.abs ?? null, deltaPct: d?.pct ?? null, verdict: d?.verdict ?? null };
      }),
    ),
    onlyIn: c.onlyIn.map((o) => ({ metric: o.name, sessions: o.sessions.map((k) => k + 1) })),
  };
}

export const compare: Command = {
  name: 'compare',
  summary: 'compare 2-4 saved sessions metric by metric against a baseline',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        baseline: { type: 'string' },
        align: { type: 'string' },
        stat: { type: 'string' },
        filter: { type: 'string' },
        changed: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length < 2 || positionals.length > 4) {
      throw new UsageError(`give 2 to 4 session files, got ${positionals.length}`);
    }
    const baseline = (intOption(values.baseline, 'baseline', 1, positionals.length) ?? 1) - 1;
    const alignment = parseAlignment(values.align);
    const stat = (values.stat ?? 'headline') as Stat;
    if (!STATS.includes(stat)) throw new UsageError(`--stat must be one of ${STATS.join(', ')}, got "${values.stat}"`);

    const opened = [];
    for (const f of positionals) {
      try {
        opened.push(await readSessionFile(f));
      } catch (e) {
        if (e instanceof SessionFileError) throw new InputError(e.message);
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ENOENT') throw new InputError(`${f}: no such file`);
        throw new InputError(`${f}: ${err.message}`);
      }
    }
    const c = compareSessions(
      opened.map((o, k) => ({
        id: o.data.meta.id,
        title: o.data.meta.title ?? basename(positionals[k] as string),
        data: o.data,
      })),
      { baseline, alignment },
    );
    if (values.json) {
      // Each session's findings, by the same rules as `info` and reports.
      const found = opened.map((o, k) => ({
        session: k + 1,
        findings: findings({ ...o.data, registry: o.data.meta.registry }).map(findingJson),
      }));
      sayJson({ ...renderJson(c, positionals), findings: found });
      return 0;
    }
    let rows = c.rows;
    if (values.filter) rows = rows.filter((r) => r.name.includes(values.filter as string));
    if (values.changed) rows = rows.filter((r) => r.deltas.some((d) => d !== null && d.abs !== 0));
    sayLines(renderText(c, positionals, stat, rows));
    for (const o of opened) for (const w of o.warnings) warn(`warning: ${o.path}: ${w}`);
    return 0;
  },
};
