import { join } from 'node:path';
import type { FleetListing } from '../../shared/fleet';
import type { ImportResult, LibraryRequestOf } from '../../shared/library';
import { makeOwnedDir, removeOwnedDir, sweepStaleDirs } from '../lifetime/ownedTempDir';
import { listFleet } from '../prometheus/fleet';
import { PromError } from '../prometheus/promClient';
import { importFromPrometheus } from '../prometheus/promImport';
import { writeSessionFile } from '../storage/sessionExport';
import type { SessionLibrary } from '../storage/sessionLibrary';
import { RequestError } from './failure';

/*
 * The fleet view's handlers: list a Prometheus server's instances, and import a range of one
 * into the library, where it opens, compares and reports like any recorded session. A server
 * that cannot be read is a 502 naming it (without credentials).
 */

async function asGateway<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PromError) throw new RequestError(502, e.message);
    throw e;
  }
}

export function fleetHandlers(library: SessionLibrary) {
  return {
    fleet: (req: LibraryRequestOf<'fleet'>): Promise<FleetListing> => asGateway(() => listFleet(req.server)),
    fleetImport: (req: LibraryRequestOf<'fleetImport'>): Promise<ImportResult> =>
      asGateway(async () => {
        const r = await importFromPrometheus({
          address: req.server,
          match: `instance=${JSON.stringify(req.instance)}`,
          from: req.from,
          to: req.to,
          stepS: req.step,
          title: req.title ?? `${req.instance} from Prometheus`,
        });
        // Owned, so one a SIGKILL left behind is swept by the next import (lifetime/ownedTempDir).
        sweepStaleDirs('fleet');
        const dir = makeOwnedDir('fleet');
        try {
          const file = join(dir, `${r.data.meta.id}.arrow`);
          await writeSessionFile(r.data, file);
          const added = await library.add(file);
          return { summary: added.summary, report: r.report };
        } finally {
          removeOwnedDir(dir);
        }
      }),
  };
}
