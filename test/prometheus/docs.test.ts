import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { prometheusName } from '../../src/shared/prometheus';
import { builtinRegistry } from '../../src/shared/registry';
import { hasPromtool, PROMTOOL } from '../helpers/promtool';
import { DOCS, dashboardQueries } from './dashboard';

/*
 * The scrape config and rules in docs/prometheus/ pass promtool, and the Grafana dashboard asks
 * only for names our /metrics exports (its queries run on a real server in paging.test.ts).
 */

// A missing tool fails here rather than skipping: .ci/run installs Debian's prometheus.
const d = describe;
if (!hasPromtool) throw new Error("Debian's prometheus is needed (apt-get install prometheus; .ci/run installs it)");

d('docs/prometheus', () => {
  it.each([
    ['config', 'prometheus.yml'],
    ['rules', 'tidegauge-rules.yml'],
  ])('promtool check %s %s passes', (what, file) => {
    const r = spawnSync(PROMTOOL, ['check', what, file], { cwd: DOCS, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toMatch(/SUCCESS/);
    expect(r.status).toBe(0);
  });

  it('the dashboard names only metrics our exposition has', () => {
    const ours = new Set(builtinRegistry().map((e) => prometheusName(e)));
    const used = new Set(dashboardQueries().flatMap((q) => q.expr.match(/tidegauge_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((n) => !ours.has(n))).toEqual([]);
  });
});
