import { existsSync } from 'node:fs';
import { PANELS } from '../../../shared/panels';
import { EngineError, renderReport } from '../../report/capture';
import { RENDERERS, type RendererOption } from '../../report/renderer';
import { writeOutput } from '../../storage/outputFile';
import { SessionFileError } from '../../storage/sessionFiles';
import { type Command, InputError, intOption, parseCommandArgs, UsageError } from '../args';

const HELP = `Usage: tidegauge report FILE... -o OUT.png [options]
       tidegauge report A1 [A2 ...] --vs B1 [B2 ...] -o OUT.png [options]

Write a PNG report of one saved session, or with --compare of 2 to 4: title, session details
(source, start, duration, diagnostics, tags, notes), key numbers (totals, mean and p95 rates,
time to complete), the chosen panels, and for a comparison the summary table against the
baseline. With --vs, a report of groups of runs: the headline figures with each group's median
and range, the change with its bootstrap 95 % interval, the rank test's p and the verdict first
(the figures of \`compare A... --vs B... --json\`), then the runs of each group, the metrics that
differ and the settings diff. The same layout as Export PNG in the app, rendered without a visible window (in
Electron's offscreen renderer where Electron is installed, else in a Chromium found on the
system) at device pixel ratio 2: the PNG is twice --width wide. The PNG carries its provenance
in text chunks (app version, session ids, generation time, the renderer that drew it).

Input files are Tidegauge sessions (.arrow) or anything \`import\` reads (CSV, irontide dump,
libtorrent log); they are read, never changed.

Options:
  -o, --output OUT   the PNG to write (never overwritten without --force)
  --panels ID,ID     panels to draw (default: bw.rate,bw.totals,peers.connections,disk.throughput)
                     ids: ${PANELS.map((p) => p.id).join(', ')}
  --compare          compare the files (2 to 4); needed for more than one FILE
  --vs               the files after it are group B (those before it, group A: the baseline)
  --span WHAT        with --vs: full (default) or common (every run cut to the shortest span)
  --baseline N       with --compare, which FILE is the baseline, 1-based (default 1)
  --theme T          light (default) | dark
  --width PX         report width in CSS pixels, 480-3000 (default 1200)
  --title TEXT       the report's title (default: the session's title, or "Comparison: …")
  --renderer E         what draws the report: auto (default), electron or chromium.
                     auto: a Chromium named by --chromium or $TIDEGAUGE_CHROMIUM; else Electron
                     where installed ($TIDEGAUGE_ELECTRON, or the project's electron package
                     with its binary); else a Chromium in the usual install locations
  --chromium PATH    the Chromium to render with (default: $TIDEGAUGE_CHROMIUM, then the
                     usual install locations such as /usr/bin/chromium)
  --force            replace OUT if it exists
  -h, --help         show this help

Exit codes: 0 written, 2 bad arguments, 1 a file cannot be read, no renderer to draw with, or
rendering failed.`;

const OPTIONS = {
  span: { type: 'string' },
  output: { type: 'string', short: 'o' },
  panels: { type: 'string' },
  compare: { type: 'boolean' },
  baseline: { type: 'string' },
  theme: { type: 'string' },
  width: { type: 'string' },
  title: { type: 'string' },
  renderer: { type: 'string' },
  chromium: { type: 'string' },
  force: { type: 'boolean' },
} as const;

export const reportCommand: Command = {
  name: 'report',
  help: HELP,
  async run(argv) {
    const vsAt = argv.indexOf('--vs');
    const withoutVs = vsAt < 0 ? argv : [...argv.slice(0, vsAt), ...argv.slice(vsAt + 1)];
    const { values, positionals } = parseCommandArgs(withoutVs, OPTIONS, true);
    if (positionals.length === 0) throw new UsageError('give a session file to report on');
    let groups: { a: number; span: 'full' | 'common' } | undefined;
    if (vsAt >= 0) {
      // The files before --vs are group A (options may sit on either side).
      const a = parseCommandArgs(argv.slice(0, vsAt), OPTIONS, true).positionals.length;
      if (a === 0 || a === positionals.length) throw new UsageError('give at least one file on each side of --vs');
      if (values.compare || values.baseline !== undefined || values.panels)
        throw new UsageError('--vs reports groups of runs: it does not go with --compare, --baseline or --panels');
      const span = values.span ?? 'full';
      if (span !== 'full' && span !== 'common') throw new UsageError(`--span must be full or common, got "${span}"`);
      groups = { a, span };
    } else if (values.span !== undefined) throw new UsageError('--span needs --vs (groups of runs)');
    if (!values.output) throw new UsageError('give the PNG to write with -o OUT.png');
    if (!groups && values.compare && (positionals.length < 2 || positionals.length > 4))
      throw new UsageError(`--compare takes 2 to 4 session files, got ${positionals.length}`);
    if (!groups && !values.compare && positionals.length > 1)
      throw new UsageError(`${positionals.length} files given: add --compare to compare them, or give one`);
    if (values.baseline !== undefined && !values.compare) throw new UsageError('--baseline needs --compare');
    const baseline = (intOption(values.baseline, 'baseline', 1, positionals.length) ?? 1) - 1;
    const width = intOption(values.width, 'width', 480, 3000) ?? 1200;
    const theme = values.theme ?? 'light';
    if (theme !== 'light' && theme !== 'dark') throw new UsageError(`--theme must be light or dark, got "${theme}"`);
    const renderer = (values.renderer ?? 'auto') as RendererOption;
    if (!RENDERERS.includes(renderer))
      throw new UsageError(`--renderer must be auto, electron or chromium, got "${values.renderer}"`);
    if (values.chromium !== undefined && renderer === 'electron')
      throw new UsageError('--chromium names a Chromium: it does not go with --renderer electron');
    const panels = values.panels?.split(',').map((p) => p.trim());
    const unknown = panels?.filter((p) => !PANELS.some((d) => d.id === p));
    if (panels && (panels.length === 0 || unknown?.length))
      throw new UsageError(`--panels: unknown panel ${unknown?.join(', ') || '(none given)'}; see --help for ids`);
    for (const f of positionals) if (!existsSync(f)) throw new InputError(`${f}: no such file`);
    const out = values.output;
    if (existsSync(out) && !values.force) throw new InputError(`${out}: already exists (use --force to replace it)`);

    const started = performance.now();
    let rendered: Awaited<ReturnType<typeof renderReport>>;
    try {
      rendered = await renderReport({
        files: positionals,
        panels,
        theme,
        width,
        baseline,
        groups,
        title: values.title,
        renderer,
        chromium: values.chromium,
        progress: (line) => console.error(`report: ${line}`),
      });
    } catch (e) {
      if (e instanceof EngineError || e instanceof SessionFileError) throw new InputError(e.message);
      throw new InputError(`the report could not be rendered: ${(e as Error).message}`);
    }
    try {
      await writeOutput(out, [rendered.png], { force: values.force, inputs: positionals });
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    const p = rendered.timings;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.error(
      `report: wrote ${out} (${Math.round(rendered.png.length / 1024)} KiB) in ${secs} s ` +
        `(reading ${s(p.import)} while the browser started, ${s(p.launch)}; load and draw ${s(p.render)}; capture ${s(p.capture)})`,
    );
    return 0;
  },
};
