import { Fragment, useMemo, useState } from 'react';
import { formatRate, formatValue } from '../../../shared/format';
import type { RegistryEntry } from '../../../shared/registry-types';
import type { SampleRow } from '../../../shared/series';
import { useScheduledTick } from '../hooks/useScheduledTick';
import type { RenderScheduler } from '../scheduler';

const CATEGORY_TITLES: Record<string, string> = {
  network: 'Network',
  disk: 'Disk',
  dht: 'DHT',
  peers: 'Peers',
  protocol: 'Protocol',
  bandwidth: 'Bandwidth',
  session: 'Session',
  diagnostics: 'Operational diagnostics',
};

type Sort = 'group' | 'name' | 'value' | 'rate';
const SORTS: readonly { id: Sort; label: string }[] = [
  { id: 'group', label: 'Group' },
  { id: 'name', label: 'Name' },
  { id: 'value', label: 'Value' },
  { id: 'rate', label: 'Rate' },
];

interface Group {
  category: string;
  rows: { entry: RegistryEntry; index: number }[];
}

/** The live table: follows every sample the scheduler lets it draw. */
export function LiveMetricsTable(p: {
  scheduler: RenderScheduler;
  latest: () => SampleRow | null;
  registry: readonly RegistryEntry[];
  notReported: Readonly<Record<number, string>>;
  diagnostics: boolean;
}) {
  useScheduledTick(p.scheduler);
  return (
    <MetricsTable registry={p.registry} notReported={p.notReported} diagnostics={p.diagnostics} sample={p.latest()} />
  );
}

/** Every metric's value and rate at one sample (the newest live, the slider's in a replay). */
export function MetricsTable({
  registry,
  notReported,
  diagnostics,
  sample,
}: {
  registry: readonly RegistryEntry[];
  notReported: Readonly<Record<number, string>>;
  diagnostics: boolean;
  sample: Pick<SampleRow, 'values' | 'rates'> | null;
}) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('group');
  const q = query.trim().toLowerCase();
  const groups = useMemo(() => {
    const out: Group[] = [];
    registry.forEach((entry, index) => {
      if (q && !`${entry.name} ${entry.description ?? ''}`.toLowerCase().includes(q)) return;
      const category = entry.category ?? 'other';
      let g = out.find((x) => x.category === category);
      if (!g) {
        g = { category, rows: [] };
        out.push(g);
      }
      g.rows.push({ entry, index });
    });
    return out;
  }, [registry, q]);
  const snap = sample;
  // Sorted by anything but the group: one flat list, largest first (no number last).
  const shown: Group[] =
    sort === 'group'
      ? groups
      : [
          {
            category: '',
            rows: groups
              .flatMap((g) => g.rows)
              .sort((a, b) => {
                if (sort === 'name') return a.entry.name.localeCompare(b.entry.name);
                const col = sort === 'value' ? snap?.values : snap?.rates;
                const va = col?.[a.index] ?? Number.NaN;
                const vb = col?.[b.index] ?? Number.NaN;
                return (Number.isFinite(vb) ? vb : -Infinity) - (Number.isFinite(va) ? va : -Infinity);
              }),
          },
        ];
  const count = groups.reduce((n, g) => n + g.rows.length, 0);

  if (!registry.length) return <section className="card empty">Waiting for the host…</section>;

  return (
    <section className="card" aria-labelledby="metrics-title">
      <div className="card-head">
        <h2 id="metrics-title">All metrics</h2>
        <span className="hint">
          {q ? `${count} of ${registry.length}` : registry.length} metrics · rates per second over the last sample
        </span>
        <input
          type="search"
          className="metrics-search"
          placeholder="Search names and descriptions"
          aria-label="Search metrics"
          data-testid="metrics-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="metrics-sort">
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} aria-label="Sort metrics by">
            {SORTS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="metrics" data-testid="metrics-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Kind</th>
            <th className="num">Value</th>
            <th className="num">Rate</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {count === 0 && (
            <tr>
              <td colSpan={5} className="na" data-testid="metrics-no-match">
                No metric’s name or description has “{query.trim()}”.
              </td>
            </tr>
          )}
          {shown.map((g) => (
            <Fragment key={g.category}>
              {sort === 'group' && (
                <tr className="group">
                  <th colSpan={5} scope="colgroup">
                    {CATEGORY_TITLES[g.category] ?? g.category}
                    {g.category === 'diagnostics' && !diagnostics && <span className="tag">off</span>}
                  </th>
                </tr>
              )}
              {g.rows.map(({ entry, index }) => {
                const reason = notReported[index];
                const diagOff = entry.diagnostic === true && !diagnostics;
                const v = snap?.values[index];
                const r = snap?.rates[index];
                return (
                  <tr
                    key={entry.name}
                    data-metric={entry.name}
                    className={entry.deprecated ? 'deprecated' : undefined}
                    title={entry.description}
                  >
                    <td className="name">
                      {entry.name}
                      {entry.deprecated && <span className="tag">deprecated</span>}
                    </td>
                    <td className="kind">{entry.kind}</td>
                    {reason !== undefined ? (
                      <td colSpan={2} className="na" title={reason} data-testid="not-reported">
                        not reported by this source
                      </td>
                    ) : diagOff ? (
                      <td colSpan={2} className="na" data-testid="diag-off">
                        diagnostics off
                      </td>
                    ) : (
                      <>
                        <td className="num" data-testid="value">
                          {v === undefined ? '—' : formatValue(v, entry.unit)}
                        </td>
                        <td className="num rate">
                          {entry.kind === 'counter' && r !== undefined ? formatRate(r, entry.unit) : ''}
                        </td>
                      </>
                    )}
                    <td className="desc">{entry.description}</td>
                  </tr>
                );
              })}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
