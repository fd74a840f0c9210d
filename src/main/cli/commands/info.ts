import { provenanceSettings, settingsSummary } from '../../../shared/compare/provenance';
import { findingJson } from '../../../shared/findings';
import { formatBytes, formatDuration, formatValue } from '../../../shared/format';
import { printable } from '../../../shared/printable';
import type { ImportReport } from '../../../shared/session/import/index';
import { type Command, parseCommandArgs, UsageError } from '../args';
import { say, sayJson } from '../output';
import { readInfo } from './infoSource';
import { asInputErrors, intervalOption, onePositional } from './sessionArgs';
import { shownFields } from './userFields';

const HELP = `Usage: tidegauge info FILE [options]

Describe a saved session: source, start, duration, sample count, registry, and a summary per
metric category (how many metrics were reported and moved, and the largest counter totals).
FILE is a Tidegauge session (.arrow). A CSV, irontide dump or libtorrent log is read in memory
as \`import\` would, and its import report is shown too. The file is never changed.

Options:
  --format F      csv | irontide | libtorrent, for a non-session FILE (default: detected)
  --interval S    seconds between samples for inputs without times (default 1)
  --registry      list every metric (index, name, kind, unit)
  --json          print the summary as JSON
  -h, --help      show this help

Exit codes: 0 ok, 1 the file cannot be read, 2 bad arguments.`;

export function printReport(r: ImportReport, log: (s: string) => void): void {
  log(`Import report (${r.format}, ${r.samples} samples):`);
  log(
    `  mapped    ${r.mapped.length}${r.mapped.length ? `: ${r.mapped.map((m) => (m.from === m.to ? m.to : `${m.from} -> ${m.to}`)).join(', ')}` : ''}`,
  );
  log(
    `  derived   ${r.derived.length}${r.derived.length ? `: ${r.derived.map((d) => `${d.to} = ${d.how}`).join('; ')}` : ''}`,
  );
  if (r.kept.length)
    log(
      `  kept      ${r.kept.length} under their own names: ${r.kept.slice(0, 12).join(', ')}${r.kept.length > 12 ? ', ...' : ''}`,
    );
  log(
    `  left out  ${r.leftOut.length}${r.leftOut.length ? `: ${r.leftOut.slice(0, 12).join(', ')}${r.leftOut.length > 12 ? `, ... (${r.leftOut.length - 12} more)` : ''}` : ''}`,
  );
  for (const n of r.notes) log(`  note: ${n}`);
}

