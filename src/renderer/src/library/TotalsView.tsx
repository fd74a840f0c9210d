import { useEffect, useState } from 'react';
import { formatBytes, formatDuration, formatPercent } from '../../../shared/format';
import type { Budget } from '../../../shared/totals/budget';
import { parseBytes } from '../../../shared/totals/budget';
import { CALENDAR_UNITS, type CalendarUnit, isTimeZone, localTimeZone } from '../../../shared/totals/calendar';
import { totalsCsv } from '../../../shared/totals/csv';
import type { TotalsReport } from '../../../shared/totals/report';
import { downloadBlob } from '../download';
import { libraryApi, onLibraryChanged } from './client';
import './totals.css';

/*
 * The Library's Totals: bytes per day, week or month of a zone over every saved session, from
 * the host's one totals handler (the numbers `tidegauge totals --json` prints for the same
 * folder and zone), with a cap's budget and a CSV of the table.
 */

const rate = (bps: number) => (bps > 0 ? `${formatBytes(bps)}/s` : '–');
const when = (t: number, tz: string) =>
  new Date(t).toLocaleString('en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' });

function BudgetCard({ b, tz }: { b: Budget; tz: string }) {
  const used = Math.min(1, b.usedShare);
  const projected = b.projectedShare === null ? null : Math.min(1, b.projectedShare);
  const over = (b.projectedShare ?? 0) > 1;
  return (
    <section className="card totals-budget" aria-label="Data cap" data-testid="totals-budget">
      <div className="card-head">
        <h2>
          Cap {formatBytes(b.capBytes)} a {b.period} · {b.key}
        </h2>
        <span className="hint">{b.counts === 'both' ? 'downloaded + uploaded' : `${b.counts} only`}</span>
      </div>
      <div className="budget-bar" role="img" aria-label={`${formatPercent(b.usedShare)} of the cap used`}>
        <div className="budget-used" style={{ width: `${used * 100}%` }} />
        {projected !== null && (
          <div className={`budget-projected${over ? ' over' : ''}`} style={{ left: `${projected * 100}%` }} />
        )}
      </div>
      <p data-testid="totals-budget-text">
        Used <strong>{formatBytes(b.usedBytes)}</strong> ({formatPercent(b.usedShare)}) by {when(b.asOf, tz)},{' '}
        {formatBytes(b.remainingBytes)} left.
        {b.projectedBytes !== null && b.projectedShare !== null && (
          <>
            {' '}
            At this pace <strong className={over ? 'bad' : ''}>{formatBytes(b.projectedBytes)}</strong> (
            {formatPercent(b.projectedShare)}) by the {b.period}’s end
            {b.reachedAt !== null ? `; the cap is reached ${when(b.reachedAt, tz)}` : ''}.
          </>
        )}
      </p>
    </section>
  );
}

