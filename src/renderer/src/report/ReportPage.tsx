import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Comparison, SessionFigures } from '../../../shared/compare/compareSessions';
import type { LibraryApi } from '../../../shared/library';
import { PANELS } from '../../../shared/panels';
import { ExportOptions } from './ExportDialog';
import { exportDrawnReport } from './exportPng';
import {
  buildReportModel,
  defaultOptions,
  MAX_WIDTH,
  MIN_WIDTH,
  provenance,
  type ReportOptions,
  type ReportSession,
  reportColumns,
} from './model';
import { ReportView } from './ReportView';

/**
 * report.html: a report of saved sessions from the library. The query says what to show:
 *   ids=a,b          one session, or 2–4 for a comparison
 *   panels=id,id     panels to draw (default: a few bandwidth and peer panels)
 *   theme=light|dark, width=PX, baseline=N (1-based), title=TEXT
 *   headless=1       only the report (the CLI screenshots it); otherwise options + Export PNG
 * The app version and generation time come from the host via the library's session details.
 */
export interface PageQuery {
  readonly ids: string[];
  readonly options: ReportOptions;
  readonly headless: boolean;
  readonly title: string | null;
  readonly generatedAt: number | null;
}

export function parseQuery(search: string): PageQuery | { error: string } {
  const q = new URLSearchParams(search);
  const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length < 1 || ids.length > 4) return { error: 'give 1 to 4 session ids as ?ids=a,b' };
  const panels = q.get('panels')?.split(',').filter(Boolean);
  const unknown = panels?.filter((p) => !PANELS.some((d) => d.id === p));
  if (unknown?.length) return { error: `unknown panel ${unknown.join(', ')}` };
  const theme = q.get('theme') ?? 'light';
  if (theme !== 'light' && theme !== 'dark') return { error: 'theme must be light or dark' };
  const width = Number(q.get('width') ?? 1200);
  if (!Number.isInteger(width) || width < MIN_WIDTH || width > MAX_WIDTH)
    return { error: `width must be a whole number from ${MIN_WIDTH} to ${MAX_WIDTH}` };
  const baseline = Number(q.get('baseline') ?? 1) - 1;
  if (!Number.isInteger(baseline) || baseline < 0 || baseline >= Math.max(1, ids.length))
    return { error: `baseline must be from 1 to ${ids.length}` };
  const at = Number(q.get('at'));
  return {
    ids,
    options: defaultOptions({ panels, theme, width, baseline }),
    headless: q.get('headless') === '1',
    title: q.get('title'),
    generatedAt: Number.isFinite(at) && at > 0 ? at : null,
  };
}

export function ReportPage({ library, query }: { library: LibraryApi; query: PageQuery }) {
  const [sessions, setSessions] = useState<{ list: ReportSession[]; appVersion: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState(query.options);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [generatedAt] = useState(() => query.generatedAt ?? Date.now());
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    Promise.all(
      query.ids.map(async (id) => {
        // A headless report cannot change its panels or width: fetch only the columns it reads,
        // about 4 samples per pixel of width (the charts draw one point per pixel); its key
        // numbers and summary come from the host, which has every sample.
        const overview = query.headless
          ? { names: reportColumns(query.options.panels), points: 4 * query.options.width }
          : {};
        const [detail, data] = await Promise.all([library.get(id), library.data(id, overview)]);
        const s: ReportSession = {
          id,
          title: detail.title || id,
          notes: detail.notes,
          tags: detail.tags,
          source: detail.source,
          data,
          events: detail.events,
          markers: detail.markers,
        };
        return { s, appVersion: detail.appVersion };
      }),
    ).then(
      (r) => live && setSessions({ list: r.map((x) => x.s), appVersion: r[0]?.appVersion ?? '' }),
      (e: Error) => live && setError(`Cannot open the session: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [library, query.ids, query.headless, query.options.panels, query.options.width]);

  // A comparison's summary table (or a headless report's key figures) comes from the host,
  // which has the whole sessions; the summary is asked again when the baseline changes.
  const [summary, setSummary] = useState<{ baseline: number; comparison: Comparison } | null>(null);
  const [figures, setFigures] = useState<SessionFigures | null>(null);
  const comparing = query.ids.length > 1;
  const byHost = comparing || query.headless;
  useEffect(() => {
    let live = true;
    if (comparing)
      library.compare(query.ids, { baseline: options.baseline }).then(
        (c) => live && setSummary({ baseline: options.baseline, comparison: c.comparison }),
        (e: Error) => live && setError(`Cannot compare the sessions: ${e.message}`),
      );
    else if (query.headless)
      library.figures(query.ids[0] as string).then(
        (f) => live && setFigures(f),
        (e: Error) => live && setError(`Cannot open the session: ${e.message}`),
      );
    return () => {
      live = false;
    };
  }, [library, query.ids, query.headless, comparing, options.baseline]);

  const model = useMemo(() => {
    if (!sessions) return null;
    if (comparing && summary?.baseline !== options.baseline) return null;
    if (byHost && !comparing && !figures) return null;
    try {
      return buildReportModel(
        'session',
        sessions.list,
        options,
        { generatedAt, appVersion: __APP_VERSION__, title: query.title ?? undefined },
        { comparison: summary?.comparison, figures },
      );
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  }, [sessions, summary, figures, comparing, byHost, options, generatedAt, query.title]);

  const onExport = useCallback(() => {
    if (!model || !root.current?.querySelector('.report')) return;
    setBusy(true);
    setMessage(null);
    exportDrawnReport(root.current, model)
      .then(setMessage)
      .finally(() => setBusy(false));
  }, [model]);

  if (error)
    return (
      <div className="report-page-error" role="alert" data-testid="report-error">
        {error}
      </div>
    );
  if (!model)
    return (
      <div className="report-page-loading" role="status">
        Loading…
      </div>
    );
  return (
    <div className={query.headless ? 'report-page headless' : 'report-page'}>
      {!query.headless && (
        <aside className="report-controls">
          <ExportOptions options={options} onChange={setOptions} sessions={model.sessions.length} />
          <div className="export-actions">
            <button type="button" className="primary" disabled={busy} onClick={onExport}>
              {busy ? 'Exporting…' : 'Export PNG'}
            </button>
          </div>
          {message && (
            <p className="export-message" role="status">
              {message}
            </p>
          )}
        </aside>
      )}
      <div
        id="report-root"
        ref={root}
        data-provenance={JSON.stringify(provenance(model, 'tidegauge report'))}
        data-testid="report-root"
      >
        <ReportView key={`${options.width}/${options.theme}/${options.panels.join()}`} model={model} />
      </div>
    </div>
  );
}
