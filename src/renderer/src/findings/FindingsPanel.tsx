import type { Finding, TimeSpan } from '../../../shared/findings';
import { printable } from '../../../shared/printable';
import { formatClock } from '../../../shared/time-axis';
import './findings.css';

/** How many of a finding's ranges are listed as buttons before "and N more". */
const RANGES_SHOWN = 4;

export interface FindingsGroup {
  /** A session's title in a comparison; absent for one session. */
  readonly title?: string;
  /** null: not computed yet. */
  readonly findings: readonly Finding[] | null;
}

/**
 * What the charts say, read for the user (src/shared/findings.ts): each finding with what was
 * measured, why it matters and the time ranges where it holds. A range is a button: it zooms
 * every chart of the view to it, so the claim can be checked against the curves at once. A
 * session without findings says so in one muted line, so the user knows the rules ran.
 * Pure: the view computes the findings and decides what a zoom means.
 */
export function FindingsPanel({
  groups,
  onZoom,
  scope,
}: {
  groups: readonly FindingsGroup[];
  /** A range was clicked: `group` is its index in `groups` (whose clock the range is on). */
  onZoom?: (span: TimeSpan, group: number) => void;
  /** What the findings cover, e.g. "this session so far". */
  scope: string;
}) {
  const all = groups.flatMap((g) => g.findings ?? []);
  const pending = groups.every((g) => g.findings === null);
  if (pending) return null;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  return (
    <details className="findings" data-testid="findings" open={all.length > 0}>
      <summary>
        <strong>Findings</strong>{' '}
        <span data-testid="findings-count" className={warnings > 0 ? 'findings-count warn' : 'findings-count'}>
          {all.length === 0 ? 'none' : all.length}
        </span>{' '}
        <span className="muted">over {scope}</span>
      </summary>
      {groups.map((g, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: groups are the view's sessions, in a fixed order
        <div key={k} className="findings-group" data-testid="findings-group">
          {g.title !== undefined && <div className="findings-title">{printable(g.title)}</div>}
          {g.findings === null ? (
            <p className="muted">Reading the session…</p>
          ) : g.findings.length === 0 ? (
            <p className="muted" data-testid="findings-none">
              No finding: none of the rules holds.
            </p>
          ) : (
            <ul>
              {g.findings.map((f) => (
                <FindingItem key={f.rule} finding={f} onZoom={onZoom && ((r) => onZoom(r, k))} />
              ))}
            </ul>
          )}
        </div>
      ))}
    </details>
  );
}

function FindingItem({ finding: f, onZoom }: { finding: Finding; onZoom?: (span: TimeSpan) => void }) {
  const more = f.ranges.length - RANGES_SHOWN;
  return (
    <li data-rule={f.rule} data-severity={f.severity} data-testid="finding">
      <span className={`finding-mark ${f.severity}`} aria-hidden="true">
        {f.severity === 'warning' ? '⚠' : 'ℹ'}
      </span>
      <div>
        <strong>{f.title}.</strong> {f.measured} <span className="muted">{f.why}</span>
        <div className="finding-ranges">
          {f.ranges.slice(0, RANGES_SHOWN).map((r) => (
            <button
              key={r.from}
              type="button"
              className="chip"
              data-testid="finding-range"
              data-from={r.from}
              data-to={r.to}
              disabled={!onZoom}
              title="Zoom every chart to this range"
              onClick={() => onZoom?.(r)}
            >
              {formatClock(r.from)}–{formatClock(r.to)}
            </button>
          ))}
          {more > 0 && <span className="muted">and {more} more</span>}
          <span className="muted finding-metrics">{f.metrics.join(', ')}</span>
        </div>
      </div>
    </li>
  );
}

/**
 * The zoom a range asks for: the range with a tenth of it (at least 5 s) on each side, so its
 * edges are visible on the charts rather than at their borders.
 */
export function zoomAround(span: TimeSpan): TimeSpan {
  const pad = Math.max(5_000, (span.to - span.from) / 10);
  return { from: span.from - pad, to: span.to + pad };
}
