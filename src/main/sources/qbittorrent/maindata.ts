/*
 * qBittorrent's sync/maindata: rid=0 answers the whole state; every later answer (with the
 * returned rid) carries only what changed: changed keys of server_state, changed fields of
 * changed torrents, and the hashes removed. `full_update: true` (qBittorrent lost our rid, e.g.
 * after its restart) replaces everything. Merging is pure so it is tested on the captured
 * samples and used the same way live.
 */

export type Fields = Record<string, unknown>;

export interface MainData {
  rid: number;
  serverState: Fields;
  torrents: Map<string, Fields>;
}

export function emptyMainData(): MainData {
  return { rid: 0, serverState: {}, torrents: new Map() };
}

function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge one answer into `state` (mutated and returned); throws on a shape that is not maindata. */
export function mergeMainData(state: MainData, answer: unknown): MainData {
  if (!isFields(answer) || typeof answer.rid !== 'number') throw new Error('sync/maindata answer has no rid');
  if (answer.full_update === true) {
    state.serverState = {};
    state.torrents = new Map();
  }
  state.rid = answer.rid;
  if (isFields(answer.server_state)) Object.assign(state.serverState, answer.server_state);
  if (isFields(answer.torrents)) {
    for (const [hash, fields] of Object.entries(answer.torrents)) {
      if (!isFields(fields)) continue;
      const had = state.torrents.get(hash);
      if (had) Object.assign(had, fields);
      else state.torrents.set(hash, { ...fields });
    }
  }
  if (Array.isArray(answer.torrents_removed)) {
    for (const hash of answer.torrents_removed) if (typeof hash === 'string') state.torrents.delete(hash);
  }
  return state;
}

/** The same merge for sync/torrentPeers (peers keyed "ip:port", `peers_removed`). */
export interface PeerData {
  rid: number;
  peers: Map<string, Fields>;
}

export function mergePeers(state: PeerData, answer: unknown): PeerData {
  if (!isFields(answer) || typeof answer.rid !== 'number') throw new Error('sync/torrentPeers answer has no rid');
  if (answer.full_update === true) state.peers = new Map();
  state.rid = answer.rid;
  if (isFields(answer.peers)) {
    for (const [key, fields] of Object.entries(answer.peers)) {
      if (!isFields(fields)) continue;
      const had = state.peers.get(key);
      if (had) Object.assign(had, fields);
      else state.peers.set(key, { ...fields });
    }
  }
  if (Array.isArray(answer.peers_removed)) {
    for (const key of answer.peers_removed) if (typeof key === 'string') state.peers.delete(key);
  }
  return state;
}
