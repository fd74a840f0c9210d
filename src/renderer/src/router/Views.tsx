import { useEffect, useRef } from 'react';
import { CompareView } from '../compare/CompareView';
import { GroupsView } from '../groups/GroupsView';
import { splitSelection } from '../groups/groupsData';
import { ImportLayer } from '../library/ImportLayer';
import { LibraryView } from '../library/LibraryView';
import { TotalsView } from '../library/TotalsView';
import { ReplayView } from '../replay/ReplayView';
import type { HostStore } from '../store';
import { type Route, routeForOpen } from './route';
import { useRoute } from './useRoute';

/**
 * The app's screens besides the live dashboards: the route, the host's requests that change
 * it (File > Open, command-line files, menu items), and the screen for it.
 */
export function useAppRoute(store: HostStore, liveTab: string, toggleTheme: () => void): [Route, (r: Route) => void] {
  const tabRef = useRef(liveTab);
  tabRef.current = liveTab;
  const [route, go] = useRoute(() => `#${tabRef.current}`);
  const themeRef = useRef(toggleTheme);
  themeRef.current = toggleTheme;
  useEffect(
    () =>
      store.subscribeRequests((e) => {
        if (e.type === 'open') go(routeForOpen(e.ids));
        else if (e.action === 'open-library') go({ view: 'library' });
        else if (e.action === 'open-live') go({ view: 'live' });
        else if (e.action === 'toggle-theme') themeRef.current();
        // 'export-report' belongs to the report view.
      }),
    [store, go],
  );
  return [route, go];
}

const NAV: readonly { view: 'live' | 'library' | 'compare'; label: string }[] = [
  { view: 'live', label: 'Live' },
  { view: 'library', label: 'Library' },
];

/** Live | Library (and where the user is now, when replaying or comparing). */
export function ViewNav({ route, go }: { route: Route; go: (r: Route) => void }) {
  return (
    <nav className="view-nav" aria-label="Views">
      {NAV.map((n) => (
        <button
          key={n.view}
          type="button"
          aria-current={route.view === n.view ? 'page' : undefined}
          onClick={() => go(n.view === 'live' ? { view: 'live' } : { view: 'library' })}
          data-testid={`nav-${n.view}`}
        >
          {n.label}
        </button>
      ))}
      {route.view === 'replay' && (
        <button type="button" aria-current="page">
          Replay
        </button>
      )}
      {route.view === 'compare' && (
        <button type="button" aria-current="page">
          Compare
        </button>
      )}
      {route.view === 'groups' && (
        <button type="button" aria-current="page">
          Groups
        </button>
      )}
      {route.view === 'totals' && (
        <button type="button" aria-current="page">
          Totals
        </button>
      )}
    </nav>
  );
}

/** The screen of a non-live route, plus drag-and-drop import everywhere. */
export function Views({
  route,
  go,
  recordingId,
}: {
  route: Route;
  go: (r: Route) => void;
  recordingId: string | null;
}) {
  const open = (id: string) => go({ view: 'replay', id });
  const library = () => go({ view: 'library' });
  return (
    <>
      <ImportLayer onOpen={open} />
      {route.view !== 'live' && (
        <main className="content view-page">
          {route.view === 'library' && (
            <LibraryView
              onOpen={open}
              onCompare={(ids) => go({ view: 'compare', ids })}
              onGroups={(ids) => go({ view: 'groups', ...splitSelection(ids) })}
              onTotals={() => go({ view: 'totals' })}
              recordingId={recordingId}
            />
          )}
          {route.view === 'totals' && <TotalsView onBack={library} />}
          {route.view === 'replay' && <ReplayView id={route.id} onBack={library} />}
          {route.view === 'compare' && <CompareView ids={route.ids} onBack={library} onOpen={open} />}
          {route.view === 'groups' && (
            <GroupsView
              groups={route}
              onChange={(g) => go({ view: 'groups', a: g.a, b: g.b, span: g.span })}
              onBack={library}
            />
          )}
        </main>
      )}
    </>
  );
}
