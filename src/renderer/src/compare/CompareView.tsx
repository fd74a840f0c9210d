import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Alignment, alignmentKey, EVENT_LABELS, parseAlignmentKey } from '../../../shared/compare/align';
import { describeAlignment, sessionInfo } from '../../../shared/compare/compareSessions';
import { formatDuration } from '../../../shared/format';
import { SECTIONS, type SectionId, sectionColumns } from '../../../shared/panels';
import { panelsFor, sectionsFor } from '../../../shared/panels-shown';
import '../library/views.css';
import type { SpanMode } from '../../../shared/compare/span';
import { formatElapsed } from '../../../shared/time-axis';
import { FindingsPanel, zoomAround } from '../findings/FindingsPanel';
import { SpanSwitch } from '../groups/SpanSwitch';
import { useLoaded } from '../hooks/useLoaded';
import { useShortcuts } from '../keys/shortcuts';
import { formatStart, sourceLabel } from '../library/model';
import { type OpenedSession, openSession } from '../library/openSession';
import { Crosshair, CrosshairContext } from '../panels/crosshair';
import { ExportButton } from '../report/DashboardExport';
import { CompareExport } from './CompareExport';
import { type CompareMode, ComparePanel } from './ComparePanels';
import { useCompareAnnotations } from './compareAnnotations';
import { EventsButton, useEventsSwitch } from './EventsSwitch';
import { HeadlineTable, SettingsDiffTable } from './HeadlineTable';
import { sessionColor } from './model';
import { SummaryTable } from './SummaryTable';
import { useCompareSummary } from './useCompareSummary';

type Tab = SectionId | 'summary';

const alignmentFromKey = (k: string): Alignment => parseAlignmentKey(k) ?? { kind: 'start' };

/**
 * One session of a comparison, for one dashboard section: the columns that section's panels
 * read (plus what alignment reads). A comparison loads a section's columns when the section is
 * first shown: a day at 1 Hz is 68 MB for all 99 metrics, and a section draws a dozen of them.
 */
const loadSection = (id: string, section: SectionId, detail?: OpenedSession['detail']) =>
  openSession(id, { names: sectionColumns(section) }, detail);

/** The first section's columns of every session; other sections load when first shown. */
const loadAll = (key: string) => Promise.all(key.split(',').map((id) => loadSection(id, 'bandwidth')));

/** 2–4 saved sessions side by side: aligned charts of every panel, and the summary table. */
export function CompareView({
  ids,
  onBack,
  onOpen,
}: {
  ids: readonly string[];
  onBack: () => void;
  onOpen: (id: string) => void;
}) {
  const key = ids.join(',');
  const { value: sessions, error } = useLoaded(key, loadAll);
  if (error)
    return (
      <div className="compare">
        <div className="banner error" role="alert" data-testid="compare-error">
          The comparison cannot be opened: {error}
        </div>
        <button type="button" className="btn" onClick={onBack}>
          Back to the library
        </button>
      </div>
    );
  if (!sessions) return <div className="empty">Opening {ids.length} sessions…</div>;
  return <Comparer key={key} sessions={sessions} onBack={onBack} onOpen={onOpen} />;
}

