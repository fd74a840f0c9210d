import type { HeadlineTableRow } from '../../../shared/compare/compareGroups';
import type { SettingDiff } from '../../../shared/compare/provenance';
import { formatChartValue } from '../../../shared/format';
import { sessionColor } from './model';

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : formatChartValue(v, unit);

/**
 * The figures a comparison is about, first: one row per headline figure, each session's value
 * and its verdict against the baseline (the same rows as the CLI's headline table and --json).
 */
export function HeadlineTable({
  rows,
  titles,
  baseline,
}: {
  rows: readonly HeadlineTableRow[];
  titles: readonly string[];
  baseline: number;
}) {
  return (
    <section className="card headline" data-testid="headline">
      <div className="card-head">
        <h2>Headline figures</h2>
        <span className="hint">
          Over each session’s compared span. A verdict needs a change above the figure’s minimum effect; one run per
          side has no noise estimate (compare groups of runs: Library › Compare as groups…, or the CLI’s --vs).
        </span>
      </div>
      <table className="compare-table headline-table" data-testid="headline-table">
        <thead>
          <tr>
            <th>Figure</th>
            {titles.map((t, k) => (
              <th key={t}>
                <span className="swatch" style={{ background: sessionColor(k) }} />
                {t}
                {k === baseline && <span className="tag">baseline</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-figure={r.id}>
              <th scope="row" className="metric-name" title={r.description}>
                {r.label}
                <div className="muted">{r.better === 'neutral' ? 'no better direction' : `${r.better} is better`}</div>
              </th>
              {r.values.map((v, k) => {
                const vs = r.vs[k];
                const verdict = vs?.result?.verdict ?? '';
                const cls = verdict === 'no difference' ? 'same' : verdict;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one cell per session, in session order
                  <td key={k} data-session={titles[k]}>
                    <div data-testid="headline-value">{fmt(v, r.unit)}</div>
                    {vs && (
                      <div className={`delta ${cls}`} data-verdict={verdict} data-testid="headline-verdict">
                        {vs.text}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What differed in how the sessions were made (their recorded provenance). */
export function SettingsDiffTable({ diff, titles }: { diff: readonly SettingDiff[]; titles: readonly string[] }) {
  return (
    <section className="card settings-diff" data-testid="settings-diff">
      <div className="card-head">
        <h2>What differed between these runs</h2>
        <span className="hint">
          Source, engine version and options, host and Tidegauge version, as each session recorded them.
        </span>
      </div>
      {diff.length === 0 ? (
        <p className="hint">The sessions record the same settings.</p>
      ) : (
        <table className="compare-table" data-testid="settings-diff-table">
          <thead>
            <tr>
              <th>Setting</th>
              {titles.map((t) => (
                <th key={t}>{t}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diff.map((d) => (
              <tr key={d.name} data-setting={d.name}>
                <th scope="row">{d.name}</th>
                {d.values.map((v, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one cell per session, in session order
                  <td key={k} className={v === null ? 'missing' : ''}>
                    {v ?? 'not recorded'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
