/*
 * Which screen the app shows, kept in the URL hash so a reload or the back button returns to
 * it: "#/library", "#/library/totals", "#/replay/<id>", "#/compare/<id>,<id>[,…]". Any other hash is the live
 * dashboards (whose section tabs use "#bandwidth", "#peers"…). Pure: tested under Node.
 */

export type Route =
  | { readonly view: 'live' }
  | { readonly view: 'library' }
  | { readonly view: 'totals' }
  | { readonly view: 'replay'; readonly id: string }
  | { readonly view: 'compare'; readonly ids: readonly string[] };

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (h === '/library') return { view: 'library' };
  if (h === '/library/totals') return { view: 'totals' };
  const replay = /^\/replay\/(.+)$/.exec(h);
  if (replay?.[1]) return { view: 'replay', id: decodeURIComponent(replay[1]) };
  const compare = /^\/compare\/(.+)$/.exec(h);
  if (compare?.[1]) {
    const ids = compare[1].split(',').map(decodeURIComponent).filter(Boolean);
    if (ids.length >= MIN_COMPARE && ids.length <= MAX_COMPARE) return { view: 'compare', ids };
    return { view: 'library' };
  }
  return { view: 'live' };
}

/** The hash for a route; null for live (the dashboards keep their own section hash). */
export function routeHash(route: Route): string | null {
  switch (route.view) {
    case 'live':
      return null;
    case 'library':
      return '#/library';
    case 'totals':
      return '#/library/totals';
    case 'replay':
      return `#/replay/${encodeURIComponent(route.id)}`;
    case 'compare':
      return `#/compare/${route.ids.map(encodeURIComponent).join(',')}`;
  }
}

/** What the host's "open" request shows: one session replays, two to four compare. */
export function routeForOpen(ids: readonly string[]): Route {
  if (ids.length === 1 && ids[0]) return { view: 'replay', id: ids[0] };
  if (ids.length >= MIN_COMPARE && ids.length <= MAX_COMPARE) return { view: 'compare', ids: [...ids] };
  return { view: 'library' };
}
