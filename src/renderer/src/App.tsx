import { useEffect, useSyncExternalStore } from 'react';
import { BandwidthChart } from './components/BandwidthChart';
import { Header } from './components/Header';
import { MetricsTable } from './components/MetricsTable';
import type { HostStore } from './store';

/** Shortcuts must not fire while the user types into a text field (a checkbox is fine). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(target.type);
}

export function App({ store }: { store: HostStore }) {
  const view = useSyncExternalStore(store.subscribe, store.getView);
  const diagnostics = view.host?.diagnostics ?? false;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (e.key === 'd' && !e.ctrlKey && !e.metaKey && !e.altKey)
        store.setDiagnostics(!store.getView().host?.diagnostics);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <div className="app">
      <Header view={view} onDiagnostics={(on) => store.setDiagnostics(on)} />
      <main className="content">
        {view.host?.error && (
          <div className="banner error" role="alert">
            {view.host.error}
          </div>
        )}
        {view.host && !view.host.source && (
          <div className="banner info" role="status">
            No source is connected: this session has nothing to measure, so every metric reads “not reported”.
          </div>
        )}
        <BandwidthChart view={view} />
        <MetricsTable view={view} diagnostics={diagnostics} />
      </main>
    </div>
  );
}
