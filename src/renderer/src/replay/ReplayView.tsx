import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { buildAnnotations } from '../../../shared/annotations';
import { formatDuration } from '../../../shared/format';
import type { SessionMarker } from '../../../shared/library';
import { SECTIONS } from '../../../shared/panels';
import { snapshotAt } from '../../../shared/session/data';
import { sessionFindings } from '../../../shared/session/findings';
import { sessionInvariants } from '../../../shared/session/invariants';
import { formatClock, formatElapsed } from '../../../shared/time-axis';
import { Dashboard } from '../components/Dashboard';
import { InvariantBanner } from '../components/InvariantBanner';
import { MetricsTable } from '../components/MetricsTable';
import { SectionTabs, type TabId } from '../components/SectionTabs';
import { SmoothingSwitch, WindowPresets } from '../components/TimeBar';
import { DashboardContext } from '../context';
import { FindingsPanel, zoomAround } from '../findings/FindingsPanel';
import { libraryApi, notifyLibraryChanged } from '../library/client';
import { formatStart, sourceLabel } from '../library/model';
import { type OpenedSession, openSession } from '../library/openSession';
import { InvariantFlag } from '../panels/InvariantFlag';
import { ExportButton, PanelMenu } from '../report/DashboardExport';
import '../library/views.css';
import { useLoaded } from '../hooks/useLoaded';
import { digitBindings, useShortcuts } from '../keys/shortcuts';
import { SessionWarnings } from '../library/SessionWarnings';
import { Crosshair, CrosshairContext } from '../panels/crosshair';
import { RenderScheduler } from '../scheduler';
import { PRESETS, type TimeAction, type TimeState, timeReducer } from '../time/TimeState';
import { advance, clamp, playFrom, SPEEDS, type Speed, sampleAt } from './model';
import { ReplayExport } from './ReplayExport';
import { TimeSlider } from './TimeSlider';

const load = (id: string) => openSession(id);

function replayTime(s: TimeState, a: TimeAction): TimeState {
  // Pause and resume belong to the slider here; zoom and window work as in the live view.
  if (a.type === 'pause' || a.type === 'resume') return s;
  return timeReducer(s, a);
}

/** A saved session played through the dashboards, with a time slider and markers. */
export function ReplayView({ id, onBack }: { id: string; onBack: () => void }) {
  const { value: loaded, error } = useLoaded(id, load);

  if (error)
    return (
      <div className="replay">
        <div className="banner error" role="alert" data-testid="replay-error">
          This session cannot be opened: {error}
        </div>
        <button type="button" className="btn" onClick={onBack}>
          Back to the library
        </button>
      </div>
    );
  if (!loaded) return <div className="empty">Opening the session…</div>;
  if (loaded.data.length === 0)
    return (
      <div className="replay">
        <div className="banner info">This session has no samples yet, so there is nothing to replay.</div>
        <button type="button" className="btn" onClick={onBack}>
          Back to the library
        </button>
      </div>
    );
  return <Player key={id} loaded={loaded} onBack={onBack} />;
}

