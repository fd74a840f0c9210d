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
  /** A rate at this share of the session's own cap or more, for capMs, is limited by the cap. */
  capShare: 0.9,
  capMs: 30_000,
  /** Disk jobs in flight at or above this many, for sustainedMs, is a saturated disk queue. */
  diskQueueDepth: 32,
  /** With at least silentPeersConnected peers connected, at most silentPeersMost delivering, for silentPeersMs. */
  silentPeersConnected: 4,
  silentPeersMost: 1,
  silentPeersMs: 60_000,
} as const;
