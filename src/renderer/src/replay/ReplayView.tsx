import { type ReactNode, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { HostState, TidegaugeApi } from '../../../shared/api';
import { NO_RECORDING } from '../../../shared/api';
import { formatDuration } from '../../../shared/format';
import type { SessionDetail, SessionMarker } from '../../../shared/library';
import { SECTIONS } from '../../../shared/panels';
import { SeriesStore } from '../../../shared/series';
import { type SessionData, snapshotAt } from '../../../shared/session/data';
import { formatClock } from '../../../shared/time-axis';
import { Dashboard } from '../components/Dashboard';
import { MetricsTable } from '../components/MetricsTable';
import { SectionTabs, type TabId } from '../components/SectionTabs';
import { DashboardContext } from '../context';
import { libraryApi, notifyLibraryChanged } from '../library/client';
import { formatStart, sourceLabel } from '../library/model';
import '../library/views.css';
import { useLoaded } from '../hooks/useLoaded';
import { SessionWarnings } from '../library/SessionWarnings';
import { RenderScheduler } from '../scheduler';
import { HostStore, type StreamView } from '../store';
import { PRESETS, type TimeAction, type TimeState, timeReducer } from '../time/TimeState';
import { advance, clamp, formatElapsed, playFrom, SPEEDS, type Speed, sampleAt } from './model';
import { TimeSlider } from './TimeSlider';

/** A store that never connects: replay fills its SeriesStore from a file. */
const OFFLINE: TidegaugeApi = { subscribe: () => () => {}, send: () => {} };

interface Loaded {
  readonly detail: SessionDetail;
  readonly data: SessionData;
  readonly store: HostStore;
  readonly host: HostState;
  readonly view: StreamView;
}

async function load(id: string): Promise<Loaded> {
  const api = libraryApi();
  const [detail, data] = await Promise.all([api.get(id), api.data(id)]);
  const registry = data.meta.registry;
  const store = new HostStore(OFFLINE);
  // The same SeriesStore the live dashboards read, filled from the file, so the same panels draw it.
  store.series = SeriesStore.forSession(registry, data.length);
  store.series.load({ t: data.t, values: data.columns, diagnostics: data.diagnostics });
  const notReported: Record<number, string> = {};
  for (const [k, v] of Object.entries(data.meta.notReported)) notReported[Number(k)] = v;
  const host: HostState = {
    source: data.meta.source,
    notReported,
    diagnostics: data.diagnostics.some((d) => d === 1),
    intervalMs: data.meta.intervalMs,
    startedAt: data.meta.startedAt,
    error: null,
    recording: NO_RECORDING,
    torrents: null,
  };
  const view: StreamView = {
    connection: 'open',
    registry,
    appVersion: data.meta.appVersion,
    host,
    lastError: null,
    version: 1,
  };
  return { detail, data, store, host, view };
}

function replayTime(s: TimeState, a: TimeAction): TimeState {
  // Pause and resume belong to the slider here; zoom and window work as in the live view.
  if (a.type === 'pause' || a.type === 'resume') return s;
  return timeReducer(s, a);
}

/** A saved session played through the dashboards, with a time slider and markers. */
export function ReplayView({ id, onBack, actions }: { id: string; onBack: () => void; actions?: ReactNode }) {
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
  return <Player key={id} loaded={loaded} onBack={onBack} actions={actions} />;
}

function Player({ loaded, onBack, actions }: { loaded: Loaded; onBack: () => void; actions?: ReactNode }) {
  const { detail, data, store, host, view } = loaded;
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
  const ctx = useMemo(() => ({ store, scheduler, time, dispatchTime }), [store, scheduler, time]);

  // The metrics table reads the sample under the cursor.
  store.latest = snapshotAt(data, sampleAt(data.t, cursor));

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

  const section = SECTIONS.find((s) => s.id === tab);
  return (
    <DashboardContext.Provider value={ctx}>
      <div className="replay" data-testid="replay">
        <div className="view-toolbar replay-head">
          <button type="button" className="btn" onClick={onBack} title="Back to the library">
            ← Library
          </button>
          <h2 data-testid="replay-title">{detail.title || detail.id}</h2>
          <span className="hint">
            {sourceLabel(detail)} · started {formatStart(detail.startedAt)} · {formatDuration(detail.durationMs / 1000)}{' '}
            · {detail.samples.toLocaleString()} samples every {detail.intervalMs} ms
          </span>
          {detail.tags.map((t) => (
            <span key={t} className="chip static">
              {t}
            </span>
          ))}
          <span className="toolbar-actions">{actions}</span>
        </div>
        {detail.notes && <p className="replay-notes">{detail.notes}</p>}
        <SessionWarnings session={detail} />
        <div className="transport" data-testid="transport">
          <button type="button" className="btn" onClick={() => setCursor(start)} title="Jump to the first sample">
            Jump to start
          </button>
          <button
            type="button"
            className="btn primary play"
            data-testid="play"
            onClick={() => {
              if (!playing) setCursor(playFrom(cursor, start, end));
              setPlaying(!playing);
            }}
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
          {/* biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group */}
          <div className="seg window" role="group" aria-label="Time window">
            {PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                aria-pressed={base.zoom === null && base.windowMs === p.ms}
                onClick={() => dispatchTime({ type: 'window', ms: p.ms })}
                title={p.ms === null ? 'From the start to the slider' : `The ${p.label} before the slider`}
              >
                {p.label}
              </button>
            ))}
          </div>
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
          <SectionTabs current={tab} diagnostics={host.diagnostics} onSelect={setTab} />
        </div>
        {section ? (
          <Dashboard section={section} registry={data.meta.registry} host={host} onDiagnostics={() => {}} />
        ) : (
          <MetricsTable view={view} diagnostics={host.diagnostics} />
        )}
      </div>
    </DashboardContext.Provider>
  );
}