function TotalsTable({ r }: { r: TotalsReport }) {
  const most = Math.max(1, ...r.rows.map((x) => x.downloaded + x.uploaded));
  return (
    <table className="sessions totals-table" data-testid="totals-table">
      <thead>
        <tr>
          <th>{r.by === 'day' ? 'Day' : r.by === 'week' ? 'Week' : 'Month'}</th>
          <th className="num">Downloaded</th>
          <th className="num">Uploaded</th>
          <th className="bar-col">
            <span className="key down">down</span> <span className="key up">up</span>
          </th>
          <th className="num">Covered</th>
          <th className="num">Gaps</th>
          <th className="num">Sessions</th>
          <th className="num">Peak down</th>
          <th className="num">Peak up</th>
        </tr>
      </thead>
      <tbody>
        {r.rows.map((x) => (
          <tr key={x.key} data-testid="totals-row" data-key={x.key}>
            <td title={`${when(x.start, r.tz)} – ${when(x.end, r.tz)}`}>{x.key}</td>
            <td className="num" data-testid="totals-down" data-bytes={x.downloaded}>
              {formatBytes(x.downloaded)}
            </td>
            <td className="num" data-testid="totals-up" data-bytes={x.uploaded}>
              {formatBytes(x.uploaded)}
            </td>
            <td className="bar-col" aria-hidden="true">
              <div className="totals-bar">
                <span className="down" style={{ width: `${(x.downloaded / most) * 100}%` }} />
                <span className="up" style={{ width: `${(x.uploaded / most) * 100}%` }} />
              </div>
            </td>
            <td className="num" data-testid="totals-covered" title={`of ${formatDuration((x.end - x.start) / 1000)}`}>
              {formatDuration(x.coveredMs / 1000)}
            </td>
            <td className="num">{x.gapMs ? formatDuration(x.gapMs / 1000) : '–'}</td>
            <td className="num">{x.sessions}</td>
            <td
              className="num"
              data-testid="totals-peak-down"
              title={x.peakDownloadAt ? when(x.peakDownloadAt, r.tz) : ''}
            >
              {rate(x.peakDownloadRate)}
            </td>
            <td className="num" title={x.peakUploadAt ? when(x.peakUploadAt, r.tz) : ''}>
              {rate(x.peakUploadRate)}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="totals-total">
          <th>Total</th>
          <td className="num">{formatBytes(r.total.downloaded)}</td>
          <td className="num">{formatBytes(r.total.uploaded)}</td>
          <td />
          <td className="num">{formatDuration(r.total.coveredMs / 1000)}</td>
          <td colSpan={4} />
        </tr>
      </tfoot>
    </table>
  );
}

export function TotalsView({ onBack }: { onBack: () => void }) {
  const [by, setBy] = useState<CalendarUnit>('day');
  const [tz, setTz] = useState(localTimeZone);
  const [capText, setCapText] = useState('');
  const [period, setPeriod] = useState<CalendarUnit>('month');
  const [report, setReport] = useState<TotalsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(0);
  const zoneOk = isTimeZone(tz);
  const cap = capText.trim() ? parseBytes(capText) : null;
  const capOk = !capText.trim() || cap !== null;

  useEffect(() => onLibraryChanged(() => setChanged((n) => n + 1)), []);
  useEffect(() => {
    if (!zoneOk || !capOk) return;
    let live = true;
    void changed;
    libraryApi()
      .totals({ by, tz, ...(cap === null ? {} : { cap, period }) })
      .then((r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [by, tz, cap, capOk, period, zoneOk, changed]);

  return (
    <div className="library totals" data-testid="totals">
      <div className="view-toolbar">
        <button type="button" className="btn" onClick={onBack}>
          ← Library
        </button>
        <h2>Totals</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: a segmented control, not a form group */}
        <div className="seg" role="group" aria-label="Totals by">
          {CALENDAR_UNITS.map((u) => (
            <button
              key={u}
              type="button"
              aria-pressed={by === u}
              onClick={() => setBy(u)}
              data-testid={`totals-by-${u}`}
            >
              {u === 'day' ? 'Day' : u === 'week' ? 'Week' : 'Month'}
            </button>
          ))}
        </div>
        <label className="totals-field">
          <span>Zone</span>
          <input
            value={tz}
            onChange={(e) => setTz(e.target.value)}
            aria-invalid={!zoneOk}
            aria-label="Time zone"
            data-testid="totals-tz"
            spellCheck={false}
          />
        </label>
        <label className="totals-field">
          <span>Cap</span>
          <input
            value={capText}
            onChange={(e) => setCapText(e.target.value)}
            placeholder="e.g. 1TiB"
            aria-invalid={!capOk}
            aria-label="Data cap"
            data-testid="totals-cap"
            size={8}
          />
        </label>
        <label className="totals-field">
          <span>per</span>
          <select value={period} onChange={(e) => setPeriod(e.target.value as CalendarUnit)} aria-label="Cap period">
            {CALENDAR_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          disabled={!report || report.rows.length === 0}
          onClick={() =>
            report &&
            downloadBlob(
              `tidegauge-totals-${report.by}.csv`,
              new Blob([totalsCsv(report)], { type: 'text/csv;charset=utf-8' }),
            )
          }
          data-testid="totals-csv"
        >
          Export CSV
        </button>
        <span className="hint">
          {!zoneOk
            ? 'Not a time zone (e.g. Europe/Berlin, UTC)'
            : !capOk
              ? 'Cap: a size such as 1TiB or 750GB'
              : report
                ? `${report.sessions.length} sessions · ${report.tz}`
                : ''}
        </span>
      </div>
      {error && (
        <div className="banner error" role="alert" data-testid="totals-error">
          Totals could not be made: {error}
        </div>
      )}
      {!report && !error && <div className="empty">Adding up the library…</div>}
      {report && report.rows.length === 0 && (
        <div className="empty" data-testid="totals-empty">
          No recorded traffic yet: sessions appear here by the day they were recorded.
        </div>
      )}
      {report?.budget && <BudgetCard b={report.budget} tz={report.tz} />}
      {report && report.rows.length > 0 && <TotalsTable r={report} />}
      {report && (report.unattributed.length > 0 || report.notes.length > 0) && (
        <ul className="totals-notes hint" data-testid="totals-notes">
          {report.unattributed.map((u) => (
            <li key={`${u.session}-${u.from}`}>
              {formatBytes(u.downloaded)} down and {formatBytes(u.uploaded)} up moved in a gap from{' '}
              {when(u.from, report.tz)} to {when(u.to, report.tz)}, across a {report.by} boundary: counted in no{' '}
              {report.by}.
            </li>
          ))}
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="hint totals-about">
        Bytes on the wire (payload and protocol) from each session’s counters, split at local midnight; a counter reset
        (an engine restart) counts from zero. “Covered” is the time a session was read; the rest was not recorded and is
        not filled in. Peaks are the highest rate over one sample interval.
      </p>
    </div>
  );
}
