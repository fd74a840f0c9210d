import type { TorrentInfo } from '../../shared/api';
import type { SourceEvent } from './remote/adapter';

/*
 * The daemons send no alerts over their HTTP APIs, but each poll sees every torrent's state:
 * a torrent added, removed or changing state (downloading -> seeding) becomes a SourceEvent,
 * kept in the session file like irontide's alerts. The first poll only learns the states.
 */
export class TorrentStateEvents {
  private known: Map<string, { name: string; state: TorrentInfo['state'] }> | null = null;

  reset(): void {
    this.known = null;
  }

  /** Events since the last call, given all torrents now. */
  update(torrents: Iterable<TorrentInfo>, t = Date.now()): SourceEvent[] {
    const now = new Map<string, { name: string; state: TorrentInfo['state'] }>();
    for (const i of torrents) now.set(i.infoHash, { name: i.name, state: i.state });
    const before = this.known;
    this.known = now;
    if (!before) return [];
    const events: SourceEvent[] = [];
    for (const [hash, n] of now) {
      const b = before.get(hash);
      if (!b) events.push({ t, kind: 'torrent_added', message: `${n.name} added (${n.state})` });
      else if (b.state !== n.state)
        events.push({ t, kind: 'state_changed', message: `${n.name}: ${b.state} -> ${n.state}` });
    }
    for (const [hash, b] of before) {
      if (!now.has(hash)) events.push({ t, kind: 'torrent_removed', message: `${b.name} removed` });
    }
    return events;
  }
}
