import type { SpanMode } from '../../../shared/compare/span';

/*
 * Which screen the app shows, kept in the URL hash so a reload or the back button returns to
 * it: "#/library", "#/library/totals", "#/replay/<id>", "#/compare/<id>,<id>[,…]", "#/groups" and
 * "#/groups/<id>,<id>/vs/<id>,<id>[?span=common]" (runs against runs; a side may be empty while picking; the
 * span only when it is not the default full one). Any other hash is the live
 * dashboards (whose section tabs use "#bandwidth", "#peers"…). Pure: tested under Node.
 */

export type Route =
  | { readonly view: 'live' }
  | { readonly view: 'library' }
  | { readonly view: 'totals' }
  | { readonly view: 'replay'; readonly id: string }
  | { readonly view: 'compare'; readonly ids: readonly string[] }
  | {
      readonly view: 'groups';
      readonly a: readonly string[];
      readonly b: readonly string[];
      /** Over which span the runs are compared (absent: full). */
      readonly span?: SpanMode;
    };

const ids = (text: string | undefined) => (text ?? '').split(',').map(decodeURIComponent).filter(Boolean);
const idList = (list: readonly string[]) => list.map(encodeURIComponent).join(',');

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;
/** Sessions the Library lets one tick: groups of runs take more than a comparison's 4. */
export const MAX_SELECT = 24;

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (h === '/library') return { view: 'library' };
  if (h === '/library/totals') return { view: 'totals' };
  const replay = /^\/replay\/(.+)$/.exec(h);
  if (replay?.[1]) return { view: 'replay', id: decodeURIComponent(replay[1]) };
  if (h === '/groups') return { view: 'groups', a: [], b: [] };
  const groups = /^\/groups\/([^/?]*)\/vs\/([^/?]*)(?:\?span=(full|common))?$/.exec(h);
  if (groups) {
    const span = groups[3] === 'common' ? { span: 'common' as const } : {};
    return { view: 'groups', a: ids(groups[1]), b: ids(groups[2]), ...span };
  }
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
      return `#/compare/${idList(route.ids)}`;
    case 'groups':
      if (!route.a.length && !route.b.length) return '#/groups';
      return `#/groups/${idList(route.a)}/vs/${idList(route.b)}${route.span === 'common' ? '?span=common' : ''}`;
  }
}

/** What the host's "open" request shows: one session replays, two to four compare. */
export function routeForOpen(ids: readonly string[]): Route {
  if (ids.length === 1 && ids[0]) return { view: 'replay', id: ids[0] };
  if (ids.length >= MIN_COMPARE && ids.length <= MAX_COMPARE) return { view: 'compare', ids: [...ids] };
  return { view: 'library' };
}
