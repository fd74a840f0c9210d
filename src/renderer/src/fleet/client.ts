import type { FleetListing } from '../../../shared/fleet';
import type { ImportResult } from '../../../shared/library';
import { desktopBridge } from '../api/bridge';
import { callError, LibraryCallError } from '../api/library';

/*
 * The fleet view's two requests, over whichever shell the page runs in: the Electron bridge's
 * library channel, or the browser shell's /api/v1/fleet routes. Both reach the same handlers.
 */

export interface FleetImport {
  readonly server: string;
  readonly instance: string;
  readonly from: number;
  readonly to: number;
  readonly step: number;
  readonly title?: string;
}

export interface FleetApi {
  list(server: string): Promise<FleetListing>;
  importRange(req: FleetImport): Promise<ImportResult>;
}

function httpFleet(): FleetApi {
  const loc = (globalThis as unknown as { location: { origin: string; search: string } }).location;
  const token = new URLSearchParams(loc.search).get('token');
  const url = (path: string, params: Record<string, string> = {}) => {
    const u = new URL(path, loc.origin);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    if (token) u.searchParams.set('token', token);
    return u.href;
  };
  const json = async <T>(res: Response): Promise<T> => {
    if (!res.ok) throw await callError(res);
    return (await res.json()) as T;
  };
  return {
    list: async (server) => json<FleetListing>(await fetch(url('/api/v1/fleet', { server }))),
    importRange: async (req) =>
      json<ImportResult>(
        await fetch(url('/api/v1/fleet/import'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        }),
      ),
  };
}

export function fleetApi(): FleetApi {
  const bridge = desktopBridge();
  if (!bridge) return httpFleet();
  return {
    list: async (server) => {
      const r = await bridge.library({ op: 'fleet', server });
      if (!r.ok) throw new LibraryCallError(r.status, r.error);
      return r.value;
    },
    importRange: async (req) => {
      const r = await bridge.library({ op: 'fleetImport', ...req });
      if (!r.ok) throw new LibraryCallError(r.status, r.error);
      return r.value;
    },
  };
}
