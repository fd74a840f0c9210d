import type { SessionSummary } from '../../../shared/library';

/**
 * What a user should know before trusting a session's numbers (a damaged batch skipped with
 * its time range, samples recovered from a journal, files kept beside it), above its replay.
 */
export function SessionWarnings({ session }: { session: SessionSummary }) {
  const lines = [...session.warnings, ...session.kept.map((k) => `${k.reason} (${k.file})`)];
  if (!lines.length) return null;
  return (
    <div className="banner info" role="note" data-testid="session-warnings">
      {lines.length === 1 ? (
        lines[0]
      ) : (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
