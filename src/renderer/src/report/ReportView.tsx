import { useEffect, useMemo, useState } from 'react';
import { buildAnnotations } from '../../../shared/annotations';
import { describeAlignment } from '../../../shared/compare/compareSessions';
import { formatChartValue, formatDuration } from '../../../shared/format';
import { PANELS, type PanelDef } from '../../../shared/panels';
import { sessionSource } from '../../../shared/series-source';
import { durationMs } from '../../../shared/session/data';
import { Logo } from '../components/Logo';
import { reportChartHeight } from '../panels/geometry';
import { formatDeltaPct, type KeyNumber, type ReportModel, type ReportSession } from './model';
import { ReportFindings } from './ReportFindings';
import { ReportPanel, type ReportSource } from './ReportPanel';
import { formatStamp } from './stamp';
import './report.css';

const PAD = 32;
const GAP = 16;
/** Border + padding of a panel card, both sides. */
const CARD = 2 + 2 * 14;

function diagnosticsText(s: ReportSession): string {
  const on = s.whole ? s.whole.diagnosticSamples : s.data.diagnostics.reduce((n, d) => n + d, 0);
  const n = s.whole ? s.whole.samples : s.data.length;
  if (on === 0) return 'off';
  if (on === n) return 'on';
  return `on for ${Math.round((100 * on) / n)}% of samples`;
}

function startOf(s: ReportSession): number {
  return s.data.length ? (s.data.t[0] as number) : s.data.meta.startedAt;
}

