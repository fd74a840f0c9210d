import type { Finding } from '../../../shared/findings';
import { sessionFindings } from '../../../shared/session/findings';
import type { ReportSession } from './model';
import { formatStamp } from './stamp';

/**
 * What the numbers say, before the numbers: each session's findings (src/shared/findings.ts)
 * with what was measured, why it matters and when. A session with none says so, so a reader
 * knows the rules ran.
 */
export function ReportFindings(p: {
  sessions: readonly ReportSession[];
  /** What the host found over every sample, per session (null: compute from the data here). */
  computed?: readonly (readonly Finding[] | null)[];
}) {
  const { sessions } = p;
  const each = sessions.map((s, k) => ({
    s,
    found: p.computed?.[k] ?? sessionFindings(s.data),
  }));
  return (
    <section className="report-findings" data-testid="report-findings">
      <h2>Findings</h2>
      {each.map(({ s, found }) => (
        <div key={s.id} className="report-findings-session">
          {sessions.length > 1 ? <div className="report-findings-title">{s.title}</div> : null}
          {found.length === 0 ? (
            <p className="report-findings-none">No finding: none of the rules holds for this session.</p>
          ) : (
            <ul>
              {found.map((f) => (
                <li key={f.rule} data-rule={f.rule} data-severity={f.severity}>
                  <strong>{f.title}.</strong> {f.measured} <span className="report-findings-why">{f.why}</span>{' '}
                  <span className="report-findings-when">
                    {f.ranges
                      .slice(0, 3)
                      .map((r) => `${formatStamp(r.from).slice(11, 19)}–${formatStamp(r.to).slice(11, 19)}`)
                      .join(', ')}
                    {f.ranges.length > 3 ? ` and ${f.ranges.length - 3} more` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
