import { Fragment, useMemo, useState } from 'react';
import type { CompareRow, Comparison } from '../../../shared/compare/compareSessions';
import { formatChartValue, formatDuration } from '../../../shared/format';
import {
  figureUnits,
  filterRows,
  formatPct,
  groupOnlyIn,
  isFigures,
  MISSING_TEXT,
  sessionColor,
  sortRows,
  type TableSort,
} from './model';

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : formatChartValue(v, unit);

function Verdict({ row, k }: { row: CompareRow; k: number }) {
  const d = row.deltas[k];
  if (!d) return <td className="num delta" colSpan={2} />;
  const unit = figureUnits(row);
  const headlineUnit =
    isFigures(row.sessions[k]) && (row.sessions[k] as { total: number | null }).total !== null ? unit.total : unit.dist;
  const sign = d.abs > 0 ? '+' : d.abs < 0 ? '−' : '±';
  return (
    <>
      <td className={`num delta ${d.verdict}`} data-verdict={d.verdict}>
        {sign}
        {fmt(Math.abs(d.abs), headlineUnit)}
      </td>
      <td className={`num delta ${d.verdict}`} data-verdict={d.verdict} data-testid="delta-pct">
        {formatPct(d)}
      </td>
    </>
  );
}

/** A total per second of a span in s (null where either is unknown). */
function perSecond(total: number | null, spanS: number | undefined): number | null {
  return total === null || spanS === undefined || !(spanS > 0) ? null : total / spanS;
}

