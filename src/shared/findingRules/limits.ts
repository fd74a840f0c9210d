import type { SourceInfo } from '../api';
import { formatBytes, formatDuration, formatPercent } from '../format';
import { meanIn, spans, total } from './scan';
import { THRESHOLDS } from './thresholds';
import type { Column, Finding, FindingsInput, RateLimits } from './types';

/*
 * The session's own caps, read from the settings a run was recorded with, and the rule that
 * tells a download held back by its cap from one held back by the swarm: the first lever a
 * user has is the one they set themselves.
 */

type Settings = NonNullable<SourceInfo['settings']>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** A cap in bytes/s, or null for "none" (each client spells unlimited its own way: 0, -1). */
const cap = (v: number | null, unit = 1): number | null => (v !== null && v > 0 ? v * unit : null);

/**
 * The caps of a run, by the names each source records them under: the embedded engine's
 * downloadLimit/uploadLimit (bytes/s), qBittorrent's dl_limit/up_limit (bytes/s, 0: none),
 * Transmission's speed-limit-down/up (kB/s, only when its -enabled flag is true) and Deluge's
 * max_download/upload_speed (KiB/s, -1: none).
 */
export function rateLimits(settings: Settings | undefined | null): RateLimits {
  if (!settings) return {};
  const s = settings as Record<string, unknown>;
  if ('downloadLimit' in s || 'uploadLimit' in s)
    return { download: cap(num(s.downloadLimit)), upload: cap(num(s.uploadLimit)) };
  if ('dl_limit' in s || 'up_limit' in s) return { download: cap(num(s.dl_limit)), upload: cap(num(s.up_limit)) };
  if ('speed-limit-down' in s || 'speed-limit-up' in s)
    return {
      download: s['speed-limit-down-enabled'] === true ? cap(num(s['speed-limit-down']), 1000) : null,
      upload: s['speed-limit-up-enabled'] === true ? cap(num(s['speed-limit-up']), 1000) : null,
    };
  if ('max_download_speed' in s || 'max_upload_speed' in s)
    return { download: cap(num(s.max_download_speed), 1024), upload: cap(num(s.max_upload_speed), 1024) };
  return {};
}

/** Transfers at the session's own cap for a while (either rate: the cap may count payload or wire bytes). */
export function limitedByCap(dir: 'down' | 'up') {
  const [wireName, payloadName] =
    dir === 'down' ? ['bw.download_rate', 'bw.payload_download_rate'] : ['bw.upload_rate', 'bw.payload_upload_rate'];
  return (input: FindingsInput, col: Column): Finding | null => {
    const limit = dir === 'down' ? input.limits?.download : input.limits?.upload;
    const wire = col(wireName);
    const payload = col(payloadName);
    if (!limit || (!wire && !payload)) return null;
    const rate = (k: number) => Math.max((wire?.[k] as number) ?? 0, (payload?.[k] as number) ?? 0);
    const ranges = spans(input, (k) => rate(k) >= THRESHOLDS.capShare * limit).filter(
      (r) => r.to - r.from >= THRESHOLDS.capMs,
    );
    if (ranges.length === 0) return null;
    const { mean } = meanIn(input, ranges, rate);
    const what = dir === 'down' ? 'download' : 'upload';
    return {
      rule: `limited-by-cap-${dir}`,
      severity: 'info',
      title: `Limited by the ${what} cap`,
      measured: `For ${formatDuration(total(ranges) / 1000)} the ${what} ran at ${formatBytes(mean)}/s, ${formatPercent(mean / limit)} of the session's own ${formatBytes(limit)}/s cap.`,
      why: 'The cap set here set the pace, not the swarm, the line or the disk: raising or removing it is the first lever.',
      metrics: [wireName, payloadName],
      value: mean,
      threshold: THRESHOLDS.capShare * limit,
      ranges,
    };
  };
}
