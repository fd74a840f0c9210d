import type { Finding } from '../../../shared/findings';
import type { InvariantTally } from '../../../shared/invariantTally';
import type { SessionState } from '../../../shared/library';
import { type CategorySummary, durationMs, summarize } from '../../../shared/session/data';
import { sessionFindings } from '../../../shared/session/findings';
import { sessionInvariants } from '../../../shared/session/invariants';
import type { SessionMeta } from '../../../shared/session/meta';
import { openDigest } from '../../storage/sessionDigest';
import { statFile } from '../../storage/sessionFiles';
import { detectFileFormat, type Imported, type ImportOptions, loadAny } from '../../storage/sessionImport';
import { LEVELS_MIN_BYTES } from '../../storage/sessionLevels';

/*
 * What `info` prints, from where it costs least: a long session file's digest (sessionDigest.ts:
 * read, or built once from one decode and kept), else the file decoded whole (a short file, a
 * recording in progress, an import) and worked out here. Both give the same figures.
 */

export interface InfoSource {
  readonly meta: SessionMeta;
  readonly opened: { state: SessionState; sizeBytes: number; warnings: readonly string[] } | null;
  readonly imported: Imported | null;
  readonly startedAt: number | null;
  readonly samples: number;
  readonly durationMs: number;
  readonly diagOn: number;
  readonly cats: readonly CategorySummary[];
  readonly invariants: InvariantTally;
  readonly findings: readonly Finding[];
}

export async function readInfo(file: string, options: ImportOptions): Promise<InfoSource> {
  const format = !options.format || options.format === 'auto' ? await detectFileFormat(file) : options.format;
  if (format === 'session' && (await statFile(file)).size >= LEVELS_MIN_BYTES) {
    const got = await openDigest(file);
    if (got) {
      const d = got.digest;
      const warnings = [...d.warnings];
      // readSessionFile's rule for a file without its end marker and nothing else said.
      if (!d.closed && !warnings.length)
        warnings.push('the file has no end marker: the recording stopped without closing it');
      return {
        meta: got.meta,
        opened: { state: d.closed ? 'complete' : 'interrupted', sizeBytes: got.sizeBytes, warnings },
        imported: null,
        startedAt: d.startedAt,
        samples: d.samples,
        durationMs: d.durationMs,
        diagOn: d.diagnosticsOn,
        cats: d.categories,
        invariants: d.invariants,
        findings: d.findings,
      };
    }
  }
  return readInfoWhole(file, options);
}

/** The figures from the file decoded whole (what the digest holds, worked out again). */
export async function readInfoWhole(file: string, options: ImportOptions): Promise<InfoSource> {
  const { data, opened, imported } = await loadAny(file, options);
  const invariants = sessionInvariants(data);
  return {
    meta: data.meta,
    opened: opened && { state: opened.state, sizeBytes: opened.sizeBytes, warnings: opened.warnings },
    imported,
    startedAt: data.length ? (data.t[0] as number) : null,
    samples: data.length,
    durationMs: durationMs(data),
    diagOn: data.diagnostics.reduce((a, x) => a + x, 0),
    cats: summarize(data),
    invariants,
    findings: sessionFindings(data, invariants),
  };
}
