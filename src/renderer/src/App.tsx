import { useEffect, useMemo, useReducer, useState, useSyncExternalStore } from 'react';
import { buildAnnotations } from '../../shared/annotations';
import { rateLimits } from '../../shared/findings';
import { SECTIONS } from '../../shared/panels';
import { ConnectDialog } from './components/ConnectDialog';
import { Dashboard } from './components/Dashboard';
import { Header } from './components/Header';
import { InvariantBanner } from './components/InvariantBanner';
import { LiveMetricsTable } from './components/MetricsTable';
import { isTab, SectionTabs, type TabId } from './components/SectionTabs';
import { TimeBar } from './components/TimeBar';
import { DashboardContext } from './context';
import { FindingsPanel, zoomAround } from './findings/FindingsPanel';
import { useLiveFindings } from './findings/useLiveFindings';
import { FLAGS } from './flags';
import { ShortcutRoot } from './keys/ShortcutHelp';
import { digitBindings, useShortcuts } from './keys/shortcuts';
import { Crosshair, CrosshairContext } from './panels/crosshair';
import { InvariantFlag } from './panels/InvariantFlag';
import { applyTheme, initialTheme, type Theme } from './prefs';
import { DashboardExport, ExportButton, PanelMenu } from './report/DashboardExport';
import { useAppRoute, ViewNav, Views } from './router/Views';
import { RenderScheduler } from './scheduler';
import type { HostStore } from './store';
import { INITIAL_TIME, isLive, PRESETS, timeReducer } from './time/TimeState';
import { TorrentsPanel } from './torrents/TorrentsPanel';

