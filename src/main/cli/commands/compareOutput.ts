import { basename } from 'node:path';
import type { GroupComparison, HeadlineTableRow } from '../../../shared/compare/compareGroups';
import type { CompareSessionInfo } from '../../../shared/compare/compareSessions';
import { type SettingDiff, settingsDiff } from '../../../shared/compare/provenance';
import type { GroupFigure } from '../../../shared/compare/verdict';
import { formatValue } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import { UsageError } from '../args';

/* The parts of `compare`'s output that come before the metric table: headline figures, settings diff, groups. */

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const value = (v: number | null, unit: string) => (v === null ? 'n/a' : formatValue(v, unit));

/** Headline figures of 2–4 sessions: each value, then each session's verdict against the baseline. */
export function headlineText(rows: readonly HeadlineTableRow[], baseline: number): string {
  const n = rows[0]?.values.length ?? 0;
  const headers = ['headline', ...Array.from({ length: n }, (_, k) => `${k + 1}${k === baseline ? '*' : ''}`)];
  for (let k = 0; k < n; k++) if (k !== baseline) headers.push(`${k + 1} vs ${baseline + 1}`);
  const body = rows.map((r) => {
    const cells = [r.label, ...r.values.map((v) => value(v, r.unit))];
    r.vs.forEach((h, k) => {
      if (k !== baseline) cells.push(h?.text ?? '');
    });
    return cells;
  });
  return table(headers, body);
}

/** "what differed between these runs" */
export function settingsText(diff: readonly SettingDiff[]): string {
  if (diff.length === 0) return 'Settings: the same in every session (as far as they record them).';
  const n = diff[0]?.values.length ?? 0;
  const headers = ['setting that differs', ...Array.from({ length: n }, (_, k) => String(k + 1))];
  return table(
    headers,
    diff.map((d) => [
      printable(d.name),
      ...d.values.map((v) => (v === null ? '(not recorded)' : printable(v).slice(0, 60))),
    ]),
  );
}

function spreadText(g: GroupFigure['a'], unit: string): string {
  return g.n > 1
    ? `${formatValue(g.median, unit)} (${formatValue(g.min, unit)}–${formatValue(g.max, unit)})`
    : formatValue(g.median, unit);
}

function pText(p: number): string {
  return Number.isFinite(p) ? `p=${p < 0.001 ? '<0.001' : p.toFixed(3)}` : '';
}

function groupRow(label: string, unit: string, r: GroupFigure | null, text: string): string[] {
  if (!r) return [label, '', '', '', text];
  return [label, spreadText(r.a, unit), spreadText(r.b, unit), pText(r.p), text];
}

export function sessionLine(s: CompareSessionInfo, file: string, k: string): string {
  const parts = [
    `${k} ${printable(basename(file))}`,
    s.title && s.title !== basename(file) ? `"${printable(s.title)}"` : '',
    `${s.samples} samples`,
  ].filter(Boolean);
  return `  ${parts.join(' · ')}`;
}

/** A group comparison as text: the headline figures, then the metrics with a verdict (or all with --all). */
export function groupsText(
  g: GroupComparison,
  filesA: readonly string[],
  filesB: readonly string[],
  all: boolean,
): string {
  const out: string[] = [];
  out.push(`Comparing ${g.a.length} runs (A, the baseline) against ${g.b.length} runs (B).`);
  for (const [k, s] of g.a.entries()) out.push(sessionLine(s, filesA[k] ?? s.id, `A${k + 1}`));
  for (const [k, s] of g.b.entries()) out.push(sessionLine(s, filesB[k] ?? s.id, `B${k + 1}`));
  out.push('');
  const headers = ['figure', 'A median (min–max)', 'B median (min–max)', 'rank test', 'B against A'];
  out.push(
    table(
      headers,
      g.headline.map((h) => groupRow(h.label, h.unit, h.result, h.text)),
    ),
  );
  const metrics = all ? g.metrics : g.metrics.filter((m) => m.result && m.result.verdict !== 'no difference');
  out.push('');
  if (metrics.length)
    out.push(
      table(
        ['metric', 'A', 'B', 'rank test', 'B against A'],
        metrics.map((m) => groupRow(printable(m.name), m.unit, m.result, m.text)),
      ),
    );
  else out.push('No metric differs beyond its minimum effect and the noise.');
  out.push(
    '',
    'Counters per second of each run\u2019s compared span, gauges by their mean. Intervals: bootstrap 95 % of the change of the median.',
  );
  return out.join('\n');
}

export interface FailRule {
  readonly pct: number;
  /** A headline id or a metric name; null: any headline figure. */
  readonly figure: string | null;
}

export function parseFailRule(text: string | undefined): FailRule | null {
  if (text === undefined) return null;
  const [p, ...rest] = text.split(':');
  const pct = Number(p);
  if (!p || !Number.isFinite(pct) || pct < 0)
    throw new UsageError(`--fail-if-worse must be PCT or PCT:FIGURE, got "${text}"`);
  return { pct, figure: rest.length ? rest.join(':') : null };
}

/** The figures that got worse by at least the rule's percentage (what --fail-if-worse fails on). */
export function worseThan(rule: FailRule, rows: readonly { id: string; result: GroupFigure | null }[]): string[] {
  return rows
    .filter((r) => (rule.figure === null ? true : r.id === rule.figure))
    .filter(
      (r) =>
        r.result?.verdict === 'worse' && Math.abs((r.result.change.rel ?? Number.POSITIVE_INFINITY) * 100) >= rule.pct,
    )
    .map((r) => r.id);
}

// One module builds the JSON of headline rows for the CLI, the app and the reports.
export { headlineJson } from '../../../shared/compare/groupsJson';

export { settingsDiff };