export const info: Command = {
  name: 'info',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        interval: { type: 'string' },
        registry: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    const file = onePositional(positionals, 'FILE');
    const format = values.format;
    if (format !== undefined && !['csv', 'irontide', 'libtorrent'].includes(format))
      throw new UsageError(`--format must be csv, irontide or libtorrent, got "${format}"`);
    const intervalS = intervalOption(values.interval);
    const got = await asInputErrors(() => readInfo(file, { format: format as 'csv' | undefined, intervalS }));
    const { meta, opened, imported, startedAt, samples, diagOn, cats, invariants } = got;
    const found = got.findings;
    const dur = got.durationMs / 1000;
    const fields = await shownFields(file, meta);
    const settings = provenanceSettings(meta);
    if (values.json) {
      sayJson({
        file,
        id: meta.id,
        state: opened?.state ?? 'imported',
        sizeBytes: opened?.sizeBytes ?? null,
        title: fields.title ?? null,
        tags: fields.tags,
        notes: fields.notes ?? null,
        source: meta.source,
        provenance: meta.provenance ?? null,
        settings,
        origin: meta.origin,
        appVersion: meta.appVersion,
        startedAt: startedAt !== null ? new Date(startedAt).toISOString() : null,
        durationS: dur,
        samples,
        intervalMs: meta.intervalMs,
        metrics: meta.registry.length,
        registry: values.registry ? meta.registry : undefined,
        findings: found.map(findingJson),
        categories: cats,
        warnings: opened?.warnings ?? [],
        invariants,
        importReport: imported?.report,
      });
      return 0;
    }
    const log = say;
    log(`${file}`);
    if (fields.title) log(`  title      ${printable(fields.title)}`);
    if (fields.tags.length) log(`  tags       ${fields.tags.map(printable).join(', ')}`);
    if (fields.notes) log(`  notes      ${printable(fields.notes.split('\n')[0] ?? '')}`);
    log(
      `  source     ${meta.source ? `${meta.source.label}${meta.source.detail ? ` (${meta.source.detail})` : ''}` : 'none'}`,
    );
    log(
      `  origin     ${meta.origin.type === 'import' ? `imported from ${meta.origin.format} file ${meta.origin.file}` : meta.origin.type}`,
    );
    log(
      `  state      ${opened?.state ?? 'not a session file (read as an import)'}${opened ? `, ${formatBytes(opened.sizeBytes)}` : ''}`,
    );
    log(`  started    ${startedAt !== null ? new Date(startedAt).toISOString() : '(no samples)'}`);
    log(`  duration   ${formatDuration(dur)}`);
    log(`  samples    ${samples} (interval ${meta.intervalMs} ms)`);
    log(
      `  registry   ${meta.registry.length} metrics, ${Object.keys(meta.notReported).length} not reported by the source; app ${meta.appVersion}`,
    );
    const made = settingsSummary(settings);
    if (made) log(`  settings   ${printable(made)}`);
    if (settings['source version']) log(`  engine     ${printable(settings['source version'])}`);
    if (settings.host)
      log(`  host       ${printable(settings.host)}${settings.platform ? ` (${printable(settings.platform)})` : ''}`);
    if (settings['command line']) log(`  command    ${printable(settings['command line'])}`);
    log(`  diagnostics on for ${diagOn} of ${samples} samples`);
    log(
      `  invariants ${invariants.checked} samples checked, ${invariants.violations} violation${invariants.violations === 1 ? '' : 's'}`,
    );
    for (const v of invariants.recent.slice(-5))
      log(`  violation  ${new Date(v.t).toISOString()} ${v.rule}: ${v.detail}`);
    for (const w of opened?.warnings ?? []) log(`  warning: ${w}`);
    log('');
    // What the numbers say comes before the numbers.
    log(found.length ? 'Findings:' : 'Findings: none (no rule holds for this session)');
    for (const f of found) {
      const when = f.ranges.map((r) => `${new Date(r.from).toISOString()} - ${new Date(r.to).toISOString()}`);
      log(`  ${f.severity === 'warning' ? '!' : 'i'} ${f.title}: ${f.measured}`);
      log(`    ${f.why}`);
      log(`    when: ${when.slice(0, 3).join(', ')}${when.length > 3 ? `, ... (${when.length - 3} more)` : ''}`);
    }
    log('');
    log('Per category (metrics / reported / moving; largest counter totals):');
    for (const c of cats) {
      const top = c.items
        .filter((m) => m.total !== null && m.total > 0)
        .sort((a, b) => (b.total ?? 0) - (a.total ?? 0))
        .slice(0, 3)
        .map((m) => `${m.name} +${formatValue(m.total ?? 0, m.unit)}`);
      log(
        `  ${c.category.padEnd(12)} ${String(c.metrics).padStart(3)} / ${String(c.reported).padStart(3)} / ${String(c.moving).padStart(3)}${top.length ? `   ${top.join(', ')}` : ''}`,
      );
    }
    if (values.registry) {
      log('');
      log('Registry:');
      meta.registry.forEach((e, i) => {
        const nr = meta.notReported[String(i)];
        log(
          `  ${String(i).padStart(3)}  ${e.name.padEnd(36)} ${e.kind.padEnd(7)} ${e.unit.padEnd(5)}${nr ? ` not reported: ${nr}` : ''}`,
        );
      });
    }
    if (imported) {
      log('');
      printReport(imported.report, log);
    }
    return 0;
  },
};