function Player({ loaded, onBack }: { loaded: OpenedSession; onBack: () => void }) {
  const { detail, data, source } = loaded;
  const start = data.t[0] as number;
  const end = data.t[data.length - 1] as number;
  const scheduler = useMemo(() => new RenderScheduler(), []);
  const [cursor, setCursor] = useState(end);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(10);
  const [tab, setTab] = useState<TabId>('bandwidth');
  const [markers, setMarkers] = useState<readonly SessionMarker[]>(detail.markers);
  const [markerName, setMarkerName] = useState('');
  const [markerStatus, setMarkerStatus] = useState<string | null>(null);
  const [base, dispatchTime] = useReducer(replayTime, { windowMs: null, pausedAt: null, zoom: null });
  const time: TimeState = useMemo(() => ({ ...base, pausedAt: cursor }), [base, cursor]);
  // The file's events and the user's markers on every chart of the replay.
  const annotations = useMemo(
    () => buildAnnotations(detail.events ?? [], markers, { start, end }),
    [detail.events, markers, start, end],
  );
  const ctx = useMemo(
    () => ({ source, scheduler, time, dispatchTime, annotations }),
    [source, scheduler, time, annotations],
  );
  const crosshair = useMemo(() => new Crosshair(), []);
  const diagnostics = useMemo(() => data.diagnostics.some((d) => d === 1), [data]);
  // The samples that broke an invariant live, found again in the file (the same rules, the same times).
  const invariants = useMemo(() => sessionInvariants(data), [data]);
  const found = useMemo(() => sessionFindings(data, invariants), [data, invariants]);
  // The metrics table reads the sample under the cursor.
  const sample = useMemo(() => snapshotAt(data, sampleAt(data.t, cursor)), [data, cursor]);

  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const r = advance(cursorRef.current, now - last, speed, start, end);
      last = now;
      setCursor(r.cursor);
      if (!r.playing) setPlaying(false);
    }, 200);
    return () => clearInterval(timer);
  }, [playing, speed, start, end]);

  const saveMarkers = async (next: readonly SessionMarker[], what: string) => {
    try {
      const s = await libraryApi().update(detail.id, { markers: [...next] });
      setMarkers(s.markers);
      setMarkerStatus(what);
      notifyLibraryChanged();
    } catch (e) {
      setMarkerStatus(`Not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const addMarker = () => {
    const name = markerName.trim() || `Marker ${markers.length + 1}`;
    setMarkerName('');
    void saveMarkers(
      [...markers.filter((m) => m.name !== name), { name, t: Math.round(cursor) }].sort((a, b) => a.t - b.t),
      `Marker “${name}” saved at ${formatElapsed(cursor - start)}`,
    );
  };

  const togglePlay = () => {
    if (!playing) setCursor(playFrom(cursor, start, end));
    setPlaying(!playing);
  };
  useShortcuts([
    { key: 'p', what: 'Play or pause the replay', run: () => void togglePlay() },
    { key: ' ', what: 'Play or pause the replay', run: () => void togglePlay() },
    ...digitBindings(PRESETS.length, 'Time window before the slider: 1 min, 5 min, 15 min, 1 h, All', (k) =>
      dispatchTime({ type: 'window', ms: PRESETS[k]?.ms ?? null }),
    ),
    {
      key: 'Escape',
      what: 'Reset the zoom',
      run: () => (base.zoom ? void dispatchTime({ type: 'resetZoom' }) : false),
    },
  ]);

  const section = SECTIONS.find((s) => s.id === tab);
  return (
    <DashboardContext.Provider value={ctx}>
      <CrosshairContext.Provider value={crosshair}>
        <div className="replay" data-testid="replay">
          <div className="view-toolbar replay-head">
            <button type="button" className="btn" onClick={onBack} title="Back to the library">
              ← Library
            </button>
            <h2 data-testid="replay-title">{detail.title || detail.id}</h2>
            <span className="hint">
              {sourceLabel(detail)} · started {formatStart(detail.startedAt)} ·{' '}
              {formatDuration(detail.durationMs / 1000)} · {detail.samples.toLocaleString()} samples every{' '}
              {detail.intervalMs} ms
            </span>
            {detail.tags.map((t) => (
              <span key={t} className="chip static">
                {t}
              </span>
            ))}
          </div>
          {detail.notes && <p className="replay-notes">{detail.notes}</p>}
          <SessionWarnings session={detail} />
          <InvariantBanner tally={invariants} />
          <FindingsPanel
            groups={[{ findings: found }]}
            scope="the whole session"
            onZoom={(r) => dispatchTime({ type: 'zoom', ...zoomAround(r) })}
          />
          <div className="transport" data-testid="transport">
            <button type="button" className="btn" onClick={() => setCursor(start)} title="Jump to the first sample">
              Jump to start
            </button>
            <button
              type="button"
              className="btn primary play"
              data-testid="play"
              onClick={togglePlay}
              title="Play or pause (P or Space)"
            >
              {playing ? '❚❚ Pause' : '▶ Play'}
            </button>
            <button type="button" className="btn" onClick={() => setCursor(end)} title="Jump to the last sample">
              Jump to end
            </button>
            {/* biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group */}
            <div className="seg" role="group" aria-label="Playback speed">
              {SPEEDS.map((s) => (
                <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)}>
                  {s}×
                </button>
              ))}
            </div>
            <span className="position" data-testid="replay-position">
              {formatElapsed(cursor - start)} / {formatElapsed(end - start)}
              <span className="muted"> · {formatClock(cursor)}</span>
            </span>
            <WindowPresets
              className="window"
              time={base}
              dispatch={dispatchTime}
              title={(p) => (p.ms === null ? 'From the start to the slider' : `The ${p.label} before the slider`)}
            />
            <SmoothingSwitch time={base} dispatch={dispatchTime} />
            {base.zoom && (
              <button type="button" className="btn" onClick={() => dispatchTime({ type: 'resetZoom' })}>
                Reset zoom
              </button>
            )}
          </div>
          <TimeSlider
            start={start}
            end={end}
            value={cursor}
            markers={markers}
            onChange={(t) => {
              setPlaying(false);
              setCursor(clamp(t, start, end));
            }}
            onRemoveMarker={(m) =>
              void saveMarkers(
                markers.filter((x) => x !== m),
                `Marker “${m.name}” removed`,
              )
            }
          />
          <form
            className="marker-form"
            onSubmit={(e) => {
              e.preventDefault();
              addMarker();
            }}
          >
            <input
              value={markerName}
              onChange={(e) => setMarkerName(e.target.value)}
              placeholder="Marker name, e.g. “changed choker”"
              aria-label="Marker name"
              maxLength={100}
            />
            <button type="submit" className="btn" data-testid="add-marker">
              Drop marker at {formatElapsed(cursor - start)}
            </button>
            {markerStatus && (
              <span className="hint" role="status" data-testid="marker-status">
                {markerStatus}
              </span>
            )}
          </form>
          <div className="toolbar replay-tabs">
            <SectionTabs current={tab} diagnostics={diagnostics} registry={source.registry} onSelect={setTab} />
            {section && <ExportButton />}
          </div>
          <ReplayExport loaded={loaded} time={time} section={section?.id ?? null} />
          {section ? (
            <Dashboard
              section={section}
              ready
              diagnostics={diagnostics}
              panelMenu={(p) => (
                <>
                  <InvariantFlag panel={p} tally={invariants} />
                  <PanelMenu panelId={p.id} title={p.title} />
                </>
              )}
            />
          ) : (
            <MetricsTable
              registry={source.registry}
              notReported={source.notReported}
              diagnostics={diagnostics}
              sample={sample}
            />
          )}
        </div>
      </CrosshairContext.Provider>
    </DashboardContext.Provider>
  );
}
