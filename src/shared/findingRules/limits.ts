import type { SourceInfo } from '../api';
import { formatBytes, formatDuration, formatPercent } from '../format';
import { total } from './scan';
import { SpanScan } from './stream';
import { THRESHOLDS } from './thresholds';
import type { RateLimits, Rule } from './types';

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
export function limitedByCap(dir: 'down' | 'up'): Rule {
  const [wireName, payloadName] =
    dir === 'down' ? ['bw.download_rate', 'bw.payload_download_rate'] : ['bw.upload_rate', 'bw.payload_upload_rate'];
  return (limits) => {
    const limit = dir === 'down' ? limits?.download : limits?.upload;
    // Which rates count is known only at the end (a column whose last sample is not reported
    // counts as absent): one scan per case, [wire and payload, wire only, payload only].
    // acc: [bytes, ms] inside the spans (meanIn's sums).
    const scans = [0, 1, 2].map(() => new SpanScan(5_000, THRESHOLDS.capMs, 2));
    return {
      feed(c, col) {
        if (!limit) return;
        const wire = col(wireName);
        const payload = col(payloadName);
        const t = c.t;
        for (let k = Math.max(1, c.start); k < c.length; k++) {
          const w = (wire?.[k] as number) ?? 0;
          const p = (payload?.[k] as number) ?? 0;
          const rates = [Math.max(w, p), Math.max(w, 0), Math.max(0, p)];
          const t0 = t[k - 1] as number;
          const t1 = t[k] as number;
          scans.forEach((scan, i) => {
            const rate = rates[i] as number;
            if (!scan.step(rate >= THRESHOLDS.capShare * limit, t0, t1)) return;
            const acc = scan.acc;
            const dt = t1 - t0;
            acc[0] = (acc[0] as number) + rate * (dt / 1000);
            acc[1] = (acc[1] as number) + dt;
          });
        }
      },
      finish(end) {
        const hasWire = end.reported(wireName);
        const hasPayload = end.reported(payloadName);
        if (!limit || (!hasWire && !hasPayload)) return null;
        const scan = scans[hasWire && hasPayload ? 0 : hasWire ? 1 : 2] as SpanScan;
        scan.close();
        const ranges = scan.out;
        if (ranges.length === 0) return null;
        const mean = (scan.acc[0] as number) / Math.max(0.001, (scan.acc[1] as number) / 1000);
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
      },
    };
  };
}
