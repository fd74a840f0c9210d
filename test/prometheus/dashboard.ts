import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** docs/prometheus/: the scrape config, rules and Grafana dashboard shipped in the repo. */
export const DOCS = fileURLToPath(new URL('../../docs/prometheus/', import.meta.url));

/** Every PromQL expression of the dashboard, with Grafana's variables filled in for a real server. */
export function dashboardQueries(instance = '.+'): { title: string; expr: string }[] {
  const d = JSON.parse(readFileSync(`${DOCS}grafana-dashboard.json`, 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  return d.panels.flatMap((p) =>
    p.targets.map((t) => ({
      title: p.title,
      expr: t.expr.replaceAll('$instance', instance).replaceAll('$__rate_interval', '1m').replaceAll('$__range', '1h'),
    })),
  );
}