/** Every metric and derived series, per session, with the change against the baseline. */
export function SummaryTable({
  comparison,
  derived,
  titles,
}: {
  comparison: Comparison;
  derived: readonly CompareRow[];
  titles: readonly string[];
}) {
  const [text, setText] = useState('');
  const [changedOnly, setChangedOnly] = useState(false);
  const [withData, setWithData] = useState(true);
  const [sort, setSort] = useState<{ by: TableSort; dir: 'asc' | 'desc' }>({ by: 'category', dir: 'asc' });
  const all = useMemo(() => [...comparison.rows, ...derived], [comparison, derived]);
  const rows = useMemo(() => {
    const f = filterRows(all, { text, changedOnly }).filter(
      (r) =>
        !withData || r.sessions.some((s) => isFigures(s) && s.n > 0) || r.sessions.some((s) => s === 'no diagnostics'),
    );
    return sortRows(f, sort.by, sort.dir);
  }, [all, text, changedOnly, withData, sort]);
  const derivedNames = useMemo(() => new Set(derived.map((d) => d.name)), [derived]);
  const n = comparison.sessions.length;
  const base = comparison.baseline;
  const sortBtn = (by: TableSort, label: string) => (
    <button
      type="button"
      className="sort"
      onClick={() =>
        setSort((s) =>
          s.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: by === 'change' ? 'desc' : 'asc' },
        )
      }
    >
      {label}
      {sort.by === by ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
    </button>
  );
  const ttc = comparison.sessions.map((s) => s.timeToCompleteS);
  // Totals per second of each session's compared span, as the CLI's JSON gives them (perSecond).
  const spans = comparison.sessions.map((s) => s.spanS);
  const baseTtc = ttc[base];

  return (
    <section className="card summary" data-testid="summary">
      <div className="card-head">
        <h2>Summary</h2>
        <span className="hint">
          Counters: total over the compared span, that total per second of the span, and mean / p50 / p95 / max of their
          per-second rate. Gauges and derived series: their values. Δ compares totals (counters, derived series over the
          span) or means (gauges) with the baseline; green is better, red worse.
        </span>
      </div>
      <div className="summary-tools">
        <input
          type="search"
          className="filter"
          placeholder="Filter metrics"
          aria-label="Filter metrics"
          data-testid="summary-filter"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} /> Changed
          only
        </label>
        <label>
          <input type="checkbox" checked={withData} onChange={(e) => setWithData(e.target.checked)} /> Hide metrics no
          session reported
        </label>
        <span className="hint">
          {rows.length} of {all.length} rows
        </span>
      </div>
      <table className="compare-table" data-testid="summary-table">
        <thead>
          <tr>
            <th>{sortBtn('name', 'Metric')}</th>
            <th>{sortBtn('category', 'Category')}</th>
            <th>Session</th>
            <th className="num">Total</th>
            <th className="num" title="The total per second of the session’s compared span (Full or Common span)">
              Per s
            </th>
            <th className="num">Mean</th>
            <th className="num">p50</th>
            <th className="num">p95</th>
            <th className="num">Max</th>
            <th className="num">Δ</th>
            <th className="num">{sortBtn('change', '%')}</th>
          </tr>
        </thead>
        <tbody>
          {ttc.map((v, k) => {
            const abs = v !== null && baseTtc !== null && baseTtc !== undefined && k !== base ? v - baseTtc : null;
            const verdict = abs === null ? '' : abs === 0 ? 'same' : abs < 0 ? 'better' : 'worse';
            return (
              <tr
                key={titles[k] ?? k}
                className={k === 0 ? 'metric-first' : ''}
                data-metric="time to complete"
                data-session={titles[k]}
              >
                {k === 0 && (
                  <th rowSpan={n} scope="rowgroup" className="metric-name">
                    Time to complete
                    <div className="muted">download complete, from the session’s start · lower is better</div>
                  </th>
                )}
                {k === 0 && <td rowSpan={n}>session</td>}
                <td className="session-cell">
                  <span className="swatch" style={{ background: sessionColor(k) }} />
                  {titles[k]}
                  {k === base && <span className="tag">baseline</span>}
                </td>
                <td className="num" colSpan={6} data-testid="ttc">
                  {v === null ? 'not complete in this session' : formatDuration(v)}
                </td>
                <td className={`num delta ${verdict}`}>
                  {abs === null ? '' : `${abs > 0 ? '+' : abs < 0 ? '−' : '±'}${formatDuration(Math.abs(abs))}`}
                </td>
                <td className={`num delta ${verdict}`}>
                  {abs === null || !baseTtc ? '' : formatPct({ abs, pct: (abs / baseTtc) * 100, verdict: 'neutral' })}
                </td>
              </tr>
            );
          })}
          {rows.map((r) => {
            const u = figureUnits(r);
            return (
              <Fragment key={r.name}>
                {r.sessions.map((f, k) => (
                  <tr
                    // biome-ignore lint/suspicious/noArrayIndexKey: one row per session, in session order
                    key={k}
                    className={k === 0 ? 'metric-first' : ''}
                    data-metric={r.name}
                    data-session={titles[k]}
                  >
                    {k === 0 && (
                      <th rowSpan={n} scope="rowgroup" className="metric-name">
                        {r.name}
                        <div className="muted">
                          {derivedNames.has(r.name) ? 'derived' : r.kind} · {r.unit}
                          {r.better !== 'neutral' && ` · ${r.better} is better`}
                        </div>
                      </th>
                    )}
                    {k === 0 && <td rowSpan={n}>{r.category}</td>}
                    <td className="session-cell">
                      <span className="swatch" style={{ background: sessionColor(k) }} />
                      {titles[k]}
                    </td>
                    {isFigures(f) ? (
                      <>
                        <td className="num" data-col="total">
                          {fmt(f.total, u.total)}
                        </td>
                        <td className="num" data-col="per-second">
                          {r.kind === 'counter' ? fmt(perSecond(f.total, spans[k]), u.dist) : ''}
                        </td>
                        <td className="num" data-col="mean">
                          {fmt(f.mean, u.dist)}
                        </td>
                        <td className="num" data-col="p50">
                          {fmt(f.p50, u.dist)}
                        </td>
                        <td className="num" data-col="p95">
                          {fmt(f.p95, u.dist)}
                        </td>
                        <td className="num" data-col="max">
                          {fmt(f.max, u.dist)}
                        </td>
                        <Verdict row={r} k={k} />
                      </>
                    ) : (
                      <td colSpan={8} className="missing" data-testid="missing">
                        {MISSING_TEXT[f]}
                      </td>
                    )}
                  </tr>
                ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <OnlyIn comparison={comparison} titles={titles} />
    </section>
  );
}

function OnlyIn({ comparison, titles }: { comparison: Comparison; titles: readonly string[] }) {
  const groups = groupOnlyIn(comparison.onlyIn);
  if (!groups.length)
    return (
      <p className="hint" data-testid="only-in">
        Every metric exists in every session’s registry.
      </p>
    );
  return (
    <div className="only-in" data-testid="only-in">
      <h3>Metrics on one side only</h3>
      <p className="hint">
        The sessions were made with different registries (e.g. a libtorrent import and a recording); metrics are matched
        by name, and these exist in some sessions only.
      </p>
      {groups.map((g) => (
        <div key={g.sessions.join(',')} className="only-in-group">
          <strong>Only in {g.sessions.map((k) => titles[k]).join(', ') || 'none'}</strong> ({g.names.length}):{' '}
          <span className="only-in-names">{g.names.join(', ')}</span>
        </div>
      ))}
    </div>
  );
}
