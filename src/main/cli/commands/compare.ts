import { basename } from 'node:path';
import type { Alignment } from '../../../shared/compare/align';
import { type HeadlineTableRow, headlineTable, runFigures } from '../../../shared/compare/compareGroups';
import {
  type CompareInput,
  type CompareRow,
  type Comparison,
  compareSessions,
  describeAlignment,
  type Figures,
  sessionInfo,
} from '../../../shared/compare/compareSessions';
import { groupComparison } from '../../../shared/compare/groupsJson';
import { type SettingDiff, settingsDiff } from '../../../shared/compare/provenance';
import { commonSpanS, limitSpan, parseSpanMode, type SpanMode } from '../../../shared/compare/span';
import { findingJson } from '../../../shared/findings';
import { formatDuration, formatRate, formatValue } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import { sessionFindings } from '../../../shared/session/findings';
import { readSessionFile, SessionFileError } from '../../storage/sessionFiles';
import { type Command, InputError, intOption, parseCommandArgs, UsageError } from '../args';
import { sayJson, sayLines, warn } from '../output';
import {
  type FailRule,
  groupsText,
  headlineJson,
  headlineText,
  parseFailRule,
  settingsText,
  table,
  worseThan,
} from './compareOutput';
import { shownFields } from './userFields';

const HELP = `Usage: tidegauge compare FILE FILE [FILE [FILE]] [options]
       tidegauge compare A1 [A2 ...] --vs B1 [B2 ...] [options]

Compare 2 to 4 saved sessions (Tidegauge .arrow files): first the headline figures (time to
complete, download and upload rate while active, time to first byte, waste and hash-failure
shares) with a verdict against the baseline, then what differed in how the runs were made
(settings diff), then metric by metric: total (counters), mean / p50 / p95 / max (counter rates
per second, gauge values). Sessions from different registries are matched by metric name.

With --vs, compares a group of runs against another (each as many runs as you like): per figure
the median and spread of each group, the change of the median with a bootstrap 95 % interval,
the Mann-Whitney rank test's p-value, and a verdict: "faster by 48 % (45-52 %)" or "no
significant difference". A verdict needs a change above the figure's minimum effect and, with
2+ runs a side, an interval that excludes no change. (3 runs a side: p is at least 0.1.)
Titles, tags and notes come from the library's sidecar beside each file, as in the app.

Options:
  --baseline N     which FILE is the baseline, 1-based (default 1)
  --align WHAT     start (default) | first-payload | complete | marker:NAME
                   measure each session from that point on
  --span WHAT      full (default): each session over its own span (aligned origin to its
                   end); common: every session cut to the shortest one's span. Counters are
                   also given per second of the span (JSON: perSecond)
  --stat S         the figure the text table shows: headline (default: total for counters,
                   mean for gauges) | mean | p50 | p95 | max
  --filter TEXT    only metrics whose name contains TEXT
  --changed        only metrics whose figure differs from the baseline
  --json           print JSON: headline figures, settings diff, groups and one entry per
                   metric and session, for pipelines
  --vs             the files after it are group B (the ones before it, group A: the baseline)
  --all            with --vs: list every metric, not only those with a verdict
  --fail-if-worse PCT[:FIGURE]
                   exit 3 when a headline figure (or FIGURE: a headline id such as
                   time_to_complete, or a metric name with --vs) got worse by PCT % or more
  -h, --help       show this help

Exit codes: 0 ok, 2 bad arguments, 1 a file cannot be read, 3 worse (--fail-if-worse).`;

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
  // A zero baseline has no percentage: the figure is new; a figure that fell to zero is gone.
  if (pct === null) return v > bv ? 'new' : 'changed';
  if (v === 0) return `gone${good}`;
  const d = row.deltas[k];
  const text = `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
  // Below the minimum effect (verdict.ts) a change is shown but not judged.
  return stat === 'headline' && d?.verdict === 'same' ? `${text} ~` : text + good;
}

export function renderText(
  c: Comparison,
  files: readonly string[],
  stat: Stat,
  rows: readonly CompareRow[],
  extra?: { headline: readonly HeadlineTableRow[]; settings: readonly SettingDiff[] },
): string {
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
  if (extra) {
    out.push(headlineText(extra.headline, c.baseline), '');
    out.push(settingsText(extra.settings), '');
  }
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
        // Every total also per second of the session's compared span (runs of different length).
        const spanS = c.sessions[k]?.spanS ?? Number.NaN;
        const perSecond = f.total !== null && spanS > 0 ? f.total / spanS : null;
        return {
          ...base,
          ...f,
          perSecond,
          deltaAbs: d?.abs ?? null,
          deltaPct: d?.pct ?? null,
          verdict: d?.verdict ?? null,
        };
      }),
    ),
    onlyIn: c.onlyIn.map((o) => ({ metric: o.name, sessions: o.sessions.map((k) => k + 1) })),
  };
}

const OPTIONS = {
  baseline: { type: 'string' },
  align: { type: 'string' },
  stat: { type: 'string' },
  span: { type: 'string' },
  filter: { type: 'string' },
  changed: { type: 'boolean' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  'fail-if-worse': { type: 'string' },
} as const;

export const compare: Command = {
  name: 'compare',
  help: HELP,
  async run(argv) {
    const vsAt = argv.indexOf('--vs');
    const { values, positionals } = parseCommandArgs(
      vsAt < 0 ? argv : [...argv.slice(0, vsAt), ...argv.slice(vsAt + 1)],
      OPTIONS,
      true,
    );
    const fail = parseFailRule(values['fail-if-worse']);
    const alignment = parseAlignment(values.align);
    const span = parseSpanMode(values.span);
    if (!span) throw new UsageError(`--span must be full or common, got "${values.span}"`);
    if (vsAt >= 0) return runGroups(argv, vsAt, positionals, alignment, span, values, fail);
    if (positionals.length < 2 || positionals.length > 4) {
      throw new UsageError(`give 2 to 4 session files (or groups: A1 A2 --vs B1 B2), got ${positionals.length}`);
    }
    const baseline = (intOption(values.baseline, 'baseline', 1, positionals.length) ?? 1) - 1;
    const stat = (values.stat ?? 'headline') as Stat;
    if (!STATS.includes(stat)) throw new UsageError(`--stat must be one of ${STATS.join(', ')}, got "${values.stat}"`);

    const opened = await openAll(positionals);
    const whole = opened.map((o) => o.input);
    // The common span: every session cut to the shortest one's (span.ts).
    const spanS = span === 'common' ? commonSpanS(whole.map((input) => sessionInfo(input, alignment))) : undefined;
    const inputs = whole.map((input) => limitSpan(input, alignment, spanS));
    const c = compareSessions(inputs, { baseline, alignment });
    const runs = inputs.map((input) => runFigures(input, alignment));
    const headline = headlineTable(runs, baseline);
    const settings = settingsDiff(c.sessions.map((s) => s.settings));
    const worse = fail
      ? headline.flatMap((h) =>
          worseThan(
            fail,
            h.vs.flatMap((v) => (v ? [{ id: h.id, result: v.result }] : [])),
          ),
        )
      : [];
    if (values.json) {
      sayJson({
        ...renderJson(c, positionals),
        span: { mode: span, seconds: spanS ?? null },
        headline: headline.map((h) => ({
          figure: h.id,
          label: h.label,
          unit: h.unit,
          better: h.better,
          values: h.values,
          vs: h.vs.map((v) => (v ? headlineJson(v) : null)),
        })),
        tags: opened.map((o) => o.fields.tags),
        notes: opened.map((o) => o.fields.notes ?? null),
        settingsDiff: settings,
        failed: fail ? worse : undefined,
        // Each session's findings, by the same rules as `info` and reports.
        findings: inputs.map((input, k) => ({
          session: k + 1,
          findings: sessionFindings(input.data).map(findingJson),
        })),
      });
    } else {
      let rows = c.rows;
      if (values.filter) rows = rows.filter((r) => r.name.includes(values.filter as string));
      if (values.changed) rows = rows.filter((r) => r.deltas.some((d) => d !== null && d.abs !== 0));
      sayLines(renderText(c, positionals, stat, rows, { headline, settings }));
      for (const o of opened) for (const w of o.warnings) warn(`warning: ${o.path}: ${w}`);
    }
    return failExit(fail, worse);
  },
};

function failExit(fail: FailRule | null, worse: readonly string[]): number {
  if (!fail || worse.length === 0) return 0;
  warn(`worse by ${fail.pct} % or more: ${[...new Set(worse)].join(', ')}`);
  return 3;
}

async function openAll(files: readonly string[]) {
  const out = [];
  for (const f of files) {
    let o: Awaited<ReturnType<typeof readSessionFile>>;
    try {
      o = await readSessionFile(f);
    } catch (e) {
      if (e instanceof SessionFileError) throw new InputError(e.message);
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new InputError(`${f}: no such file`);
      throw new InputError(`${f}: ${err.message}`);
    }
    const fields = await shownFields(f, o.data.meta);
    out.push({
      path: o.path,
      warnings: o.warnings,
      fields,
      input: { id: o.data.meta.id, title: fields.title ?? basename(f), data: o.data } satisfies CompareInput,
    });
  }
  return out;
}

async function runGroups(
  argv: readonly string[],
  vsAt: number,
  positionals: readonly string[],
  alignment: Alignment,
  span: SpanMode,
  values: { json?: boolean; all?: boolean },
  fail: FailRule | null,
): Promise<number> {
  // The files before --vs are group A (the options may sit on either side).
  const nA = parseCommandArgs(argv.slice(0, vsAt), OPTIONS, true).positionals.length;
  const filesA = positionals.slice(0, nA);
  const filesB = positionals.slice(nA);
  if (filesA.length === 0 || filesB.length === 0) throw new UsageError('give at least one file on each side of --vs');
  const a = (await openAll(filesA)).map((o) => o.input);
  const b = (await openAll(filesB)).map((o) => o.input);
  // The same data path as the app's Groups view and the group report (groupsJson.ts).
  const { comparison: g, json } = await groupComparison(
    a,
    b,
    { a: filesA, b: filesB },
    // Totals and means only: the percentiles, most of the cost, are not part of a group figure.
    async (input, spanS) => runFigures(input, alignment, spanS, true),
    span,
    async (input) => sessionInfo(input, alignment).spanS,
  );
  const worse = fail
    ? worseThan(fail, [...g.headline, ...g.metrics.map((m) => ({ id: m.name, result: m.result }))])
    : [];
  if (values.json) {
    sayJson({ ...json, failed: fail ? worse : undefined });
  } else {
    if (json.span.seconds !== null)
      sayLines(`Over the common span: the first ${formatDuration(json.span.seconds)} of each run.`);
    sayLines(groupsText(g, filesA, filesB, values.all === true));
    sayLines(`\n${settingsText(json.settingsDiff)}`);
  }
  return failExit(fail, worse);
}
