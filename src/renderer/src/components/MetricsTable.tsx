import { Fragment, useMemo } from 'react';
import { formatRate, formatValue } from '../../../shared/format';
import type { RegistryEntry } from '../../../shared/registry-types';
import { useDashboard } from '../context';
import { useScheduledTick } from '../hooks/useScheduledTick';
import type { StreamView } from '../store';

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

interface Group {
  category: string;
  rows: { entry: RegistryEntry; index: number }[];
}

export function MetricsTable({ view, diagnostics }: { view: StreamView; diagnostics: boolean }) {
  const groups = useMemo(() => {
    const out: Group[] = [];
    view.registry.forEach((entry, index) => {
      const category = entry.category ?? 'other';
      let g = out.find((x) => x.category === category);
      if (!g) {
        g = { category, rows: [] };
        out.push(g);
      }
      g.rows.push({ entry, index });
    });
    return out;
  }, [view.registry]);

  const { store, scheduler } = useDashboard();
  useScheduledTick(scheduler);
  const notReported = view.host?.notReported ?? {};
  const snap = store.latest;

  if (!view.registry.length) return <section className="card empty">Waiting for the host…</section>;

  return (
    <section className="card" aria-labelledby="metrics-title">
      <div className="card-head">
        <h2 id="metrics-title">All metrics</h2>
        <span className="hint">{view.registry.length} metrics · rates per second over the last sample</span>
      </div>
      <table className="metrics" data-testid="metrics-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Kind</th>
            <th className="num">Value</th>
            <th className="num">Rate</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <Fragment key={g.category}>
              <tr className="group">
                <th colSpan={4} scope="colgroup">
                  {CATEGORY_TITLES[g.category] ?? g.category}
                  {g.category === 'diagnostics' && !diagnostics && <span className="tag">off</span>}
                </th>
              </tr>
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
