import { Fragment, useMemo } from 'react';
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
  const groups = useMemo(() => {
    const out: Group[] = [];
    registry.forEach((entry, index) => {
      const category = entry.category ?? 'other';
      let g = out.find((x) => x.category === category);
      if (!g) {
        g = { category, rows: [] };
        out.push(g);
      }
      g.rows.push({ entry, index });
    });
    return out;
  }, [registry]);
  const snap = sample;

  if (!registry.length) return <section className="card empty">Waiting for the host…</section>;

  return (
    <section className="card" aria-labelledby="metrics-title">
      <div className="card-head">
        <h2 id="metrics-title">All metrics</h2>
        <span className="hint">{registry.length} metrics · rates per second over the last sample</span>
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
