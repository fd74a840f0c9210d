import { useCallback, useEffect, useState } from 'react';
import { parseRoute, type Route, routeHash } from './route';

/** The current route (from the URL hash) and a way to go to another one. */
export function useRoute(liveHash: () => string): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback(
    (r: Route) => {
      const hash = routeHash(r) ?? liveHash();
      if (window.location.hash !== hash) window.location.hash = hash;
      setRoute(r);
    },
    [liveHash],
  );
  return [route, go];
}
