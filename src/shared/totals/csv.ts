import type { TotalsTable } from './buckets';

/*
 * The totals table as CSV (the CLI's --csv and the Totals view's export write the same text):
 * one row per bucket, bytes and seconds as plain numbers, times as ISO 8601 UTC.
 */

export const TOTALS_CSV_HEADER = [
  'bucket',
  'start',
  'end',
  'downloaded_bytes',
  'uploaded_bytes',
  'covered_s',
  'gap_s',
  'sessions',
  'peak_download_Bps',
  'peak_upload_Bps',
];

const iso = (t: number) => new Date(t).toISOString();
const n = (x: number) => String(Math.round(x));

export function totalsCsv(t: TotalsTable): string {
  const lines = [TOTALS_CSV_HEADER.join(',')];
  for (const r of t.rows)
    lines.push(
      [
        r.key,
        iso(r.start),
        iso(r.end),
        n(r.downloaded),
        n(r.uploaded),
        (r.coveredMs / 1000).toFixed(3),
        (r.gapMs / 1000).toFixed(3),
        String(r.sessions),
        n(r.peakDownloadRate),
        n(r.peakUploadRate),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}
