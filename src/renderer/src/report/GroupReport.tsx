import { useEffect, useState } from 'react';
import type { GroupsJson, HeadlineJson, MetricGroupJson } from '../../../shared/compare/groupsJson';
import type { SpanMode } from '../../../shared/compare/span';
import { formatChartValue, formatDuration } from '../../../shared/format';
import type { LibraryApi, SessionDetail } from '../../../shared/library';
import { Logo } from '../components/Logo';
import { changeText, loadGroups, pText, spreadText, verdictClass } from '../groups/groupsData';
import { toLatin1Text } from './model';
import { formatStamp } from './stamp';
import './report.css';

/*
 * The report of groups of runs (`tidegauge report A… --vs B… -o out.png`): the headline figures
 * with their verdicts first, then the runs of each group, the metrics that differ and what
 * differed in how the runs were made. The figures are the Groups view's and the CLI's
 * (groupsJson.ts), loaded the same way (groupsData.ts).
 */

export interface GroupReportQuery {
  readonly a: string[];
  readonly b: string[];
  readonly span: SpanMode;
  readonly theme: 'light' | 'dark';
  readonly width: number;
  readonly title: string | null;
  readonly generatedAt: number | null;
}

/** report.html?ids=A1,A2&vs=B1,B2[&span=common]: a group report (ReportPage's query otherwise). */
export function parseGroupQuery(search: string): GroupReportQuery | { error: string } | null {
  const q = new URLSearchParams(search);
  if (!q.has('vs')) return null;
  const list = (k: string) => (q.get(k) ?? '').split(',').filter(Boolean);
  const [a, b] = [list('ids'), list('vs')];
  if (!a.length || !b.length) return { error: 'give each group a session: ?ids=A1,A2&vs=B1,B2' };
  const span = q.get('span') ?? 'full';
  if (span !== 'full' && span !== 'common') return { error: 'span must be full or common' };
  const theme = q.get('theme') ?? 'light';
  if (theme !== 'light' && theme !== 'dark') return { error: 'theme must be light or dark' };
  const width = Number(q.get('width') ?? 1200);
  if (!Number.isInteger(width) || width < 480 || width > 3000) return { error: 'width must be from 480 to 3000' };
  const at = Number(q.get('at'));
  return { a, b, span, theme, width, title: q.get('title'), generatedAt: Number.isFinite(at) && at > 0 ? at : null };
}

type Loaded = { json: GroupsJson; details: Map<string, SessionDetail> };

