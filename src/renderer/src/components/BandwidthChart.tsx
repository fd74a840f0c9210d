import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../../../shared/format';
import type { StreamView } from '../store';

const WINDOW_MS = 5 * 60 * 1000;

const SERIES = [
  { key: 'down', name: 'net.bytes_recv', label: 'Download', color: 'var(--series-1)' },
  { key: 'up', name: 'net.bytes_sent', label: 'Upload', color: 'var(--series-2)' },
  { key: 'pdown', name: 'bw.payload_download_rate', label: 'Payload down', color: 'var(--series-3)' },
  { key: 'pup', name: 'bw.payload_upload_rate', label: 'Payload up', color: 'var(--series-4)' },
] as const;

function clock(t: number): string {
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false });
}

export function BandwidthChart({ view }: { view: StreamView }) {
  const notReported = view.host?.notReported ?? {};
  const series = useMemo(() => {
    const idx = new Map(view.registry.map((e, i) => [e.name, i]));
    return SERIES.flatMap((s) => {
      const i = idx.get(s.name);
      return i === undefined || i in notReported ? [] : [{ ...s, index: i }];
    });
  }, [view.registry, notReported]);

  const latestT = view.latest?.t ?? 0;
  const data = useMemo(() => {
    const from = latestT - WINDOW_MS;
    return view.history
      .filter((s) => s.t >= from)
      .map((s) => {
        const row: Record<string, number> = { t: s.t };
        for (const se of series) row[se.key] = s.rates[se.index] as number;
        return row;
      });
  }, [view.history, series, latestT]);

  return (
    <section className="card" aria-labelledby="bw-title">
      <div className="card-head">
        <h2 id="bw-title">Bandwidth</h2>
        <span className="hint">last 5 min · bytes per second</span>
      </div>
      {series.length === 0 ? (
        <div className="empty">This source reports no bandwidth metrics.</div>
      ) : data.length < 2 ? (
        <div className="empty">Waiting for samples…</div>
      ) : (
        <div className="chart" data-testid="bandwidth-chart">
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={clock}
                stroke="var(--muted)"
                fontSize={11}
                minTickGap={40}
              />
              <YAxis
                tickFormatter={(v: number) => `${formatBytes(v, 0)}/s`}
                stroke="var(--muted)"
                fontSize={11}
                width={80}
              />
              <Tooltip
                labelFormatter={(t) => clock(Number(t))}
                formatter={(v) => `${formatBytes(Number(v))}/s`}
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  dot={false}
                  strokeWidth={1.6}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
