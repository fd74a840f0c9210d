import { useEffect, useMemo, useReducer, useState, useSyncExternalStore } from 'react';
import { SECTIONS } from '../../shared/panels';
import { Dashboard } from './components/Dashboard';
import { Header } from './components/Header';
import { InvariantBanner } from './components/InvariantBanner';
import { LiveMetricsTable } from './components/MetricsTable';
import { isTab, SectionTabs, type TabId } from './components/SectionTabs';
import { TimeBar } from './components/TimeBar';
import { DashboardContext } from './context';
import { FLAGS } from './flags';
import { Crosshair, CrosshairContext } from './panels/crosshair';
import { InvariantFlag } from './panels/InvariantFlag';
import { applyTheme, initialTheme, type Theme } from './prefs';
import { DashboardExport, ExportButton, PanelMenu } from './report/DashboardExport';
import { useAppRoute, ViewNav, Views } from './router/Views';
import { RenderScheduler } from './scheduler';
import type { HostStore } from './store';
import { INITIAL_TIME, isLive, PRESETS, timeReducer } from './time/TimeState';
import { TorrentsPanel } from './torrents/TorrentsPanel';

/** Shortcuts must not fire while the user types into a text field (a checkbox is fine). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(target.type);
}

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const preset = PRESETS.find((p) => p.key === e.key);
      if (e.key === 'd') store.setDiagnostics(!store.getView().host?.diagnostics);
      else if (e.key === 't') changeTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark');
      else if (e.key === 'p') dispatchTime(isLive(time) ? { type: 'pause', at: source.end } : { type: 'resume' });
      else if (e.key === 'Escape') dispatchTime({ type: 'resetZoom' });
      else if (preset) dispatchTime({ type: 'window', ms: preset.ms });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const section = SECTIONS.find((s) => s.id === tab);
  const ctx = useMemo(() => ({ source, scheduler, time, dispatchTime }), [source, scheduler, time]);

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
          />
          <div className="toolbar" hidden={route.view !== 'live'}>
            <SectionTabs current={tab} diagnostics={diagnostics} onSelect={selectTab} />
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
          <DashboardExport store={store} section={section?.id ?? null} />
        </div>
      </CrosshairContext.Provider>
    </DashboardContext.Provider>
  );
}
