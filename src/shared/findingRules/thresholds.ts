/** Thresholds, exported so tests and the README quote the same numbers. */
export const THRESHOLDS = {
  /** Share of downloaded pieces that failed their hash check. */
  hashfailShare: 0.01,
  /** Share of received payload that was wasted (redundant or failed)... */
  wasteShare: 0.05,
  /**
   * ...and at least this much of it: the end game asks the last blocks of several peers at once
   * by design, which on a small download is a few percent by itself (960 KiB of 16 MiB measured
   * on an honest loopback run with three seeders on a busy machine).
   */
  wasteMinBytes: 8 * 1024 * 1024,
  /** Most peers we download from for the download to count as served by few seeders. */
  fewSeeders: 2,
  /** How long a condition must hold before it is a finding, ms. */
  sustainedMs: 10_000,
  /** A download at zero rate with peers connected for this long is a stall, ms. */
  stallMs: 30_000,
  /** Share of tracker announces that failed. */
  trackerErrorShare: 0.2,
  /** Share of the wire bytes that were not payload, while payload moved at overheadMinRate or more. */
  overheadShare: 0.15,
  overheadMinRate: 64 * 1024,
  /** At most this many peers connected while at least fewPeersAvailable were on offer, for fewPeersMs. */
  fewPeers: 2,
  fewPeersAvailable: 10,
  fewPeersMs: 60_000,
  /** Share of outgoing connection attempts that failed, once at least connectFailuresMin failed. */
  connectFailureShare: 0.5,
  connectFailuresMin: 20,
  /**
   * A rate within 10 % of the session's own cap, for a minute of downloading, is limited by the
   * cap: a throttle's rate wobbles a few percent around its target from tick to tick, and a
   * shorter spell is a burst that happened to reach it.
   */
  capShare: 0.9,
  capMs: 60_000,
  /**
   * Disk jobs in flight at or above this many, for sustainedMs, is a saturated disk queue. A
   * healthy disk finishes a job (one piece or block) in milliseconds, so jobs seldom overlap by
   * more than a few; 32 waiting for 10 s (8 MiB of 256 KiB pieces, which a spinning disk writes
   * in a tenth of a second) means the jobs arrive faster than the disk finishes them, not a
   * burst. libtorrent's queued_disk_jobs and qBittorrent's queued_io_jobs count the same wait.
   */
  diskQueueDepth: 32,
  /** With at least silentPeersConnected peers connected, at most silentPeersMost delivering, for silentPeersMs. */
  silentPeersConnected: 4,
  silentPeersMost: 1,
  silentPeersMs: 60_000,
  /**
   * Choked by at least chokedShare of the peers we are interested in, at least
   * chokedMinInterested of them (with one or two, a single turn of their unchoke slots swings the
   * share from 0 to 100 %) and at most chokedMostUnchoked letting us in, for chokedMs and over
   * chokedTimeShare of the time we wanted pieces. A peer unchokes about four of the peers
   * interested in it and rotates every 10 s, so in a big swarm most peers choking us is normal
   * while several others send; all but one or two of them, for most of the download, is not.
   */
  chokedShare: 0.8,
  chokedMinInterested: 4,
  chokedMostUnchoked: 2,
  chokedMs: 60_000,
  chokedTimeShare: 0.5,
} as const;