function Comparer({
  sessions,
  onBack,
  onOpen,
}: {
  sessions: OpenedSession[];
  onBack: () => void;
  onOpen: (id: string) => void;
}) {
  const crosshair = useMemo(() => new Crosshair(), []);
  const [baseline, setBaseline] = useState(0);
  const [alignment, setAlignment] = useState<Alignment>({ kind: 'start' });
  const [nudges, setNudges] = useState<number[]>(() => sessions.map(() => 0));
  const [mode, setMode] = useState<CompareMode>('overlay');
  const [tab, setTab] = useState<Tab>('bandwidth');
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);

  const titles = useMemo(() => sessions.map((s) => s.detail.title || s.detail.id), [sessions]);
  // Origins, durations, time to complete: cheap, from the loaded columns, so charts draw at once.
  const infos = useMemo(
    () =>
      sessions.map((s, k) =>
        sessionInfo(
          {
            id: s.detail.id,
            title: titles[k] ?? s.detail.id,
            data: s.data,
            markers: s.detail.markers,
            nudgeMs: (nudges[k] ?? 0) * 1000,
          },
          alignment,
        ),
      ),
    [sessions, nudges, alignment, titles],
  );
  const events = useEventsSwitch(useCompareAnnotations(sessions, infos, titles));
  const annotations = events.annotations;

  // The summary's span: each session's own, or the shortest one's for all (the charts stay whole).
  const [span, setSpan] = useState<SpanMode>('full');
  const ids = useMemo(() => sessions.map((s) => s.detail.id), [sessions]);
  const { summary, summaryKey } = useCompareSummary(ids, baseline, alignment, nudges, span);

  // Sections' columns, loaded when a section is first shown.
  const [bySection, setBySection] = useState<Partial<Record<SectionId, OpenedSession[]>>>(() => ({
    bandwidth: sessions,
  }));
  const [sectionError, setSectionError] = useState<string | null>(null);
  useEffect(() => {
    if (tab === 'summary' || bySection[tab]) return;
    let live = true;
    setSectionError(null);
    Promise.all(sessions.map((s) => loadSection(s.detail.id, tab, s.detail))).then(
      (list) => live && setBySection((b) => ({ ...b, [tab]: list })),
      (e: Error) => live && setSectionError(e.message),
    );
    return () => {
      live = false;
    };
  }, [tab, bySection, sessions]);
  const shown = tab === 'summary' ? undefined : bySection[tab];

  // The aligned axis: from the earliest session start to the latest end, relative to each origin.
  const full = useMemo(() => {
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    sessions.forEach((s, k) => {
      const o = infos[k]?.origin ?? 0;
      if (!s.data.length) return;
      from = Math.min(from, (s.data.t[0] as number) - o);
      to = Math.max(to, (s.data.t[s.data.length - 1] as number) - o);
    });
    if (!Number.isFinite(from)) return { from: 0, to: 1000 };
    // Start at 0 unless some session has data before its origin (event or marker alignment).
    return { from: Math.min(0, from), to: Math.max(to, from + 1000) };
  }, [sessions, infos]);
  const range = zoom ?? full;
  const onZoom = useCallback((from: number, to: number) => setZoom({ from, to }), []);
  useShortcuts([
    { key: 'Escape', what: 'Reset the zoom', run: () => (zoom ? void setZoom(null) : false) },
    { key: 'e', what: 'Show or hide events', run: () => (events.count > 0 ? void events.toggle() : false) },
  ]);

  const markerNames = useMemo(
    () => [...new Set(sessions.flatMap((s) => s.detail.markers.map((m) => m.name)))].sort(),
    [sessions],
  );
  const section = SECTIONS.find((s) => s.id === tab);
  // libtorrent's panels where one of the sessions has libtorrent's own columns.
  const registries = useMemo(() => sessions.flatMap((s) => s.data.meta.registry), [sessions]);
  const sections = useMemo(() => sectionsFor(registries), [registries]);

  return (
    <div className="compare" data-testid="compare">
      <div className="view-toolbar">
        <button type="button" className="btn" onClick={onBack}>
          ← Library
        </button>
        <h2>Compare {sessions.length} sessions</h2>
        <span className="hint">aligned by {describeAlignment(alignment)}</span>
        <ExportButton />
      </div>
      <CompareExport
        sessions={sessions}
        titles={titles}
        comparison={summary?.key === summaryKey ? (summary.value?.comparison ?? null) : null}
        section={section?.id ?? null}
      />

      <section className="card compare-setup" aria-label="Sessions and alignment">
        <table className="compare-sessions" data-testid="compare-sessions">
          <thead>
            <tr>
              <th>Baseline</th>
              <th>Session</th>
              <th>Source</th>
              <th>Start</th>
              <th className="num">Duration</th>
              <th className="num">Time to complete</th>
              <th>Diagnostics</th>
              <th>Offset nudge</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s, k) => {
              const info = infos[k];
              return (
                <tr key={s.detail.id} data-testid="compare-session">
                  <td>
                    <input
                      type="radio"
                      name="baseline"
                      aria-label={`Use ${titles[k]} as the baseline`}
                      checked={baseline === k}
                      onChange={() => setBaseline(k)}
                    />
                  </td>
                  <td className="session-cell">
                    <span className="swatch" style={{ background: sessionColor(k) }} />
                    <button
                      type="button"
                      className="link"
                      onClick={() => onOpen(s.detail.id)}
                      title="Replay this session"
                    >
                      {titles[k]}
                    </button>
                    {baseline === k && <span className="tag">baseline</span>}
                    {info?.alignmentError && (
                      <div className="state-error" role="status">
                        Aligned by its start instead: {info.alignmentError}
                      </div>
                    )}
                  </td>
                  <td>{sourceLabel(s.detail)}</td>
                  <td>{formatStart(s.detail.startedAt)}</td>
                  <td className="num">{formatDuration(info?.durationS ?? Number.NaN)}</td>
                  <td className="num">
                    {info?.timeToCompleteS === null
                      ? 'not complete'
                      : formatDuration(info?.timeToCompleteS ?? Number.NaN)}
                  </td>
                  <td>{info?.hasDiagnostics ? 'on' : 'off'}</td>
                  <td>
                    <input
                      type="number"
                      className="nudge"
                      step={1}
                      value={nudges[k] ?? 0}
                      aria-label={`Offset nudge of ${titles[k]}, seconds`}
                      onChange={(e) => {
                        const v = Number(e.target.value);
                        setNudges((n) => n.map((x, i) => (i === k ? (Number.isFinite(v) ? v : 0) : x)));
                      }}
                    />{' '}
                    s
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="compare-controls">
          <label>
            Align by{' '}
            <select
              aria-label="Alignment"
              value={alignmentKey(alignment)}
              onChange={(e) => {
                setAlignment(alignmentFromKey(e.target.value));
                setZoom(null);
              }}
            >
              <option value="start">elapsed time from start</option>
              <option value="event:firstPayload">{EVENT_LABELS.firstPayload}</option>
              <option value="event:complete">{EVENT_LABELS.complete}</option>
              {markerNames.map((m) => (
                <option key={m} value={`marker:${m}`}>
                  marker “{m}”
                </option>
              ))}
            </select>
          </label>
          {/* biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group */}
          <div className="seg" role="group" aria-label="Chart layout">
            <button type="button" aria-pressed={mode === 'overlay'} onClick={() => setMode('overlay')}>
              Overlay
            </button>
            <button type="button" aria-pressed={mode === 'side'} onClick={() => setMode('side')}>
              Side by side
            </button>
          </div>
          <SpanSwitch span={span} onChange={setSpan} />
          <span className="hint" data-testid="compare-range">
            {zoom ? `Zoomed: ${formatElapsed(zoom.from)} – ${formatElapsed(zoom.to)}` : 'Drag across a chart to zoom'}
          </span>
          {zoom && (
            <button
              type="button"
              className="btn"
              onClick={() => setZoom(null)}
              title="Back to the whole sessions (Esc)"
            >
              Reset zoom
            </button>
          )}
        </div>
      </section>
      {summary?.value?.headline && (
        <HeadlineTable rows={summary.value.headline} titles={titles} baseline={summary.value.comparison.baseline} />
      )}
      {summary?.value?.settings && <SettingsDiffTable diff={summary.value.settings} titles={titles} />}
      {summary?.value?.findings && (
        <FindingsPanel
          groups={titles.map((title, k) => ({ title, findings: summary.value?.findings?.[k] ?? null }))}
          scope="each whole session"
          onZoom={(r, k) => {
            // Finding ranges are on each session's own clock; the charts' axis is time from its origin.
            const o = infos[k]?.origin ?? 0;
            const z = zoomAround(r);
            setZoom({ from: z.from - o, to: z.to - o });
          }}
        />
      )}

      <div className="toolbar compare-tabs">
        <div className="tabs" role="tablist" aria-label="Compare">
          {[
            ...sections.map((s) => ({ id: s.id as Tab, title: s.title })),
            { id: 'summary' as Tab, title: 'Summary' },
          ].map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
              {t.title}
            </button>
          ))}
        </div>
        <EventsButton count={events.count} shown={events.shown} onToggle={events.toggle} />
      </div>

      {section ? (
        <>
          {section.diagnostic && infos.some((s) => !s.hasDiagnostics) && (
            <div className="banner info" role="status">
              {infos
                .filter((s) => !s.hasDiagnostics)
                .map((s) => s.title)
                .join(', ')}{' '}
              had diagnostics off: no diagnostic series to draw for{' '}
              {infos.filter((s) => !s.hasDiagnostics).length > 1 ? 'them' : 'it'}.
            </div>
          )}
          {shown ? (
            <CrosshairContext.Provider value={crosshair}>
              <div className="grid compare-grid" data-mode={mode}>
                {panelsFor(section.id, registries).map((p) => (
                  <ComparePanel
                    key={p.id}
                    panel={p}
                    sessions={shown}
                    infos={infos}
                    annotations={annotations}
                    mode={mode}
                    range={range}
                    onZoom={onZoom}
                  />
                ))}
              </div>
            </CrosshairContext.Provider>
          ) : sectionError ? (
            <div className="banner error" role="alert">
              The {section.title} charts cannot be loaded: {sectionError}
            </div>
          ) : (
            <div className="empty">Loading {section.title}…</div>
          )}
        </>
      ) : summary?.value ? (
        <>
          {summary.key !== summaryKey && (
            <div className="hint" role="status">
              Updating the summary…
            </div>
          )}
          <SummaryTable comparison={summary.value.comparison} derived={summary.value.derived} titles={titles} />
        </>
      ) : summary?.error ? (
        <div className="banner error" role="alert" data-testid="summary-error">
          The summary cannot be computed: {summary.error}
        </div>
      ) : (
        <div className="empty" role="status">
          Computing the summary of {sessions.length} sessions…
        </div>
      )}
    </div>
  );
}