function tabFromHash(): TabId {
  const h = window.location.hash.replace(/^#\/?/, '');
  return isTab(h) ? h : 'bandwidth';
}

export function App({ store }: { store: HostStore }) {
  const view = useSyncExternalStore(store.subscribe, store.getView);
  const diagnostics = view.host?.diagnostics ?? false;
  const scheduler = useMemo(() => new RenderScheduler(4), []);
  const crosshair = useMemo(() => new Crosshair(), []);
  const source = store.source;
  const [time, dispatchTime] = useReducer(timeReducer, INITIAL_TIME);
  const [tab, setTab] = useState<TabId>(tabFromHash);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [connecting, setConnecting] = useState(false);

  useEffect(() => source.subscribe(() => scheduler.invalidate()), [source, scheduler]);
  useEffect(() => {
    if (FLAGS.debug) Object.assign(window, { tidegaugeDebug: { store, scheduler } });
  }, [store, scheduler]);
  useEffect(() => {
    scheduler.setFrozen(!isLive(time));
  }, [scheduler, time]);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const selectTab = (id: TabId) => {
    window.location.hash = id;
    setTab(id);
  };
  const changeTheme = (t: Theme) => {
    applyTheme(t, true);
    setTheme(t);
  };

  const [route, go] = useAppRoute(store, tab, () =>
    changeTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'),
  );

  const toggleTheme = () => changeTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark');
  // D and T act on the live session and the window in every view (the header's switches).
  useShortcuts([
    { key: 'd', what: 'Diagnostics of the live session on or off', run: () => void store.setDiagnostics(!diagnostics) },
    { key: 't', what: 'Light or dark theme', run: () => void toggleTheme() },
  ]);
  useShortcuts(
    [
      {
        key: 'p',
        what: 'Pause, or go live again',
        run: () => void dispatchTime(isLive(time) ? { type: 'pause', at: source.end } : { type: 'resume' }),
      },
      ...digitBindings(PRESETS.length, 'Time window: 1 min, 5 min, 15 min, 1 h, All', (k) =>
        dispatchTime({ type: 'window', ms: PRESETS[k]?.ms ?? null }),
      ),
      {
        key: 'Escape',
        what: 'Reset the zoom',
        run: () => (time.zoom ? void dispatchTime({ type: 'resetZoom' }) : false),
      },
    ],
    0,
    route.view === 'live',
  );

  const section = SECTIONS.find((s) => s.id === tab);
  const liveSeries = useMemo(() => () => store.series, [store]);
  const found = useLiveFindings(liveSeries, view.registry, route.view === 'live' && tab !== 'metrics', {
    limits: rateLimits(view.host?.source?.settings),
    invariants: view.host?.invariants,
  });
  // The host's events of this session on every chart; an outage still going on reaches the
  // right edge of each chart (so the annotations change with the events, not with each sample).
  const events = view.host?.events;
  const eventsKey = `${events?.length ?? 0}/${events?.[events.length - 1]?.t ?? 0}/${view.host?.startedAt ?? 0}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the events are known by eventsKey (each status is a new array)
  const annotations = useMemo(
    () => buildAnnotations(events ?? [], [], { start: view.host?.startedAt ?? 0, end: Number.MAX_SAFE_INTEGER }),
    [eventsKey],
  );
  const ctx = useMemo(
    () => ({ source, scheduler, time, dispatchTime, annotations }),
    [source, scheduler, time, annotations],
  );

  return (
    <DashboardContext.Provider value={ctx}>
      <CrosshairContext.Provider value={crosshair}>
        <div className="app">
          <Header
            view={view}
            onDiagnostics={(on) => store.setDiagnostics(on)}
            theme={theme}
            onTheme={changeTheme}
            nav={<ViewNav route={route} go={go} />}
            onRecording={(on) => store.setRecording(on)}
            onConnect={() => setConnecting(true)}
            elsewhere={route.view !== 'live'}
          />
          {connecting && (
            <ConnectDialog
              current={view.host?.health?.address ?? (view.host?.source?.kind === 'engine' ? 'engine:' : '')}
              health={view.host?.health ?? null}
              recent={view.host?.recentSources ?? []}
              test={view.sourceTest}
              onTest={(c) => store.testSource(c)}
              onConnect={(c) => store.send(c)}
              onClose={() => setConnecting(false)}
            />
          )}
          <div className="toolbar" hidden={route.view !== 'live'}>
            <SectionTabs current={tab} diagnostics={diagnostics} registry={view.registry} onSelect={selectTab} />
            {tab !== 'metrics' && <TimeBar />}
            {tab !== 'metrics' && <ExportButton />}
          </div>
          <main
            className="content"
            id="tabpanel"
            role="tabpanel"
            aria-labelledby={`tab-${tab}`}
            hidden={route.view !== 'live'}
          >
            {view.host?.error && (
              <div className="banner error" role="alert">
                {view.host.error}
              </div>
            )}
            {view.host && <InvariantBanner tally={view.host.invariants} />}
            {section && view.host && (
              <FindingsPanel
                groups={[{ findings: found }]}
                scope="this session so far"
                onZoom={(r) => dispatchTime({ type: 'zoom', ...zoomAround(r) })}
              />
            )}
            {view.host && !view.host.source && (
              <div className="banner info" role="status">
                No source is connected: this session has nothing to measure, so every metric reads “not reported”.
              </div>
            )}
            {section?.id === 'session' && (
              <TorrentsPanel
                torrents={view.host?.torrents ?? null}
                send={(c) => store.send(c)}
                error={view.lastError?.message ?? null}
              />
            )}
            {section ? (
              <Dashboard
                section={section}
                ready={view.host !== null}
                diagnostics={diagnostics}
                onDiagnostics={(on) => store.setDiagnostics(on)}
                keys={route.view === 'live'}
                panelMenu={(p) => (
                  <>
                    <InvariantFlag panel={p} tally={view.host?.invariants} />
                    <PanelMenu panelId={p.id} title={p.title} />
                  </>
                )}
              />
            ) : (
              <LiveMetricsTable
                scheduler={scheduler}
                latest={() => store.series.latest()}
                registry={view.registry}
                notReported={source.notReported}
                diagnostics={diagnostics}
              />
            )}
          </main>
          <Views route={route} go={go} recordingId={view.host?.recording.id ?? null} />
          <DashboardExport store={store} section={section?.id ?? null} active={route.view === 'live'} />
          <ShortcutRoot />
        </div>
      </CrosshairContext.Provider>
    </DashboardContext.Provider>
  );
}
