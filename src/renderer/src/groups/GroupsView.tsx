import { useEffect, useMemo, useState } from 'react';
import type { GroupsJson, HeadlineJson, MetricGroupJson } from '../../../shared/compare/groupsJson';
import type { SpanMode } from '../../../shared/compare/span';
import { formatDuration } from '../../../shared/format';
import type { SessionSummary } from '../../../shared/library';
import { SettingsDiffTable } from '../compare/HeadlineTable';
import { useShortcuts } from '../keys/shortcuts';
import { libraryApi } from '../library/client';
import { useLibraryListing } from '../library/LibraryView';
import { formatStart, sourceLabel } from '../library/model';
import { openable } from '../library/SessionRow';
import { assign, changeText, loadGroups, pText, spreadText, verdictClass, withTag } from './groupsData';
import './groups.css';
import { SpanSwitch } from './SpanSwitch';

/** The runs of each side, and the span (kept in the URL: a reload or a link keeps Full vs Common). */
type Groups = { readonly a: readonly string[]; readonly b: readonly string[]; readonly span?: SpanMode };
type Result = { key: string; json: GroupsJson; error: null } | { key: string; json: null; error: string };

/**
 * Runs against runs (benchstat's way): the user puts library sessions (or all of a tag) in
 * group A, the baseline, and group B; per headline figure and metric the view shows each
 * group's median and range, the change with its bootstrap 95 % interval, the rank test's p and
 * the verdict: the numbers of `tidegauge compare A… --vs B… --json` for the same sessions.
 */
export function GroupsView({
  groups,
  onChange: onRoute,
  onBack,
}: {
  groups: Groups;
  onChange: (g: Groups) => void;
  onBack: () => void;
}) {
  const { listing, error: listError } = useLibraryListing();
  const span: SpanMode = groups.span ?? 'full';
  // Picking runs keeps the span, and the span is part of the route.
  const onChange = (g: Groups) => onRoute({ a: g.a, b: g.b, span: g.span ?? span });
  const setSpan = (s: SpanMode) => onRoute({ a: groups.a, b: groups.b, span: s });
  const [allMetrics, setAllMetrics] = useState(false);
  const sessions = useMemo(() => (listing?.sessions ?? []).filter(openable), [listing]);
  const tags = useMemo(() => [...new Set(sessions.flatMap((s) => s.tags))].sort(), [sessions]);
  const title = (id: string) => sessions.find((s) => s.id === id)?.title || id;

  const key = JSON.stringify([groups.a, groups.b, span]);
  const ready = groups.a.length > 0 && groups.b.length > 0;
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    const [a, b, s] = JSON.parse(key) as [string[], string[], SpanMode];
    if (!a.length || !b.length) return;
    let live = true;
    loadGroups(libraryApi(), a, b, s).then(
      (json) => live && setResult({ key, json, error: null }),
      (e: Error) => live && setResult({ key, json: null, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  useShortcuts([
    {
      key: 'c',
      what: 'Over the common span, or each run’s full span',
      run: () => void setSpan(span === 'full' ? 'common' : 'full'),
    },
  ]);

  const json = result?.key === key ? result.json : null;
  const stale = ready && result !== null && result.key !== key;
  const addTag = (tag: string, to: 'a' | 'b') => {
    let g: Groups = groups;
    for (const id of withTag(sessions, tag)) g = assign(g, id, to);
    onChange(g);
  };
  const names = json
    ? [
        ...json.groups.a.map((id, k) => `A${k + 1} ${title(id)}`),
        ...json.groups.b.map((id, k) => `B${k + 1} ${title(id)}`),
      ]
    : [];

  return (
    <div className="compare groups" data-testid="groups">
      <div className="view-toolbar">
        <button type="button" className="btn" onClick={onBack}>
          ← Library
        </button>
        <h2>
          Compare groups of runs: {groups.a.length} against {groups.b.length}
        </h2>
        <span className="hint">
          A is the baseline. 3 runs a side cannot give p below 0.1: use 5 or more where p matters.
        </span>
      </div>

      <section className="card compare-setup" aria-label="Groups">
        <div className="compare-controls">
          <TagPicker tags={tags} onAdd={addTag} />
          <SpanSwitch span={span} onChange={setSpan} />
          <button
            type="button"
            className="btn"
            onClick={() => onChange({ a: [], b: [] })}
            disabled={!groups.a.length && !groups.b.length}
          >
            Clear groups
          </button>
        </div>
        {listError && (
          <div className="banner error" role="alert">
            The library cannot be listed: {listError}
          </div>
        )}
        <table className="compare-sessions groups-pick" data-testid="groups-pick">
          <thead>
            <tr>
              <th>Group</th>
              <th>Session</th>
              <th>Source</th>
              <th>Start</th>
              <th className="num">Duration</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <PickRow key={s.id} s={s} groups={groups} onChange={onChange} />
            ))}
          </tbody>
        </table>
      </section>

      {!ready ? (
        <div className="empty" role="status">
          Put at least one session in each group (A, the baseline, and B).
        </div>
      ) : result?.error && result.key === key ? (
        <div className="banner error" role="alert" data-testid="groups-error">
          The groups cannot be compared: {result.error}
        </div>
      ) : !json ? (
        <div className="empty" role="status">
          {stale ? 'Updating…' : `Computing ${groups.a.length} against ${groups.b.length} runs…`}
        </div>
      ) : (
        <>
          <section className="card headline" data-testid="groups-headline">
            <div className="card-head">
              <h2>Headline figures</h2>
              <span className="hint" data-testid="groups-span">
                {json.span.seconds === null
                  ? 'Over each run’s full span (counters per second of it).'
                  : `Over the common span: the first ${formatDuration(json.span.seconds)} of each run.`}{' '}
                A verdict needs a change above the figure’s minimum effect and an interval that excludes no change.
              </span>
            </div>
            <FigureTable
              rows={json.headline.map((h) => ({ id: h.figure, label: h.label, better: h.better, row: h }))}
            />
          </section>
          <section className="card" data-testid="groups-metrics">
            <div className="card-head">
              <h2>Metrics {allMetrics ? '' : 'that differ'}</h2>
              <label className="hint">
                <input type="checkbox" checked={allMetrics} onChange={(e) => setAllMetrics(e.target.checked)} /> show
                every metric
              </label>
            </div>
            <MetricRows metrics={json.metrics} all={allMetrics} />
          </section>
          <SettingsDiffTable diff={json.settingsDiff} titles={names} />
        </>
      )}
    </div>
  );
}