function MetaList({ s }: { s: ReportSession }) {
  const rows: [string, string][] = [
    ['Source', s.source ? s.source.label : 'none'],
    ['Started', formatStamp(startOf(s))],
    [
      'Duration',
      `${formatDuration(durationMs(s.data) / 1000)} · ${(s.whole?.samples ?? s.data.length).toLocaleString('en-US')} samples`,
    ],
    ['Diagnostics', diagnosticsText(s)],
  ];
  if (s.tags.length) rows.push(['Tags', s.tags.join(', ')]);
  return (
    <dl className="report-meta">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-field={k.toLowerCase()}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function KeyTiles({ numbers }: { numbers: readonly KeyNumber[] }) {
  return (
    <div className="report-keys">
      {numbers.map((n) => (
        <div key={n.id} className="report-key" data-key={n.id}>
          <span className="report-key-label">{n.label}</span>
          <strong className="report-key-value">{n.value}</strong>
          <span className="report-key-detail">{n.detail}</span>
        </div>
      ))}
    </div>
  );
}

function SessionsTable({ model }: { model: ReportModel }) {
  const base = model.options.baseline;
  return (
    <table className="report-table report-sessions">
      <thead>
        <tr>
          <th>#</th>
          <th>Session</th>
          <th>Source</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Diagnostics</th>
          <th>Tags</th>
        </tr>
      </thead>
      <tbody>
        {model.sessions.map((s, k) => (
          <tr key={s.id}>
            <td>
              {k + 1}
              {k === base ? '*' : ''}
            </td>
            <td className="report-wrap">
              <strong>{s.title}</strong>
              {s.notes ? <div className="report-notes-inline">{s.notes}</div> : null}
            </td>
            <td className="report-wrap">{s.source?.label ?? 'none'}</td>
            <td className="report-wrap">{formatStamp(startOf(s))}</td>
            <td>{formatDuration(durationMs(s.data) / 1000)}</td>
            <td>{diagnosticsText(s)}</td>
            <td className="report-wrap">{s.tags.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeyTable({ model }: { model: ReportModel }) {
  const rows = model.keyNumbers[0] ?? [];
  const base = model.options.baseline;
  return (
    <table className="report-table report-keytable">
      <thead>
        <tr>
          <th>Key numbers</th>
          {model.sessions.map((s, k) => (
            <th key={s.id} className="num">
              {k + 1}
              {k === base ? '*' : ''} {s.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id} data-key={r.id}>
            <td>{r.label}</td>
            {model.keyNumbers.map((nums, k) => {
              const n = nums[i];
              return (
                <td key={model.sessions[k]?.id} className="num">
                  <strong>{n?.value}</strong>
                  {n?.detail && r.id.endsWith('rate') ? <div className="report-key-detail">{n.detail}</div> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeltaTable({ model }: { model: ReportModel }) {
  const base = model.options.baseline;
  const others = model.sessions.map((_, k) => k).filter((k) => k !== base);
  return (
    <table className="report-table report-deltas" data-testid="report-deltas">
      <thead>
        <tr>
          <th>Metric (total for counters, mean for gauges)</th>
          {model.sessions.map((s, k) => (
            <th key={s.id} className="num">
              {k + 1}
              {k === base ? '*' : ''}
            </th>
          ))}
          {others.map((k) => (
            <th key={k} className="num">
              Δ {k + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {model.deltas.map((r) => (
          <tr key={r.name}>
            <td title={r.name}>{r.label}</td>
            {r.cells.map((c, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one cell per session, fixed order
              <td key={k} className="num">
                {c}
              </td>
            ))}
            {others.map((k) => {
              const d = r.deltas[k] ?? null;
              return (
                <td key={k} className={`num delta ${d?.verdict ?? ''}`} data-verdict={d?.verdict ?? ''}>
                  {formatDeltaPct(d)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Columns of the panel grid and the content width of one panel, from the report's width. */
export function panelLayout(width: number, panels: number, sessions: number): { columns: number; inner: number } {
  const content = width - 2 * PAD;
  const columns = sessions === 1 && panels > 1 && width >= 900 ? 2 : 1;
  const card = Math.floor((content - GAP * (columns - 1)) / columns);
  return { columns, inner: card - CARD };
}

/**
 * The one report layout: the report page (browser shell and headless CLI) and the dashboard's
 * Export PNG all render this. Width is fixed in CSS px so the PNG is exactly width × 2.
 */
export function ReportView({ model, onReady }: { model: ReportModel; onReady?: () => void }) {
  const { options } = model;
  const panels = useMemo(
    () => options.panels.map((id) => PANELS.find((p) => p.id === id)).filter((p): p is PanelDef => p !== undefined),
    [options.panels],
  );
  const loaded = useMemo<ReportSource[]>(
    () =>
      model.sessions.map((s, k) => {
        const source = sessionSource(s.data);
        const span = { start: source.start, end: source.end };
        return {
          title: model.sessions.length > 1 ? `${k + 1}. ${s.title}` : s.title,
          source,
          // Each chart is its session's own clock: its events as they are, no alignment.
          annotations: buildAnnotations(s.events ?? s.data.events ?? [], s.markers ?? [], span),
        };
      }),
    [model.sessions],
  );
  const { columns, inner } = panelLayout(options.width, panels.length, model.sessions.length);
  const chartHeight = reportChartHeight(panels.length, model.sessions.length);
  const [ready, setReady] = useState(false);
  // One switch for every chart of the report (its legend entries): hidden, the PNG saved from
  // this page (the export preview) shows the series alone.
  const [eventsShown, setEventsShown] = useState(true);
  const events = useMemo(() => ({ shown: eventsShown, toggle: () => setEventsShown((v) => !v) }), [eventsShown]);
  useEffect(() => {
    // Ready two frames after the first commit: laid out and painted (fonts, widths measured).
    let b = 0;
    const a = requestAnimationFrame(() => {
      b = requestAnimationFrame(() => setReady(true));
    });
    return () => {
      cancelAnimationFrame(a);
      cancelAnimationFrame(b);
    };
  }, []);
  useEffect(() => {
    if (ready) onReady?.();
  }, [ready, onReady]);

  const single = model.sessions[0] as ReportSession;
  const kindText =
    model.kind === 'comparison'
      ? `Comparison of ${model.sessions.length} sessions · ${describeAlignment(model.comparison?.alignment ?? { kind: 'start' })}`
      : model.kind === 'live'
        ? 'Live session, the dashboard’s current window'
        : 'Saved session';

  return (
    <div
      className="report"
      data-theme={options.theme}
      data-testid="report"
      data-ready={ready ? 'true' : undefined}
      style={{ width: options.width, padding: PAD }}
    >
      <header className="report-head">
        <div className="report-brand">
          <Logo size={18} />
          Tidegauge report
        </div>
        <h1 data-testid="report-title">{model.title}</h1>
        <p className="report-sub">{kindText}</p>
      </header>

      <ReportFindings sessions={model.sessions} computed={model.findings} />

      {model.kind === 'comparison' ? (
        <>
          <SessionsTable model={model} />
          <h2>Headline figures</h2>
          <HeadlineReportTable model={model} />
          <h2>Key numbers</h2>
          <KeyTable model={model} />
          <h2>Against the baseline (*)</h2>
          <DeltaTable model={model} />
          {model.comparison?.sessions.some((s) => s.alignmentError) ? (
            <p className="report-note">
              {model.comparison.sessions
                .filter((s) => s.alignmentError)
                .map((s) => `${s.title}: ${s.alignmentError}, aligned at its start`)
                .join(' · ')}
            </p>
          ) : null}
        </>
      ) : (
        <>
          <MetaList s={single} />
          {single.notes ? <p className="report-notes">{single.notes}</p> : null}
          <KeyTiles numbers={model.keyNumbers[0] ?? []} />
        </>
      )}

      {panels.length > 0 && (
        <div className="report-grid" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gap: GAP }}>
          {panels.map((p) => (
            <ReportPanel key={p.id} panel={p} sessions={loaded} width={inner} height={chartHeight} events={events} />
          ))}
        </div>
      )}

      <footer className="report-foot">
        Generated {formatStamp(model.generatedAt)} by Tidegauge {model.appVersion} · sessions{' '}
        {model.sessions.map((s) => s.id).join(', ')}
      </footer>
    </div>
  );
}

/** The headline figures with verdicts against the baseline: the same rows as the app and the CLI. */
function HeadlineReportTable({ model }: { model: ReportModel }) {
  const base = model.comparison?.baseline ?? 0;
  return (
    <table className="report-table" data-testid="report-headline">
      <thead>
        <tr>
          <th>Figure</th>
          {model.sessions.map((s, k) => (
            <th key={s.id}>
              {s.title}
              {k === base ? ' *' : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {model.headline.map((r) => (
          <tr key={r.id} data-figure={r.id}>
            <th scope="row">{r.label}</th>
            {r.values.map((v, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one cell per session, in session order
              <td key={k}>
                {v === null ? 'n/a' : formatChartValue(v, r.unit)}
                {r.vs[k] ? <div className={`delta ${r.vs[k]?.result?.verdict ?? ''}`}>{r.vs[k]?.text}</div> : null}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
