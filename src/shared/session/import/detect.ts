import { looksLikeArrow } from '../arrow';
import type { ImportFormat } from './common';

export type DetectedFormat = ImportFormat | 'session';

/**
 * Guess a file's format from its first bytes (and name): a Tidegauge/Arrow session, a
 * libtorrent log, an irontide NDJSON dump or a CSV. Returns a reason when it cannot tell.
 */
export function detectFormat(head: Uint8Array, fileName: string): { format: DetectedFormat } | { error: string } {
  if (head.length === 0) return { error: 'the file is empty' };
  if (looksLikeArrow(head)) return { format: 'session' };
  const nul = head.indexOf(0);
  if (nul >= 0) return { error: `binary data (a NUL byte at byte ${nul}): not CSV, NDJSON or a libtorrent log` };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (text.includes('session stats header:') || /session stats \(\d+ values\)/.test(text))
    return { format: 'libtorrent' };
  const firstLine =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0]
      ?.trim() ?? '';
  if (firstLine.startsWith('[') && firstLine.includes('"name"')) return { format: 'irontide' };
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return { format: 'irontide' };
  if (lower.endsWith('.log')) return { format: 'libtorrent' };
  if (/[,;\t]/.test(firstLine) && !firstLine.startsWith('{') && !firstLine.startsWith('[')) return { format: 'csv' };
  return {
    error:
      'cannot tell the format: not an Arrow session, no "session stats header:" line, no JSON counter array, no CSV header',
  };
}