function TagPicker({ tags, onAdd }: { tags: readonly string[]; onAdd: (tag: string, to: 'a' | 'b') => void }) {
  const [tag, setTag] = useState('');
  const chosen = tag || tags[0] || '';
  if (!tags.length) return <span className="hint">Tag sessions in the Library to pick a group by its tag.</span>;
  return (
    <span className="tag-picker">
      <label>
        Sessions tagged{' '}
        <select aria-label="Tag" value={chosen} onChange={(e) => setTag(e.target.value)}>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" className="btn" onClick={() => onAdd(chosen, 'a')}>
        to A
      </button>
      <button type="button" className="btn" onClick={() => onAdd(chosen, 'b')}>
        to B
      </button>
    </span>
  );
}

function PickRow({ s, groups, onChange }: { s: SessionSummary; groups: Groups; onChange: (g: Groups) => void }) {
  const at = groups.a.includes(s.id) ? 'a' : groups.b.includes(s.id) ? 'b' : '';
  return (
    <tr data-testid="groups-session" data-group={at} data-id={s.id}>
      <td>
        <select
          aria-label={`Group of ${s.title || s.id}`}
          data-testid={`group-of-${s.id}`}
          value={at}
          onChange={(e) => onChange(assign(groups, s.id, (e.target.value || null) as 'a' | 'b' | null))}
        >
          <option value="">—</option>
          <option value="a">A (baseline)</option>
          <option value="b">B</option>
        </select>
      </td>
      <td className="session-cell">{s.title || s.id}</td>
      <td>{sourceLabel(s)}</td>
      <td>{formatStart(s.startedAt)}</td>
      <td className="num">{formatDuration(s.durationMs / 1000)}</td>
      <td>{s.tags.join(', ')}</td>
    </tr>
  );
}

type FigureRow = { id: string; label: string; better: string; row: HeadlineJson | MetricGroupJson };

function FigureTable({ rows }: { rows: readonly FigureRow[] }) {
  return (
    <table className="compare-table groups-table">
      <thead>
        <tr>
          <th>Figure</th>
          <th className="num">A median (min–max)</th>
          <th className="num">B median (min–max)</th>
          <th className="num">Change, 95 % interval</th>
          <th className="num">Rank test p</th>
          <th>B against A</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ id, label, better, row }) => (
          <tr key={id} data-figure={id}>
            <th scope="row" className="metric-name">
              {label}
              <div className="muted">{better === 'neutral' ? 'no better direction' : `${better} is better`}</div>
            </th>
            <td className="num" data-testid="group-a">
              {spreadText(row.spreadA, row.unit)}
            </td>
            <td className="num" data-testid="group-b">
              {spreadText(row.spreadB, row.unit)}
            </td>
            <td className="num" data-testid="group-change">
              {changeText(row.change, row.unit)}
            </td>
            <td className="num" data-testid="group-p">
              {pText(row.p)}
            </td>
            <td>
              <span
                className={`delta ${verdictClass(row.verdict)}`}
                data-verdict={row.verdict ?? ''}
                data-testid="group-verdict"
              >
                {row.text}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MetricRows({ metrics, all }: { metrics: readonly MetricGroupJson[]; all: boolean }) {
  const shown = all ? metrics : metrics.filter((m) => m.verdict !== null && m.verdict !== 'no difference');
  if (!shown.length) return <p className="hint">No metric differs beyond its minimum effect and the noise.</p>;
  return <FigureTable rows={shown.map((m) => ({ id: m.metric, label: m.metric, better: m.better, row: m }))} />;
}