/** PNG text is Latin-1: JSON with every other character escaped stays exact through it. */
const asciiJson = (v: unknown) =>
  JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function GroupReportPage({ library, query }: { library: LibraryApi; query: GroupReportQuery }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generatedAt] = useState(() => query.generatedAt ?? Date.now());
  useEffect(() => {
    let live = true;
    Promise.all([
      loadGroups(library, query.a, query.b, query.span),
      Promise.all([...query.a, ...query.b].map((id) => library.get(id))),
    ]).then(
      ([json, list]) => live && setLoaded({ json, details: new Map(list.map((d) => [d.id, d])) }),
      (e: Error) => live && setError(`Cannot compare the groups: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [library, query]);
  if (error)
    return (
      <div className="report-page-error" role="alert" data-testid="report-error">
        {error}
      </div>
    );
  if (!loaded)
    return (
      <div className="report-page-loading" role="status">
        Loading…
      </div>
    );
  const { json, details } = loaded;
  const appVersion = details.get(query.a[0] as string)?.appVersion ?? '';
  const title = query.title ?? `Groups: ${json.groups.a.length} runs against ${json.groups.b.length}`;
  const provenance = {
    Title: toLatin1Text(title),
    Software: `Tidegauge ${appVersion}`,
    'Creation Time': new Date(generatedAt).toISOString(),
    'tidegauge.app-version': appVersion,
    'tidegauge.sessions': toLatin1Text([...json.groups.a, ...json.groups.b].join(',')),
    'tidegauge.groups': toLatin1Text(`${json.groups.a.join(',')} vs ${json.groups.b.join(',')}`),
    'tidegauge.kind': 'groups',
    'tidegauge.tool': 'tidegauge report',
    // The headline rows as compare --vs --json prints them: a reader checks the PNG against the CLI.
    'tidegauge.headline': asciiJson(json.headline),
  };
  return (
    <div className="report-page headless">
      <div id="report-root" data-provenance={JSON.stringify(provenance)} data-testid="report-root">
        <GroupReport
          json={json}
          details={details}
          title={title}
          generatedAt={generatedAt}
          appVersion={appVersion}
          query={query}
        />
      </div>
    </div>
  );
}

function GroupReport({
  json,
  details,
  title,
  generatedAt,
  appVersion,
  query,
}: {
  json: GroupsJson;
  details: Map<string, SessionDetail>;
  title: string;
  generatedAt: number;
  appVersion: string;
  query: GroupReportQuery;
}) {
  const differ = json.metrics.filter((m) => m.verdict !== null && m.verdict !== 'no difference');
  const span =
    json.span.seconds === null
      ? 'each run over its full span'
      : `over the common span: the first ${formatDuration(json.span.seconds)} of each run`;
  const runs = [
    ...json.groups.a.map((id, k) => ({ id, label: `A${k + 1}`, info: json.sessions.a[k] })),
    ...json.groups.b.map((id, k) => ({ id, label: `B${k + 1}`, info: json.sessions.b[k] })),
  ];
  const per = (id: string) => json.headline.find((h) => h.figure === id);
  return (
    <div
      className="report"
      data-theme={query.theme}
      data-testid="report"
      data-ready="true"
      style={{ width: query.width, padding: 32 }}
    >
      <header className="report-head">
        <div className="report-brand">
          <Logo size={18} />
          Tidegauge report
        </div>
        <h1 data-testid="report-title">{title}</h1>
        <p className="report-sub">
          Groups of runs: A ({json.groups.a.length}, the baseline) against B ({json.groups.b.length}), {span}
        </p>
      </header>
      <h2>Headline figures</h2>
      <Figures
        rows={json.headline.map((h) => ({ id: h.figure, label: h.label, row: h }))}
        testid="report-group-headline"
      />
      <p className="report-note">
        Median (min–max) of each group; the change of the median with its bootstrap 95 % interval; the Mann–Whitney rank
        test’s p. A verdict needs a change above the figure’s minimum effect and an interval that excludes no change
        {Math.min(json.groups.a.length, json.groups.b.length) <= 3 ? '; with 3 runs a side p cannot go below 0.1' : ''}.
      </p>
      <h2>The runs</h2>
      <table className="report-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Session</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Tags</th>
            <th>Time to complete</th>
            <th>Download rate while active</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r, k) => {
            const d = details.get(r.id);
            const g = k < json.groups.a.length ? 'a' : 'b';
            const i = g === 'a' ? k : k - json.groups.a.length;
            const value = (id: string) => {
              const h = per(id);
              const v = h?.[g]?.[i];
              return v === null || v === undefined ? 'n/a' : formatChartValue(v, h?.unit ?? '');
            };
            return (
              <tr key={r.id}>
                <th scope="row">{r.label}</th>
                <td>{r.info?.title || d?.title || r.id}</td>
                <td>{d ? formatStamp(d.startedAt) : ''}</td>
                <td>{formatDuration(r.info?.durationS ?? Number.NaN)}</td>
                <td>{d?.tags.join(', ')}</td>
                <td>{value('time_to_complete')}</td>
                <td>{value('payload_down_active')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Metrics that differ</h2>
      {differ.length ? (
        <Figures rows={differ.map((m) => ({ id: m.metric, label: m.metric, row: m }))} testid="report-group-metrics" />
      ) : (
        <p className="report-note">No metric differs beyond its minimum effect and the noise.</p>
      )}
      <h2>What differed between these runs</h2>
      {json.settingsDiff.length ? (
        <table className="report-table">
          <thead>
            <tr>
              <th>Setting</th>
              {runs.map((r) => (
                <th key={r.id}>{r.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {json.settingsDiff.map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                {d.values.map((v, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one cell per run, in run order
                  <td key={k}>{v ?? 'not recorded'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="report-note">The runs record the same settings.</p>
      )}
      <footer className="report-foot">
        Generated {formatStamp(generatedAt)} by Tidegauge {appVersion} · A: {json.groups.a.join(', ')} · B:{' '}
        {json.groups.b.join(', ')}
      </footer>
    </div>
  );
}

function Figures({
  rows,
  testid,
}: {
  rows: readonly { id: string; label: string; row: HeadlineJson | MetricGroupJson }[];
  testid: string;
}) {
  return (
    <table className="report-table" data-testid={testid}>
      <thead>
        <tr>
          <th>Figure</th>
          <th>A median (min–max)</th>
          <th>B median (min–max)</th>
          <th>Change, 95 % interval</th>
          <th>p</th>
          <th>B against A</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ id, label, row }) => (
          <tr key={id} data-figure={id}>
            <th scope="row">{label}</th>
            <td>{spreadText(row.spreadA, row.unit)}</td>
            <td>{spreadText(row.spreadB, row.unit)}</td>
            <td>{changeText(row.change, row.unit)}</td>
            <td>{pText(row.p)}</td>
            <td>
              <span className={`delta ${verdictClass(row.verdict)}`}>{row.text}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
